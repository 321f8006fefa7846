import { DynamicModule, Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { DataSource } from 'typeorm';
import { AppConfig, loadConfig } from './config';
import { DatabaseHealthIndicator } from './database-health.indicator';
import { EventLog } from './event-log/event-log';
import { EventPublisher } from './event-log/event-publisher';
import { CONFIG, EVENT_LOG } from './event-log/tokens';
import { EventLogHealthIndicator } from './event-log-health.indicator';
import { HealthController } from './health.controller';
import { DISTRIBUTED, Infrastructure } from './infrastructure';
import { MetricsServer } from './metrics-server';
import { stopTracing } from './tracing/start-tracing';

export { CONFIG, EVENT_LOG };
export const INFRASTRUCTURE = Symbol('INFRASTRUCTURE');

/** Closes what the core opened, after the services' own shutdown hooks (consumers first), and flushes the traces. */
@Injectable()
class CoreShutdown implements OnApplicationShutdown {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(EVENT_LOG) private readonly log: EventLog,
    @Inject(INFRASTRUCTURE) private readonly infrastructure: Infrastructure,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.log.close().catch(() => undefined);
    await this.infrastructure.close(this.dataSource);
    // Last: the spans of the stop itself (the final batches, their commits) go out too.
    await stopTracing();
  }
}

/** Terminus writes a failed check as one JSON error line through the service's logger. */
export const healthModule = TerminusModule.forRoot({ errorLogStyle: 'json' });

/** Config, health, the database (migrated), the event log (topics ensured) and an event publisher. */
@Global()
@Module({})
export class ServiceCoreModule {
  static forService(service: string, defaultPort: number, infrastructure: Infrastructure = DISTRIBUTED): DynamicModule {
    return {
      module: ServiceCoreModule,
      imports: [healthModule],
      controllers: [HealthController],
      providers: [
        { provide: CONFIG, useFactory: () => loadConfig(service, defaultPort) },
        MetricsServer,
        { provide: INFRASTRUCTURE, useValue: infrastructure },
        { provide: DataSource, inject: [CONFIG], useFactory: (config: AppConfig) => infrastructure.dataSource(config) },
        {
          provide: EVENT_LOG,
          inject: [CONFIG, DataSource],
          useFactory: (config: AppConfig, dataSource: DataSource) => infrastructure.eventLog(config, dataSource),
        },
        { provide: EventPublisher, inject: [EVENT_LOG], useFactory: (log: EventLog) => new EventPublisher(log) },
        DatabaseHealthIndicator,
        EventLogHealthIndicator,
        CoreShutdown,
      ],
      exports: [CONFIG, INFRASTRUCTURE, DataSource, EVENT_LOG, EventPublisher, MetricsServer],
    };
  }
}

export const InjectConfig = () => Inject(CONFIG);
