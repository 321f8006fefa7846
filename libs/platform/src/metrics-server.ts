import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Server, createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { register } from 'prom-client';
import { AppConfig } from './config';
import { CONFIG } from './event-log/tokens';

/**
 * Prometheus `GET /metrics` on a port of its own (METRICS_PORT), so the API's port serves only the
 * API and health: scrapes stay inside the cluster, and a client can never read them.
 */
@Injectable()
export class MetricsServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private server?: Server;

  constructor(@Inject(CONFIG) private readonly config: AppConfig) {}

  /** Where the metrics are served, once the server listens. */
  get url(): string {
    const { port } = this.server!.address() as AddressInfo;
    return `http://${this.config.host}:${port}/metrics`;
  }

  async onApplicationBootstrap(): Promise<void> {
    const server = createServer((req, res) => {
      if (req.method !== 'GET' || req.url?.split('?')[0] !== '/metrics') {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('only GET /metrics here\n');
        return;
      }
      register.metrics().then(
        (text) => res.writeHead(200, { 'content-type': register.contentType }).end(text),
        () => res.writeHead(500, { 'content-type': 'text/plain' }).end('metrics unavailable\n'),
      );
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.config.metricsPort, this.config.host, () => resolve());
    });
    server.unref();
    this.server = server;
  }

  async onApplicationShutdown(): Promise<void> {
    await new Promise((resolve) => (this.server ? this.server.close(resolve) : resolve(undefined)));
  }
}
