import { Inject, Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CHANNELS, Channel, parseNotice } from '@app/events';
import { AppConfig, CONFIG, INFRASTRUCTURE, Infrastructure, NotificationListener } from '@app/platform';

/** Woken with the notification's detail (absent when it did not fit, or after a gap: read it then). */
type Waiter = (detail?: string) => void;

/** A notification being listened for, until `cancel` (which its owner calls when done, e.g. in a finally). */
export interface Expectation {
  /**
   * Resolves with the first defined answer: `fromDetail` of a matching notification's detail, or
   * else `check()`, which runs at once unless `checkFirst` is false, then on each matching
   * notification without a usable detail; undefined at the deadline.
   */
  until<T>(
    deadline: number,
    check: () => Promise<T | undefined>,
    checkFirst?: boolean,
    fromDetail?: (detail: string) => T | undefined,
  ): Promise<T | undefined>;
  cancel(): void;
}

/** Channels the gateway waits on: a command's event applied, a send's result assembled, a feed grown, a session revoked. */
const WATCHED_CHANNELS: readonly Channel[] = Object.values(CHANNELS);

/**
 * One listener (a LISTEN connection) per gateway replica. Postgres delivers each NOTIFY to every listener, so
 * every replica hears every result and wakes only its own waiters: replicas need no routing.
 */
@Injectable()
export class Notifications implements OnModuleInit, OnApplicationShutdown {
  private readonly listener: NotificationListener;
  private readonly waiters = new Map<string, Set<Waiter>>();
  private readonly gapListeners = new Set<() => void>();
  private readonly channelListeners = new Map<string, ((key: string) => void)[]>();

  constructor(@Inject(CONFIG) config: AppConfig, @Inject(INFRASTRUCTURE) infrastructure: Infrastructure, dataSource: DataSource) {
    this.listener = infrastructure.notificationListener(config, dataSource);
  }

  async onModuleInit(): Promise<void> {
    await this.listener.listen(
      WATCHED_CHANNELS,
      (channel, payload) => {
        const { key, detail } = parseNotice(payload);
        this.channelListeners.get(channel)?.forEach((listener) => listener(key));
        this.waiters.get(`${channel}/${key}`)?.forEach((wake) => wake(detail));
      },
      () => this.onGap(),
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.listener.close();
  }

  /** Notifications may have been missed (the LISTEN connection was lost): every waiter looks again. */
  private onGap(): void {
    this.gapListeners.forEach((listener) => listener());
    for (const set of this.waiters.values()) set.forEach((wake) => wake());
  }

  /** Calls `listener` with the key of every notification on `channel` (e.g. each revoked session). */
  subscribeToChannel(channel: Channel, listener: (key: string) => void): void {
    this.channelListeners.set(channel, [...(this.channelListeners.get(channel) ?? []), listener]);
  }

  /** Calls `listener` after a gap, until the returned function is called. */
  subscribeToGaps(listener: () => void): () => void {
    this.gapListeners.add(listener);
    return () => this.gapListeners.delete(listener);
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
    let pending: { detail?: string } | undefined;
    let wake: Waiter = (detail) => (pending = { detail });
    const unsubscribe = this.subscribe(channel, key, (detail) => wake(detail));
    const notifiedOrAfter = (ms: number) =>
      new Promise<{ detail?: string } | undefined>((resolve) => {
        if (pending) {
          const notice = pending;
          pending = undefined;
          return resolve(notice);
        }
        const done = (notice?: { detail?: string }) => {
          clearTimeout(timer);
          wake = (detail) => (pending = { detail });
          resolve(notice);
        };
        const timer = setTimeout(() => done(), ms);
        wake = (detail) => done({ detail });
      });
    return {
      cancel: unsubscribe,
      async until<T>(
        deadline: number,
        check: () => Promise<T | undefined>,
        checkFirst = true,
        fromDetail?: (detail: string) => T | undefined,
      ): Promise<T | undefined> {
        for (let skip = !checkFirst; ; skip = false) {
          const answer = skip ? undefined : await check();
          if (answer !== undefined) return answer;
          const remaining = deadline - Date.now();
          if (remaining <= 0) return undefined;
          // The periodic re-check covers a notification lost with a dropped LISTEN connection.
          const notice = await notifiedOrAfter(Math.min(remaining, 1000));
          const told = notice?.detail !== undefined && fromDetail ? fromDetail(notice.detail) : undefined;
          if (told !== undefined) return told;
        }
      },
    };
  }
}
