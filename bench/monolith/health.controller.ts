import { Controller, Get, UseFilters } from '@nestjs/common';
import { HealthCheck, HealthCheckService } from '@nestjs/terminus';
import { DatabaseHealthIndicator, HealthCheckFailedFilter, PROBE_TIMEOUT_MS } from '@app/platform';

/** Readiness of the monolith: Postgres answers (it has no Kafka to check), the same indicator as the services'. */
@Controller('health')
@UseFilters(HealthCheckFailedFilter)
export class MonolithHealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: DatabaseHealthIndicator,
  ) {}

  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check([() => this.database.check(PROBE_TIMEOUT_MS)]);
  }
}
