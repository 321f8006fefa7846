import { DynamicModule, Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import { AppConfig, loadConfig } from './config';
import { createDataSource, migrate } from './database/data-source';
import { EventPublisher } from './kafka/event-publisher';
import { createKafka } from './kafka/kafka-client';
import { ensureTopics } from './kafka/topics';
import { HealthController } from './health.controller';
import { CONFIG, KAFKA } from './kafka/kafka-tokens';
import { MetricsController } from './metrics';

export { CONFIG, KAFKA };

/** Closes what the core opened, after the services' own shutdown hooks (consumers first). */
@Injectable()
class CoreShutdown implements OnApplicationShutdown {
  constructor(
    private readonly dataSource: DataSource,
    private readonly publisher: EventPublisher,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.publisher.disconnect().catch(() => undefined);
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}

/** Config, Postgres (migrated), Kafka (topics ensured) and a connected event publisher. */
@Global()
@Module({})
export class ServiceCoreModule {
  static forService(service: string, defaultPort: number): DynamicModule {
    return {
      module: ServiceCoreModule,
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: CONFIG, useValue: loadConfig(service, defaultPort) },
        {
          provide: DataSource,
          inject: [CONFIG],
          useFactory: async (config: AppConfig) => {
            const dataSource = await createDataSource(config.databaseUrl).initialize();
            if (process.env.MIGRATE_ON_START !== 'false') await migrate(dataSource);
            return dataSource;
          },
        },
        {
          provide: KAFKA,
          inject: [CONFIG],
          useFactory: async (config: AppConfig) => {
            const kafka = createKafka(config);
            await ensureTopics(kafka, config);
            return kafka;
          },
        },
        {
          provide: EventPublisher,
          inject: [KAFKA],
          useFactory: async (kafka: Kafka) => {
            const publisher = new EventPublisher(kafka);
            await publisher.connect();
            return publisher;
          },
        },
        CoreShutdown,
      ],
      exports: [CONFIG, DataSource, KAFKA, EventPublisher],
    };
  }
}

export const InjectConfig = () => Inject(CONFIG);
export const InjectKafka = () => Inject(KAFKA);
