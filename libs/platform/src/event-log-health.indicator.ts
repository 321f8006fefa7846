import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { EventLog } from './event-log/event-log';
import { EVENT_LOG } from './event-log/tokens';
import { probe } from './health-probe';

/** Terminus indicator for the event log, named by what it is: `kafka` (the cluster answers) or `event_log` (the log table does). */
@Injectable()
export class EventLogHealthIndicator {
  constructor(
    @Inject(EVENT_LOG) private readonly log: EventLog,
    private readonly indicators: HealthIndicatorService,
  ) {}

  check(timeoutMs: number): Promise<HealthIndicatorResult> {
    return probe(this.indicators, this.log.kind === 'kafka' ? 'kafka' : 'event_log', () => this.log.probe(), timeoutMs);
  }
}
