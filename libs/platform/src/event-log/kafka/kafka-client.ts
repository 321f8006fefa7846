import { Kafka, LogEntry, logLevel } from 'kafkajs';
import { AppConfig } from '../../config';
import { JsonLogger } from '../../json-logger';

/** kafkajs's own log lines, as JSON lines of the service's logger. */
function kafkaLogCreator(service: string) {
  const logger = new JsonLogger(service);
  return () =>
    ({ namespace, level, log }: LogEntry) => {
      const { message, timestamp: _timestamp, logger: _logger, ...fields } = log;
      const line = { msg: message, kafka: namespace, ...fields };
      if (level === logLevel.ERROR) logger.error(line);
      else logger.warn(line);
    };
}

export function createKafka(config: AppConfig): Kafka {
  return new Kafka({
    clientId: config.kafkaClientId,
    brokers: config.kafkaBrokers,
    logLevel: logLevel.WARN,
    logCreator: kafkaLogCreator(config.kafkaClientId),
    retry: { initialRetryTime: 100, retries: 8 },
  });
}
