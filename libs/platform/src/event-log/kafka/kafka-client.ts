import { Kafka, LogEntry, logLevel } from 'kafkajs';
import { AppConfig } from '../../config';
import { componentLogger } from '../../logging/component-logger';

export type KafkaLineLevel = 'info' | 'warn' | 'error';

/** Why a kafkajs line that looks alarming is expected, told next to it. */
export const KAFKA_NOTES = {
  idempotentRetries:
    'expected: the producer retries a bounded number of times so a call can answer within its deadline; an append that still fails is retried from the outbox, and consumers skip repeats by event id',
  raceToCreate: 'expected: another service created the topics first; nothing to do',
  errorResponse: 'kafkajs logs every error response; it retries retriable ones, and what still fails reaches the caller, which logs it',
} as const;

/**
 * The level a kafkajs line is logged at, and a note where it is expected. kafkajs logs each error
 * response of the broker at error level, including those it retries on its own (a partition
 * leader still being elected after topics are created, topics another service created first).
 */
export function kafkaLineLevel(
  namespace: string,
  level: logLevel,
  message: string,
  error?: unknown,
): { level: KafkaLineLevel; note?: string } {
  if (message.startsWith('Limiting retries for the idempotent producer')) return { level: 'info', note: KAFKA_NOTES.idempotentRetries };
  if (namespace === 'Connection' && message.startsWith('Response ')) {
    if (message.startsWith('Response CreateTopics') && error === 'Topic creation errors')
      return { level: 'info', note: KAFKA_NOTES.raceToCreate };
    return { level: 'warn', note: KAFKA_NOTES.errorResponse };
  }
  return { level: level === logLevel.ERROR ? 'error' : 'warn' };
}

/** kafkajs's own log lines, as JSON lines of the service's logger. */
function kafkaLogCreator() {
  const logger = componentLogger('kafka');
  return () =>
    ({ namespace, level, log }: LogEntry) => {
      const { message, timestamp: _timestamp, logger: _logger, ...fields } = log;
      const { level: lineLevel, note } = kafkaLineLevel(namespace, level, message, fields.error);
      const line = { msg: message, kafka: namespace, ...fields, ...(note ? { note } : {}) };
      if (lineLevel === 'error') logger.error(line);
      else if (lineLevel === 'warn') logger.warn(line);
      else logger.info(line);
    };
}

export function createKafka(config: AppConfig): Kafka {
  return new Kafka({
    clientId: config.kafkaClientId,
    brokers: config.kafkaBrokers,
    logLevel: logLevel.WARN,
    logCreator: kafkaLogCreator(),
    retry: { initialRetryTime: 100, retries: 8 },
  });
}
