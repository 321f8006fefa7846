import { Kafka, logLevel } from 'kafkajs';
import { AppConfig } from '../config';

export function createKafka(config: AppConfig): Kafka {
  return new Kafka({
    clientId: config.kafkaClientId,
    brokers: config.kafkaBrokers,
    logLevel: logLevel.ERROR,
    retry: { initialRetryTime: 100, retries: 8 },
  });
}
