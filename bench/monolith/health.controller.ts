import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** Readiness of the monolith: Postgres answers (it has no Kafka to check). */
@Controller('health')
export class MonolithHealthController {
  constructor(private readonly dataSource: DataSource) {}

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
