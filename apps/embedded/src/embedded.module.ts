import { Module } from '@nestjs/common';
import { ServiceCoreModule, embeddedInfrastructure } from '@app/platform';
import { GATEWAY_DEFAULT_PORT, GatewayApiModule } from '../../message-gateway/src/gateway.module';
import { LinkProjectionModule } from '../../link-projector/src/link-projector.module';
import { ResultAssemblyModule } from '../../result-assembler/src/result-assembler.module';
import { EMBEDDED_SERVICE } from './embedded-service';

export const EMBEDDED_DEFAULT_PORT = GATEWAY_DEFAULT_PORT;

/** The three services' modules in one process, on its own database (a PostgreSQL server or PGlite) and the table event log. */
@Module({
  imports: [
    ServiceCoreModule.forService(EMBEDDED_SERVICE, EMBEDDED_DEFAULT_PORT, embeddedInfrastructure()),
    GatewayApiModule,
    LinkProjectionModule,
    ResultAssemblyModule,
  ],
})
export class EmbeddedModule {}
