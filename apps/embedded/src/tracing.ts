import { startTracing } from '@app/platform/tracing';
import { EMBEDDED_SERVICE } from './embedded-service';

// main.ts's first import: the SDK is registered before the libraries it instruments are loaded.
startTracing(EMBEDDED_SERVICE);
