import { Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { DataSource } from 'typeorm';
import { probe } from './health-probe';

/** Terminus indicator `postgres`: the database answers a query within the probe's time. */
@Injectable()
export class DatabaseHealthIndicator {
  constructor(
    private readonly dataSource: DataSource,
    private readonly indicators: HealthIndicatorService,
  ) {}

  check(timeoutMs: number): Promise<HealthIndicatorResult<'postgres'>> {
    return probe(this.indicators, 'postgres', () => this.dataSource.query('SELECT 1'), timeoutMs);
  }
}
