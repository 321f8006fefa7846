import './tracing';
import 'reflect-metadata';
import { runService } from '@app/platform';
import { ASSEMBLER_DEFAULT_PORT, ResultAssemblerModule } from './result-assembler.module';

runService('result-assembler', ResultAssemblerModule, ASSEMBLER_DEFAULT_PORT);
