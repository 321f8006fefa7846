import { INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { AppConfig, ConfigError, developmentSettings, loadConfig } from './config';
import { EventLogTransport } from './event-log/consumer/event-log.transport';
import { EventLog } from './event-log/event-log';
import { EVENT_LOG } from './event-log/tokens';
import { httpAdapter } from './http/http-adapter';
import { componentLogger } from './logging/component-logger';
import { nameProcess } from './logging/process-logger';
import { ServiceLogger } from './logging/service-logger';
import { MetricsServer } from './metrics-server';
import { RpcExceptionFilter } from './rpc-exception.filter';
import { StartupError } from './startup/startup-error';

/** What the line logged once the service listens says besides its URLs (the embedded mode names its folder). */
export type ReadyLine = (url: string) => { msg: string } & Record<string, unknown>;

/** Lines about the start as a whole: listening, or why not. */
const startLogger = componentLogger('start');

/** Boots a service: pino logs, graceful SIGTERM (finish the batch, commit, disconnect), listen. */
export function runService(service: string, module: Type<unknown>, defaultPort: number, ready?: ReadyLine): void {
  bootstrapService(service, module, defaultPort, ready).catch((error: unknown) => {
    if (error instanceof ConfigError) startLogger.error({ msg: `refusing to start: ${error.message}` });
    else if (error instanceof StartupError) startLogger.error({ msg: `cannot start: ${error.message}` });
    else startLogger.error({ msg: 'failed to start', err: error });
    process.exit(1);
  });
}

/** A port another process holds, named by the setting that moves it. */
function portInUse(error: unknown, config: AppConfig): StartupError | undefined {
  const e = error as NodeJS.ErrnoException & { port?: number; address?: string };
  if (e?.code !== 'EADDRINUSE') return undefined;
  const setting = e.port === config.metricsPort && e.port !== config.port ? 'METRICS_PORT' : 'PORT';
  return new StartupError(
    `port ${e.port} on ${e.address ?? config.host} (${setting}) is in use: another contact-links process or another program listens there; stop it, or set ${setting} to a free port`,
  );
}

/** The configuration, or a ConfigError naming every development setting production refuses. */
export function serviceConfig(service: string, defaultPort: number): AppConfig {
  const config = loadConfig(service, defaultPort);
  const problems = config.production ? developmentSettings(config) : [];
  if (problems.length > 0) throw new ConfigError(`NODE_ENV=production refuses development settings: ${problems.join('; ')}`);
  return config;
}

/** A provider the app may lack (the bench's monolith has no event log). */
function optional<T>(app: INestApplication, token: symbol): T | undefined {
  try {
    return app.get<T>(token);
  } catch {
    return undefined;
  }
}

export async function bootstrapService(
  service: string,
  module: Type<unknown>,
  defaultPort: number,
  ready: ReadyLine = (url) => ({ msg: `listening on ${url}` }),
): Promise<INestApplication> {
  nameProcess(service);
  const config = serviceConfig(service, defaultPort);
  // abortOnError off: a failed start rejects here and is logged in one line, instead of Nest aborting the process.
  const app = await NestFactory.create<NestFastifyApplication>(module, httpAdapter(config.auth.trustedProxies), {
    logger: new ServiceLogger(),
    bodyParser: false,
    abortOnError: false,
  });
  app.enableShutdownHooks();
  app.useGlobalFilters(new RpcExceptionFilter());
  try {
    await app.init();
    // The consumers (`@EventPattern` handlers) run as a Nest microservice on the event-log transport
    // (a hybrid app: HTTP for health, metrics and the API). A process without any subscribes to nothing.
    const log = optional<EventLog>(app, EVENT_LOG);
    if (log) app.connectMicroservice({ strategy: new EventLogTransport(log, app.get(DataSource), config) });
    await app.startAllMicroservices();
    await app.listen(config.port, config.host);
  } catch (error) {
    // What opened is closed again (connections, the data folder's lock) before the error is told.
    await app.close().catch(() => undefined);
    throw portInUse(error, config) ?? error;
  }
  const url = await app.getUrl();
  startLogger.info({ ...ready(url), url, metrics: app.get(MetricsServer).url });
  return app;
}
