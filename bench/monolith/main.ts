import 'reflect-metadata';
import { runService } from '@app/platform';
import { MONOLITH_DEFAULT_PORT, MonolithModule } from './monolith.module';

runService('monolith', MonolithModule, MONOLITH_DEFAULT_PORT);
