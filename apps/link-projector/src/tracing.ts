import { startTracing } from '@app/platform/tracing';

// main.ts's first import: the SDK is registered before the libraries it instruments are loaded.
startTracing('link-projector');
