import type { NodeSDK } from '@opentelemetry/sdk-node';
import { ConfigError, tracingSettings } from '../config';
// The process logger alone (pino): nothing the instrumentations patch is loaded before the SDK.
import { nameProcess, processLogger } from '../logging/process-logger';

let sdk: NodeSDK | undefined;

/**
 * Starts the OpenTelemetry SDK when tracing is configured (README "Tracing"). Each service's
 * main.ts imports the file that calls this before anything else: the instrumentations patch http,
 * Fastify, Nest, pg and kafkajs as they are loaded, so they must be registered first.
 */
export function startTracing(service: string, env: NodeJS.ProcessEnv = process.env): void {
  let settings;
  try {
    settings = tracingSettings(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    nameProcess(service);
    processLogger.error({ context: 'start', msg: `refusing to start: ${error.message}` });
    process.exit(1);
  }
  if (!settings.enabled) return;
  // Loaded only here: a process that exports no traces never loads the SDK, so it costs nothing.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { tracingSdk } = require('./tracing-sdk') as typeof import('./tracing-sdk');
  sdk = tracingSdk(service, settings);
  sdk.start();
}

export const tracingStarted = (): boolean => sdk !== undefined;

/** Exports the spans still buffered and stops (a graceful stop's last step). */
export async function stopTracing(): Promise<void> {
  const stopping = sdk;
  sdk = undefined;
  await stopping?.shutdown().catch(() => undefined);
}
