import { Controller, Get, Inject, OnApplicationShutdown, Res } from '@nestjs/common';
import { Response } from 'express';
import { Admin, Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import { KAFKA } from './kafka/kafka-tokens';

const PROBE_TIMEOUT_MS = 2_000;

function withTimeout<T>(work: Promise<T>): Promise<T> {
  return Promise.race([work, new Promise<T>((_, reject) => setTimeout(() => reject(new Error('timeout')), PROBE_TIMEOUT_MS).unref())]);
}

/** Liveness: the process answers. Readiness: Postgres answers a query and the Kafka cluster is reachable. */
@Controller('health')
export class HealthController implements OnApplicationShutdown {
  private admin?: Admin;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(KAFKA) private readonly kafka: Kafka,
  ) {}

  @Get('live')
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  async ready(@Res({ passthrough: true }) res: Response) {
    const [postgres, kafka] = await Promise.all([this.check(() => this.dataSource.query('SELECT 1')), this.check(() => this.describeCluster())]);
    const report = { status: postgres && kafka ? 'ok' : 'error', postgres: postgres ? 'up' : 'down', kafka: kafka ? 'up' : 'down' };
    if (report.status !== 'ok') res.status(503);
    return report;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.admin?.disconnect().catch(() => undefined);
  }

  private async describeCluster(): Promise<unknown> {
    if (!this.admin) {
      this.admin = this.kafka.admin();
      await this.admin.connect();
    }
    return this.admin.describeCluster();
  }

  private async check(probe: () => Promise<unknown>): Promise<boolean> {
    try {
      await withTimeout(probe());
      return true;
    } catch {
      return false;
    }
  }
}
