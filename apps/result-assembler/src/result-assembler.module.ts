import { Module } from '@nestjs/common';
import { ServiceCoreModule, UserDirectory } from '@app/platform';
import { ResultAssemblyController } from './result-assembly.controller';
import { ResultAssemblyHandler } from './result-assembly.handler';

export const ASSEMBLER_DEFAULT_PORT = 3002;

/** The assembler's consumer, on whatever core (database, event log) the process provides. */
@Module({ controllers: [ResultAssemblyController], providers: [UserDirectory, ResultAssemblyHandler] })
export class ResultAssemblyModule {}

/** The result-assembler service on its own. */
@Module({ imports: [ServiceCoreModule.forService('result-assembler', ASSEMBLER_DEFAULT_PORT), ResultAssemblyModule] })
export class ResultAssemblerModule {}
