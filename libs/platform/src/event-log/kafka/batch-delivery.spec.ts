import { PinoLogger } from 'nestjs-pino';
import { LogBatch } from '../event-log';
import { BatchInHand, EachBatchPayloadLike, EachBatchRun, handleUntilCommitted } from './batch-delivery';

const quiet = { warn: () => undefined } as unknown as PinoLogger;

function inHand(overrides: Partial<BatchInHand>): BatchInHand {
  return {
    group: 'g',
    partition: 0,
    logger: quiet,
    handle: async () => undefined,
    commit: async () => undefined,
    owned: () => true,
    stopping: () => false,
    stopped: new Promise(() => undefined),
    ...overrides,
  };
}

describe('handleUntilCommitted', () => {
  it('hands a failed batch over again after a back-off, then commits it once', async () => {
    const tries: number[] = [];
    let commits = 0;
    const committed = await handleUntilCommitted(
      inHand({
        handle: async () => {
          tries.push(Date.now());
          if (tries.length < 3) throw new Error('transient');
        },
        commit: async () => void commits++,
      }),
    );
    expect(committed).toBe(true);
    expect(commits).toBe(1);
    expect(tries[2] - tries[0]).toBeGreaterThanOrEqual(250); // 100 ms, then 200 ms
  });

  it('retries a failed commit alone: the batch is not handed over twice', async () => {
    let handled = 0;
    let commits = 0;
    await handleUntilCommitted(
      inHand({
        handle: async () => void handled++,
        commit: async () => {
          if (++commits === 1) throw new Error('coordinator moved');
        },
      }),
    );
    expect([handled, commits]).toEqual([1, 2]);
  });

  it('never commits a batch whose partition was lost while it was handled', async () => {
    let owned = true;
    let commits = 0;
    const committed = await handleUntilCommitted(
      inHand({ handle: async () => void (owned = false), commit: async () => void commits++, owned: () => owned }),
    );
    expect([committed, commits]).toEqual([false, 0]);
  });

  it('gives up at once when the subscription stops during a back-off', async () => {
    let stop: () => void = () => undefined;
    let stopping = false;
    const stopped = new Promise<void>((resolve) => (stop = resolve));
    const started = Date.now();
    const run = handleUntilCommitted(
      inHand({
        handle: async () => {
          throw new Error('down');
        },
        stopping: () => stopping,
        stopped,
      }),
    );
    setTimeout(() => ((stopping = true), stop()), 20);
    expect(await run).toBe(false);
    expect(Date.now() - started).toBeLessThan(90);
  });
});

describe('EachBatchRun', () => {
  const payload = (resolved: string[]): EachBatchPayloadLike => ({
    batch: {
      topic: 't',
      partition: 2,
      messages: [
        { offset: '7', key: Buffer.from('k'), value: Buffer.from('a'), headers: { seq: Buffer.from('1') } },
        { offset: '8', key: null, value: null, headers: { dup: ['x', Buffer.from('y')] } },
      ],
      offsetLag: () => '3',
    },
    resolveOffset: (offset) => void resolved.push(offset),
    heartbeat: async () => undefined,
    isRunning: () => true,
    isStale: () => false,
  });

  it('hands the batch over as log records, then commits past it and resolves its last offset', async () => {
    const seen: LogBatch[] = [];
    const committed: unknown[] = [];
    const run = new EachBatchRun(
      { commitOffsets: async (offsets) => void committed.push(...offsets) },
      { group: 'g', topic: 't', concurrency: 1, onBatch: async (batch) => void seen.push(batch) },
      { by: 'here', logger: quiet },
    );
    const resolved: string[] = [];
    await run.eachBatch(payload(resolved));
    expect(seen).toEqual([
      {
        topic: 't',
        partition: 2,
        lag: 3,
        records: [
          { partition: 2, offset: 7n, key: 'k', value: Buffer.from('a'), headers: { seq: '1' } },
          { partition: 2, offset: 8n, key: null, value: null, headers: { dup: 'x,y' } },
        ],
      },
    ]);
    expect(committed).toEqual([{ topic: 't', partition: 2, offset: '9' }]);
    expect(resolved).toEqual(['8']);
  });

  it('rethrows a failed batch unresolved when the client retries it', async () => {
    const resolved: string[] = [];
    const run = new EachBatchRun(
      { commitOffsets: async () => undefined },
      {
        group: 'g',
        topic: 't',
        concurrency: 1,
        onBatch: async () => {
          throw new Error('bug');
        },
      },
      { by: 'client' },
    );
    await expect(run.eachBatch(payload(resolved))).rejects.toThrow('bug');
    expect(resolved).toEqual([]);
  });
});
