import { INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from './config';
import { JsonLogger } from './json-logger';
import { RpcExceptionFilter } from './rpc-exception.filter';

/** Boots a service: JSON logs, graceful SIGTERM (finish the batch, commit, disconnect), listen. */
export function runService(service: string, module: Type<unknown>, defaultPort: number): void {
  bootstrapService(service, module, defaultPort).catch((error: unknown) => {
    new JsonLogger(service).error({ msg: 'failed to start', error: String(error) });
    process.exit(1);
  });
}

export async function bootstrapService(service: string, module: Type<unknown>, defaultPort: number): Promise<INestApplication> {
  const logger = new JsonLogger(service);
  const app = await NestFactory.create(module, { logger, bodyParser: false });
  app.enableShutdownHooks();
  app.useGlobalFilters(new RpcExceptionFilter());
  const config = loadConfig(service, defaultPort);
  await app.listen(config.port, config.host);
  logger.log({ msg: 'listening', url: await app.getUrl() });
  return app;
}
