import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** Liveness says the process answers; readiness that Postgres answers (Kafka is checked at boot). */
@Controller('health')
export class HealthController {
  constructor(private readonly dataSource: DataSource) {}

  @Get('live')
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  async ready() {
    try {
      await this.dataSource.query('SELECT 1');
      return { status: 'ok', postgres: 'up' };
    } catch {
      throw new ServiceUnavailableException({ status: 'error', postgres: 'down' });
    }
  }
}
