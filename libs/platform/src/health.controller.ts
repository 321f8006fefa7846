import { Controller, Get, Inject, Res } from '@nestjs/common';
import { Response } from 'express';
import { DataSource } from 'typeorm';
import { EventLog } from './event-log/event-log';
import { EVENT_LOG } from './event-log/tokens';
import { metrics } from './metrics';

const PROBE_TIMEOUT_MS = 2_000;

function withTimeout<T>(work: Promise<T>): Promise<T> {
  return Promise.race([work, new Promise<T>((_, reject) => setTimeout(() => reject(new Error('timeout')), PROBE_TIMEOUT_MS).unref())]);
}

/** Liveness: the process answers. Readiness: the database answers a query and the event log is reachable. */
@Controller('health')
export class HealthController {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(EVENT_LOG) private readonly log: EventLog,
  ) {}

  @Get('live')
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  async ready(@Res({ passthrough: true }) res: Response) {
    const [postgres, log] = await Promise.all([this.check(() => this.dataSource.query('SELECT 1')), this.check(() => this.log.probe())]);
    const report = {
      status: postgres && log ? 'ok' : 'error',
      postgres: postgres ? 'up' : 'down',
      [this.log.kind === 'kafka' ? 'kafka' : 'event_log']: log ? 'up' : 'down',
    };
    metrics.ready.set(report.status === 'ok' ? 1 : 0);
    if (report.status !== 'ok') res.status(503);
    return report;
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
