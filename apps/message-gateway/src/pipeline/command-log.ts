import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainEvent, eventKey } from '@app/events';
import { AppConfig, CONFIG, EventPublisher } from '@app/platform';
import { eventLogUnavailable, resultTimeout } from '../rpc/rpc-error';
import { Notifications } from './notifications';

/** The projector's ledger name: an event is applied once its id is there. */
const PROJECTOR = 'link-projector';

/**
 * Writes command events to the log and answers only when they are durable and applied, so a
 * caller reads its own writes (e.g. getContacts right after importContacts).
 */
@Injectable()
export class CommandLog {
  constructor(
    private readonly publisher: EventPublisher,
    private readonly dataSource: DataSource,
    private readonly notifications: Notifications,
    @Inject(CONFIG) private readonly config: AppConfig,
  ) {}

  async publish(events: readonly DomainEvent[]): Promise<void> {
    try {
      await this.publisher.publish(events.map((event) => ({ topic: this.config.topics.events, key: eventKey(event), event })));
    } catch {
      throw eventLogUnavailable();
    }
  }

  async publishAndAwaitApplied(events: readonly DomainEvent[]): Promise<void> {
    await this.publish(events);
    const deadline = Date.now() + this.config.sendTimeoutMs;
    for (const event of events) {
      const applied = await this.notifications.waitFor('events_applied', event.event_id, deadline, async () => {
        const rows = await this.dataSource.query(`SELECT 1 FROM processed_events WHERE consumer = $1 AND event_id = $2`, [PROJECTOR, event.event_id]);
        return rows.length > 0 ? true : undefined;
      });
      if (!applied) throw resultTimeout();
    }
  }
}
