import { Module } from '@nestjs/common';
import { ServiceCoreModule, UserDirectory, consumerHostProvider } from '@app/platform';
import { ResultAssemblyHandler } from './result-assembly.handler';

export const ASSEMBLER_DEFAULT_PORT = 3002;
export const ASSEMBLER_GROUP = 'result-assembler';

/** The assembler's consumer, on whatever core (database, event log) the process provides. */
@Module({
  providers: [
    UserDirectory,
    ResultAssemblyHandler,
    consumerHostProvider(ASSEMBLER_GROUP, (config) => config.topics.linkChanged, ResultAssemblyHandler),
  ],
})
export class ResultAssemblyModule {}

/** The result-assembler service on its own. */
@Module({ imports: [ServiceCoreModule.forService(ASSEMBLER_GROUP, ASSEMBLER_DEFAULT_PORT), ResultAssemblyModule] })
export class ResultAssemblerModule {}
