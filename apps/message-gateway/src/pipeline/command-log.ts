import { Inject, Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { CHANNELS, CONSUMERS, DomainEvent, eventKey } from '@app/events';
import { AppConfig, CONFIG, ConsumerLedger, EVENT_LOG, EventLog, EventPublisher, Outbox, OutboxRow } from '@app/platform';
import { DeclaredRpcError, eventLogUnavailable, resultTimeout } from '@app/platform';
import { Notifications } from './notifications';

/** What publishing a command answers with besides the call's deadline (RESULT_TIMEOUT): the log did not take it. */
export const COMMAND_LOG_ERRORS = ['EVENT_LOG_UNAVAILABLE'] as const satisfies readonly DeclaredRpcError[];

/**
 * Writes command events to the log and answers only when they are durable and applied, so a
 * caller reads its own writes (e.g. getContacts right after importContacts). Events that belong
 * to a gateway transaction (sign-up) go through the gateway's outbox instead: written with it,
 * published after its commit, and by the sweeper if this process dies in between.
 */
@Injectable()
export class CommandLog implements OnModuleInit, OnApplicationShutdown {
  private readonly outbox: Outbox;
  /** The projector's ledger: a command's event is applied once its id is there. */
  private readonly projector = new ConsumerLedger(CONSUMERS.projector);

  constructor(
    private readonly publisher: EventPublisher,
    private readonly dataSource: DataSource,
    private readonly notifications: Notifications,
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(EVENT_LOG) log: EventLog,
  ) {
    this.outbox = new Outbox(dataSource, log, 'message-gateway');
  }

  onModuleInit(): void {
    this.outbox.startSweeping({ sweepMs: this.config.outboxSweepMs, retentionMs: this.config.outboxRetentionMs });
  }

  onApplicationShutdown(): void {
    this.outbox.stopSweeping();
  }

  async publish(events: readonly DomainEvent[]): Promise<void> {
    try {
      await this.publisher.publish(events.map((event) => this.addressed(event)));
    } catch {
      throw eventLogUnavailable();
    }
  }

  /** Queues events in the caller's transaction; `publishStaged` them once it committed. */
  stage(db: EntityManager, events: readonly DomainEvent[]): Promise<OutboxRow[]> {
    return this.outbox.insert(
      db,
      events.map((event) => this.addressed(event)),
    );
  }

  /**
   * Publishes committed rows now; if the log cannot take them, the call answers 503 and the
   * sweeper publishes them later (they are committed, so nothing is lost).
   */
  async publishStaged(rows: readonly OutboxRow[]): Promise<void> {
    try {
      await this.outbox.publishRows(rows);
    } catch {
      throw eventLogUnavailable();
    }
  }

  async publishAndAwaitApplied(events: readonly DomainEvent[], deadline: number): Promise<void> {
    const expectations = events.map((event) => ({ event, expectation: this.notifications.expect(CHANNELS.eventsApplied, event.event_id) }));
    try {
      await this.publish(events);
      for (const { event, expectation } of expectations) {
        // The events are new (their ids were made for this call): none is applied before its notification.
        if (!(await expectation.until(deadline, () => this.isApplied(event.event_id), false))) throw resultTimeout();
      }
    } finally {
      expectations.forEach(({ expectation }) => expectation.cancel());
    }
  }

  private async isApplied(eventId: string): Promise<true | undefined> {
    return (await this.projector.has(this.dataSource, eventId)) ? true : undefined;
  }

  private addressed(event: DomainEvent) {
    return { topic: this.config.topics.events, key: eventKey(event), event };
  }
}
