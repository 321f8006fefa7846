import { Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig, CONFIG, UserDirectory, createDataSource, loadConfig, migrate } from '@app/platform';
import { Peers } from '../../apps/message-gateway/src/pipeline/peers';
import { Sessions } from '../../apps/message-gateway/src/pipeline/sessions';
import { RPC_METHODS } from '../../apps/message-gateway/src/rpc/rpc-method';
import { RpcController } from '../../apps/message-gateway/src/rpc/rpc.controller';
import { MonolithHealthController } from './health.controller';
import { MonolithImportContacts } from './import-contacts';
import { MonolithSendMessage } from './send-message';
import { MonolithSignUp } from './sign-up';

export const MONOLITH_DEFAULT_PORT = 3100;

const METHODS = [MonolithSignUp, MonolithImportContacts, MonolithSendMessage];

@Injectable()
class CloseDatabase implements OnApplicationShutdown {
  constructor(private readonly dataSource: DataSource) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}

/**
 * The baseline a user would pick instead of the pipeline: one process, no Kafka, every call one
 * Postgres transaction. It shares everything but the architecture with the services: the gateway's
 * HTTP controller (parsing, auth, validation, errors, metrics), its peer resolution and sessions,
 * the domain core, the migrations (same tables and indexes), the pool size and the assembler's
 * mailbox writes.
 */
@Module({
  controllers: [RpcController, MonolithHealthController],
  providers: [
    { provide: CONFIG, useValue: loadConfig('monolith', MONOLITH_DEFAULT_PORT) },
    {
      provide: DataSource,
      inject: [CONFIG],
      useFactory: async (config: AppConfig) => {
        const dataSource = await createDataSource(config.databaseUrl).initialize();
        await migrate(dataSource);
        return dataSource;
      },
    },
    CloseDatabase,
    UserDirectory,
    Sessions,
    Peers,
    ...METHODS,
    { provide: RPC_METHODS, inject: METHODS, useFactory: (...methods: unknown[]) => methods },
  ],
})
export class MonolithModule {}
