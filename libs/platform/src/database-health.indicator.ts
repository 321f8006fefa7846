import { Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { DataSource } from 'typeorm';

/** Terminus indicator `postgres`: the database answers a query within the probe's time. */
@Injectable()
export class DatabaseHealthIndicator {
  constructor(
    private readonly dataSource: DataSource,
    private readonly indicators: HealthIndicatorService,
  ) {}

  check(timeoutMs: number): PromiseLike<HealthIndicatorResult<'postgres'>> {
    return this.indicators
      .check('postgres')
      .attempt(async () => void (await this.dataSource.query('SELECT 1')))
      .withTimeout(timeoutMs);
  }
}
