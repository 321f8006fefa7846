import { EventLog, LogInspector, LogRecord, OutgoingRecord, Subscription, eventsIn } from '@app/platform';
import { eventually } from '../support/deadline';

/** One adapter's log as the contract drives it: a topic on fresh storage, and a way to restart. */
export interface LogUnderTest {
  readonly log: EventLog;
  readonly inspector: LogInspector;
  readonly topic: string;
  /** Another instance on the same storage, as a restarted process would open it. */
  reopen(): Promise<EventLog>;
  dispose(): Promise<void>;
}

const KEYS = 7;

function records(topic: string, from: number, count: number): OutgoingRecord[] {
  return Array.from({ length: count }, (_, i) => ({
    topic,
    key: `key-${(from + i) % KEYS}`,
    value: Buffer.from(String(from + i)),
    headers: { seq: String(from + i) },
  }));
}

const seqOf = (r: LogRecord) => Number(r.headers.seq);

/** Collects what a group's subscription receives; `failOnce` makes the first delivery of a seq fail. */
class Receiver {
  readonly seen: LogRecord[] = [];
  private readonly failed = new Set<number>();

  constructor(private readonly failOnce: ReadonlySet<number> = new Set()) {}

  handle = async ({ records }: { records: readonly LogRecord[] }): Promise<void> => {
    const poisoned = records.find((r) => this.failOnce.has(seqOf(r)) && !this.failed.has(seqOf(r)));
    this.seen.push(...records);
    if (poisoned) {
      this.failed.add(seqOf(poisoned));
      throw new Error(`handler fails once on ${seqOf(poisoned)}`);
    }
  };

  distinct(): Set<number> {
    return new Set(this.seen.map(seqOf));
  }

  untilAll(count: number): Promise<true> {
    return eventually(`${count} distinct records`, async () => (this.distinct().size >= count ? true : undefined), 60_000);
  }
}

/** Per key, the sequence numbers in the order they were handed over, without redeliveries. */
function firstDeliveriesPerKey(seen: readonly LogRecord[]): Map<string, number[]> {
  const perKey = new Map<string, number[]>();
  const delivered = new Set<number>();
  for (const r of seen) {
    if (delivered.has(seqOf(r))) continue;
    delivered.add(seqOf(r));
    perKey.set(r.key ?? '', [...(perKey.get(r.key ?? '') ?? []), seqOf(r)]);
  }
  return perKey;
}

/** The event-log port's contract; every adapter passes the same suite. */
export function eventLogContract(name: string, open: () => Promise<LogUnderTest>): void {
  describe(`event log contract: ${name}`, () => {
    let under: LogUnderTest;
    const subscriptions: Subscription[] = [];
    const subscribe = async (log: EventLog, group: string, receiver: Receiver) => {
      const subscription = await log.subscribe({ group, topic: under.topic, concurrency: 3, onBatch: receiver.handle });
      subscriptions.push(subscription);
      return subscription;
    };

    beforeAll(async () => {
      under = await open();
      await under.log.ensureTopics();
      await under.log.append(records(under.topic, 0, 150));
      await under.log.append(records(under.topic, 150, 150));
    });

    afterAll(async () => {
      await Promise.all(subscriptions.map((s) => s.stop().catch(() => undefined)));
      await under?.dispose();
    });

    it('hands every record to a group exactly once when nothing fails, in append order per key', async () => {
      const receiver = new Receiver();
      await subscribe(under.log, 'contract.in-order', receiver);
      await receiver.untilAll(300);
      expect(receiver.seen).toHaveLength(300);
      for (const [, seqs] of firstDeliveriesPerKey(receiver.seen)) expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    });

    it('hands a batch again when its handler failed (at-least-once), then moves past it', async () => {
      const receiver = new Receiver(new Set([5, 222]));
      await subscribe(under.log, 'contract.redelivery', receiver);
      const deliveries = (seq: number) => receiver.seen.filter((r) => seqOf(r) === seq).length;
      await eventually(
        'the failed batches handed over again',
        async () => (deliveries(5) >= 2 && deliveries(222) >= 2 ? true : undefined),
        60_000,
      );
      await receiver.untilAll(300);
      for (const [, seqs] of firstDeliveriesPerKey(receiver.seen)) expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
      const ends = await under.inspector.spans(under.topic);
      await eventually('the group committed to the end', async () => {
        const committed = await under.inspector.committed('contract.redelivery', under.topic);
        return ends.every((s) => (committed.get(s.partition) ?? s.low) === s.end) ? true : undefined;
      });
    });

    it('resumes a restarted group from its committed positions', async () => {
      const first = new Receiver();
      const subscription = await subscribe(under.log, 'contract.restart', first);
      await first.untilAll(300);
      const ends = await under.inspector.spans(under.topic);
      await eventually('positions committed', async () => {
        const committed = await under.inspector.committed('contract.restart', under.topic);
        return ends.every((s) => (committed.get(s.partition) ?? s.low) === s.end) ? true : undefined;
      });
      await subscription.stop();

      const restarted = await under.reopen();
      try {
        const second = new Receiver();
        await subscribe(restarted, 'contract.restart', second);
        await restarted.append(records(under.topic, 300, 20));
        await second.untilAll(20);
        expect([...second.distinct()].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => 300 + i));
      } finally {
        await Promise.all(subscriptions.splice(-1).map((s) => s.stop()));
        await restarted.close();
      }
    });

    it('replays the whole log from the beginning, in order per key', async () => {
      const spans = await under.inspector.spans(under.topic);
      expect(eventsIn(spans)).toBe(320);
      const read: LogRecord[] = [];
      await under.inspector.read(under.topic, spans, (batch) => read.push(...batch));
      expect(read.map(seqOf).sort((a, b) => a - b)).toEqual(Array.from({ length: 320 }, (_, i) => i));
      for (const [, seqs] of firstDeliveriesPerKey(read)) expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
      const partitionOf = new Map(read.map((r) => [r.key, r.partition]));
      for (const [key, partition] of partitionOf)
        expect(under.inspector.partitionOfKey(under.topic, key ?? '', spans.length)).toBe(partition);
    });
  });
}
