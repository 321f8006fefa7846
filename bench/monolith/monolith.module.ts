import { Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  AppConfig,
  CONFIG,
  DISTRIBUTED,
  DatabaseHealthIndicator,
  INFRASTRUCTURE,
  MetricsServer,
  UserDirectory,
  createDataSource,
  healthModule,
  loadConfig,
  migrate,
} from '@app/platform';
import { Notifications } from '../../apps/message-gateway/src/pipeline/notifications';
import { Authorizations } from '../../apps/message-gateway/src/auth/authorization';
import { CODE_SENDER } from '../../apps/message-gateway/src/auth/code-sender';
import { LoginCodes } from '../../apps/message-gateway/src/auth/login-codes';
import { Presence } from '../../apps/message-gateway/src/auth/presence';
import { RateLimits } from '../../apps/message-gateway/src/auth/rate-limits';
import { Sessions } from '../../apps/message-gateway/src/auth/sessions';
import { codeSender } from '../../apps/message-gateway/src/gateway.module';
import { SendCode } from '../../apps/message-gateway/src/methods/auth.send-code';
import { Peers } from '../../apps/message-gateway/src/pipeline/peers';
import { RPC_METHODS } from '../../apps/message-gateway/src/rpc/rpc-method';
import { CALL_ADMISSION } from '../../apps/message-gateway/src/rpc/call-admission';
import { RpcController } from '../../apps/message-gateway/src/rpc/rpc.controller';
import { MonolithHealthController } from './health.controller';
import { MonolithImportContacts } from './import-contacts';
import { MonolithSendMessage } from './send-message';
import { MonolithSignUp } from './sign-up';

export const MONOLITH_DEFAULT_PORT = 3100;

const METHODS = [SendCode, MonolithSignUp, MonolithImportContacts, MonolithSendMessage];

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
 * HTTP controller (parsing, auth, validation, errors, metrics), its login (codes, sessions, rate
 * limits) and peer resolution, the domain core, the migrations (same tables and indexes), the pool
 * size and the assembler's mailbox writes.
 */
@Module({
  imports: [healthModule],
  controllers: [RpcController, MonolithHealthController],
  providers: [
    DatabaseHealthIndicator,
    { provide: CONFIG, useFactory: () => loadConfig('monolith', MONOLITH_DEFAULT_PORT) },
    MetricsServer,
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
    // Sessions hear revocations through the same LISTEN connection as the gateway's.
    { provide: INFRASTRUCTURE, useValue: DISTRIBUTED },
    Notifications,
    Sessions,
    Presence,
    LoginCodes,
    RateLimits,
    Authorizations,
    CALL_ADMISSION,
    { provide: CODE_SENDER, inject: [CONFIG], useFactory: codeSender },
    Peers,
    ...METHODS,
    { provide: RPC_METHODS, inject: METHODS, useFactory: (...methods: unknown[]) => methods },
  ],
})
export class MonolithModule {}
