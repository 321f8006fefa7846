import { BeforeApplicationShutdown, OnApplicationBootstrap, Provider, Type } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config';
import { JsonLogger } from '../json-logger';
import { EventLog } from './event-log';
import { CONFIG, EVENT_LOG } from './tokens';
import { BatchHandler, LedgerConsumer } from './ledger-consumer';

/** Starts a ledger consumer with the app and stops it (finishing its batch) before the core closes. */
export class ConsumerHost implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(readonly consumer: LedgerConsumer) {}

  onApplicationBootstrap(): Promise<void> {
    return this.consumer.start();
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.consumer.stop();
  }
}

/**
 * A Nest provider for a batch consumer that the service owns itself: Nest's Kafka transport runs
 * handlers per message, has no transactions and knows no other log, so batch consumers live inside a provider.
 */
export function consumerHostProvider(group: string, topicOf: (config: AppConfig) => string, handler: Type<BatchHandler>): Provider {
  return {
    provide: ConsumerHost,
    inject: [EVENT_LOG, DataSource, CONFIG, handler],
    useFactory: (log: EventLog, dataSource: DataSource, config: AppConfig, instance: BatchHandler) => {
      const logger = new JsonLogger(group);
      return new ConsumerHost(
        new LedgerConsumer(log, dataSource, config, {
          name: group,
          topic: topicOf(config),
          handler: instance,
          onDeadLetter: (reason) => logger.warn({ msg: 'event dead-lettered', reason }),
        }),
      );
    },
  };
}
