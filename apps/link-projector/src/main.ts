import './tracing';
import 'reflect-metadata';
import { runService } from '@app/platform';
import { LinkProjectorModule, PROJECTOR_DEFAULT_PORT } from './link-projector.module';

runService('link-projector', LinkProjectorModule, PROJECTOR_DEFAULT_PORT);
