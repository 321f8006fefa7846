import { OutgoingRecord } from '../event-log';

/** Appends coalesced into one produce request stay under this (the broker takes 1 MiB per batch). */
const MAX_COALESCED_BYTES = 512 * 1024;

interface PendingAppend {
  readonly records: readonly OutgoingRecord[];
  readonly bytes: number;
  readonly done: { resolve: () => void; reject: (error: unknown) => void };
}

/**
 * Group commit in front of an idempotent producer that sends one request at a time (to keep order
 * across retries, and because @platformatic/kafka 1.35.0 loses records when sends overlap):
 * appends made while a request is in flight wait and go out together in the next one, in call
 * order. No linger when idle; large requests under load.
 */
export class AppendQueue {
  private readonly queued: PendingAppend[] = [];
  private flushing?: Promise<void>;

  constructor(private readonly send: (records: readonly OutgoingRecord[]) => Promise<void>) {}

  append(records: readonly OutgoingRecord[]): Promise<void> {
    if (records.length === 0) return Promise.resolve();
    const bytes = records.reduce((sum, r) => sum + (r.value?.length ?? 0) + (r.key?.length ?? 0), 0);
    return new Promise((resolve, reject) => {
      this.queued.push({ records, bytes, done: { resolve, reject } });
      this.flushing ??= Promise.resolve().then(() => this.flush()); // flush() clears it, so it starts after this assignment
    });
  }

  /** Resolves once every append made so far went out (or failed). */
  async drained(): Promise<void> {
    await this.flushing;
  }

  /** The only caller of send(): one request at a time, each holding as many whole appends as fit. */
  private async flush(): Promise<void> {
    while (this.queued.length > 0) {
      let bytes = this.queued[0].bytes;
      let count = 1;
      while (count < this.queued.length && bytes + this.queued[count].bytes <= MAX_COALESCED_BYTES) bytes += this.queued[count++].bytes;
      const appends = this.queued.splice(0, count);
      try {
        await this.send(appends.flatMap((a) => a.records));
        appends.forEach((a) => a.done.resolve());
      } catch (error) {
        appends.forEach((a) => a.done.reject(error));
      }
    }
    this.flushing = undefined; // in the same tick as the empty-queue check: no append is left behind
  }
}
