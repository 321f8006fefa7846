import { Inject, Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CHANNELS, Channel } from '@app/events';
import { AppConfig, CONFIG, INFRASTRUCTURE, Infrastructure, NotificationListener } from '@app/platform';

type Waiter = () => void;

/** A notification being listened for, until `cancel` (which its owner calls when done, e.g. in a finally). */
export interface Expectation {
  /**
   * Resolves with `check()`'s first defined answer, checking at once unless `checkFirst` is false,
   * then again on each matching notification, or with undefined at the deadline.
   */
  until<T>(deadline: number, check: () => Promise<T | undefined>, checkFirst?: boolean): Promise<T | undefined>;
  cancel(): void;
}

/** Channels the gateway waits on: a command's event applied, a send's result assembled, a feed grown. */
const WATCHED_CHANNELS: readonly Channel[] = Object.values(CHANNELS);

/**
 * One listener (a LISTEN connection) per gateway replica. Postgres delivers each NOTIFY to every listener, so
 * every replica hears every result and wakes only its own waiters: replicas need no routing.
 */
@Injectable()
export class Notifications implements OnModuleInit, OnApplicationShutdown {
  private readonly listener: NotificationListener;
  private readonly waiters = new Map<string, Set<Waiter>>();

  constructor(@Inject(CONFIG) config: AppConfig, @Inject(INFRASTRUCTURE) infrastructure: Infrastructure, dataSource: DataSource) {
    this.listener = infrastructure.notificationListener(config, dataSource);
  }

  async onModuleInit(): Promise<void> {
    await this.listener.listen(WATCHED_CHANNELS, (channel, payload) =>
      this.waiters.get(`${channel}/${payload}`)?.forEach((wake) => wake()),
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.listener.close();
  }

  /** Calls `listener` on every notification for (channel, key) until the returned function is called. */
  subscribe(channel: Channel, key: string, listener: Waiter): () => void {
    const id = `${channel}/${key}`;
    const set = this.waiters.get(id) ?? new Set<Waiter>();
    set.add(listener);
    this.waiters.set(id, set);
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.waiters.get(id) === set) this.waiters.delete(id);
    };
  }

  /**
   * Starts listening to (channel, key) now, so that a notification sent before `until` is called
   * (e.g. while the caller publishes the event that causes it) is not missed.
   */
  expect(channel: Channel, key: string): Expectation {
    let pending = false;
    let wake: Waiter = () => (pending = true);
    const unsubscribe = this.subscribe(channel, key, () => wake());
    const notifiedOrAfter = (ms: number) =>
      new Promise<void>((resolve) => {
        if (pending) {
          pending = false;
          return resolve();
        }
        const done = () => {
          clearTimeout(timer);
          wake = () => (pending = true);
          resolve();
        };
        const timer = setTimeout(done, ms);
        wake = done;
      });
    return {
      cancel: unsubscribe,
      async until<T>(deadline: number, check: () => Promise<T | undefined>, checkFirst = true): Promise<T | undefined> {
        for (let skip = !checkFirst; ; skip = false) {
          const answer = skip ? undefined : await check();
          if (answer !== undefined) return answer;
          const remaining = deadline - Date.now();
          if (remaining <= 0) return undefined;
          // The periodic re-check covers a notification lost with a dropped LISTEN connection.
          await notifiedOrAfter(Math.min(remaining, 1000));
        }
      },
    };
  }
}
