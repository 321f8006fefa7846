import './tracing';
import 'reflect-metadata';
import { runService } from '@app/platform';
import { GATEWAY_DEFAULT_PORT, GatewayModule } from './gateway.module';

runService('message-gateway', GatewayModule, GATEWAY_DEFAULT_PORT);
