import { Inject, Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig, CONFIG, INFRASTRUCTURE, Infrastructure, NotificationListener } from '@app/platform';

type Waiter = () => void;

/** Channels the gateway waits on: a command's event applied, a send's result assembled. */
export const WATCHED_CHANNELS = ['events_applied', 'send_results', 'feed_appended'] as const;
export type WatchedChannel = (typeof WATCHED_CHANNELS)[number];

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
    await this.listener.listen(WATCHED_CHANNELS, (channel, payload) => this.waiters.get(`${channel}/${payload}`)?.forEach((wake) => wake()));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.listener.close();
  }

  /** Calls `listener` on every notification for (channel, key) until the returned function is called. */
  subscribe(channel: WatchedChannel, key: string, listener: Waiter): () => void {
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
   * Resolves with `check()`'s first defined answer, re-checking on each matching notification,
   * or with undefined at the deadline. Registering before the first check closes the race with
   * a notification that arrives in between.
   */
  async waitFor<T>(channel: WatchedChannel, key: string, deadline: number, check: () => Promise<T | undefined>): Promise<T | undefined> {
    let wake: Waiter = () => undefined;
    const unsubscribe = this.subscribe(channel, key, () => wake());
    try {
      for (;;) {
        const notified = new Promise<void>((resolve) => (wake = resolve));
        const answer = await check();
        if (answer !== undefined) return answer;
        const remaining = deadline - Date.now();
        if (remaining <= 0) return undefined;
        let timer: NodeJS.Timeout | undefined;
        // The periodic re-check covers a notification lost with a dropped LISTEN connection.
        await Promise.race([notified, new Promise((resolve) => (timer = setTimeout(resolve, Math.min(remaining, 1000))))]);
        clearTimeout(timer);
      }
    } finally {
      unsubscribe();
    }
  }
}
