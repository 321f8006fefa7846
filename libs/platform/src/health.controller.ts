import { Controller, Get, UseFilters } from '@nestjs/common';
import { HealthCheck, HealthCheckService } from '@nestjs/terminus';
import { DatabaseHealthIndicator } from './database-health.indicator';
import { EventLogHealthIndicator } from './event-log-health.indicator';
import { HealthCheckFailedFilter } from './health-check-failed.filter';
import { metrics } from './metrics';

/** Each dependency's check gives up after this; the readiness probe waits longer for the answer. */
export const PROBE_TIMEOUT_MS = 2_000;

/**
 * Terminus health routes. Liveness: the process answers. Readiness: the database answers a query
 * and the event log is reachable; 503 otherwise, the body's `error` naming what is down.
 */
@Controller('health')
@UseFilters(HealthCheckFailedFilter)
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: DatabaseHealthIndicator,
    private readonly eventLog: EventLogHealthIndicator,
  ) {}

  @Get('live')
  @HealthCheck()
  live() {
    return this.health.check([]);
  }

  @Get('ready')
  @HealthCheck()
  async ready() {
    // health_ready follows every answer, so alerts see readiness flap between scrapes of the probe.
    try {
      const result = await this.health.check([() => this.database.check(PROBE_TIMEOUT_MS), () => this.eventLog.check(PROBE_TIMEOUT_MS)]);
      metrics.ready.set(1);
      return result;
    } catch (error) {
      metrics.ready.set(0);
      throw error;
    }
  }
}
