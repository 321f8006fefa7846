import { OutgoingRecord } from '../event-log';

/**
 * A produce request stays under this: the broker takes 1 MiB per batch (message.max.bytes), and a
 * request over it is refused whole, which would wedge a consumer that emits a large batch.
 */
const MAX_REQUEST_BYTES = 512 * 1024;

const sizeOf = (record: OutgoingRecord) => (record.value?.length ?? 0) + (record.key?.length ?? 0);

/** Splits records, in order, into requests under MAX_REQUEST_BYTES; a record larger than that goes alone. */
export function* requestSized(records: readonly OutgoingRecord[]): Generator<OutgoingRecord[]> {
  let request: OutgoingRecord[] = [];
  let bytes = 0;
  for (const record of records) {
    if (request.length > 0 && bytes + sizeOf(record) > MAX_REQUEST_BYTES) {
      yield request;
      request = [];
      bytes = 0;
    }
    request.push(record);
    bytes += sizeOf(record);
  }
  if (request.length > 0) yield request;
}

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
    const bytes = records.reduce((sum, r) => sum + sizeOf(r), 0);
    return new Promise((resolve, reject) => {
      this.queued.push({ records, bytes, done: { resolve, reject } });
      this.flushing ??= Promise.resolve().then(() => this.flush()); // flush() clears it, so it starts after this assignment
    });
  }

  /** Resolves once every append made so far went out (or failed). */
  async drained(): Promise<void> {
    await this.flushing;
  }

  /**
   * The only caller of send(): one request at a time, each holding as many whole appends as fit;
   * an append too large for one request goes out alone, in several.
   */
  private async flush(): Promise<void> {
    while (this.queued.length > 0) {
      let bytes = this.queued[0].bytes;
      let count = 1;
      while (count < this.queued.length && bytes + this.queued[count].bytes <= MAX_REQUEST_BYTES) bytes += this.queued[count++].bytes;
      const appends = this.queued.splice(0, count);
      try {
        for (const request of requestSized(appends.flatMap((a) => a.records))) await this.send(request);
        appends.forEach((a) => a.done.resolve());
      } catch (error) {
        appends.forEach((a) => a.done.reject(error));
      }
    }
    this.flushing = undefined; // in the same tick as the empty-queue check: no append is left behind
  }
}
