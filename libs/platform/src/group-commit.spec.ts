import fc from 'fast-check';
import { GroupCommit, GroupCommitOptions } from './group-commit';

/** A flush the test finishes by hand, recording what each flush carried. */
function controlledFlushes(options: GroupCommitOptions<number> = {}) {
  const flushed: number[][] = [];
  const finish: ((error?: unknown) => void)[] = [];
  const gatherer = new GroupCommit<number, string>(
    (batches) =>
      new Promise<string[]>((resolve, reject) => {
        flushed.push([...batches]);
        finish.push((error) => (error ? reject(error) : resolve(batches.map((b) => `done ${b}`))));
      }),
    options,
  );
  return { gatherer, flushed, finish };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('GroupCommit', () => {
  it('flushes a lone batch at once', async () => {
    const { gatherer, flushed, finish } = controlledFlushes();
    const done = gatherer.submit(1);
    await settle();
    expect(flushed).toEqual([[1]]);
    finish[0]();
    await expect(done).resolves.toBe('done 1');
  });

  it('flushes what is handed in during one turn together', async () => {
    const { gatherer, flushed, finish } = controlledFlushes();
    const done = [gatherer.submit(1), gatherer.submit(2), gatherer.submit(3)];
    await settle();
    expect(flushed).toEqual([[1, 2, 3]]);
    finish[0]();
    await expect(Promise.all(done)).resolves.toEqual(['done 1', 'done 2', 'done 3']);
  });

  it('gathers what arrives during a flush into the next one, in arrival order', async () => {
    const { gatherer, flushed, finish } = controlledFlushes();
    const first = gatherer.submit(1);
    await settle();
    const later = [gatherer.submit(2), gatherer.submit(3), gatherer.submit(4)];
    await settle();
    expect(flushed).toEqual([[1]]);
    finish[0]();
    await first;
    await settle();
    expect(flushed).toEqual([[1], [2, 3, 4]]);
    finish[1]();
    await expect(Promise.all(later)).resolves.toEqual(['done 2', 'done 3', 'done 4']);
  });

  it('fails every batch of a failed flush, and goes on with the next ones', async () => {
    const { gatherer, flushed, finish } = controlledFlushes();
    const first = gatherer.submit(1);
    await settle();
    const second = gatherer.submit(2);
    const third = gatherer.submit(3);
    finish[0](new Error('no database'));
    await expect(first).rejects.toThrow('no database');
    await settle();
    expect(flushed).toEqual([[1], [2, 3]]);
    finish[1]();
    await expect(Promise.all([second, third])).resolves.toEqual(['done 2', 'done 3']);
  });

  it('starts a new flush for a batch that arrives after the last one finished', async () => {
    const { gatherer, flushed, finish } = controlledFlushes();
    const first = gatherer.submit(1);
    await settle();
    finish[0]();
    await first;
    const second = gatherer.submit(2);
    await settle();
    expect(flushed).toEqual([[1], [2]]);
    finish[1]();
    await second;
  });

  it('with two lanes, starts a second flush while the first runs, and gathers into the next lane free', async () => {
    const { gatherer, flushed, finish } = controlledFlushes({ lanes: 2 });
    const first = gatherer.submit(1);
    await settle();
    const second = gatherer.submit(2);
    await settle();
    expect(flushed).toEqual([[1], [2]]);
    const later = [gatherer.submit(3), gatherer.submit(4)];
    await settle();
    expect(flushed).toHaveLength(2);
    finish[1]();
    await expect(second).resolves.toBe('done 2');
    await settle();
    expect(flushed).toEqual([[1], [2], [3, 4]]);
    finish[0]();
    finish[2]();
    await expect(Promise.all([first, ...later])).resolves.toEqual(['done 1', 'done 3', 'done 4']);
  });

  it('takes at most its budget into one flush, and at least one item however heavy', async () => {
    const { gatherer, flushed, finish } = controlledFlushes({ budget: 10, weight: (n) => n });
    const done = [5, 4, 3, 20, 1].map((n) => gatherer.submit(n));
    for (let flushes = 1; flushes <= 4; flushes++) {
      await settle();
      expect(flushed).toHaveLength(flushes);
      finish[flushes - 1]();
    }
    await expect(Promise.all(done)).resolves.toEqual(['done 5', 'done 4', 'done 3', 'done 20', 'done 1']);
    expect(flushed).toEqual([[5, 4], [3], [20], [1]]);
  });

  it('never runs more flushes than lanes, nor a flush over budget unless one item is, and flushes every item once in arrival order', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 20 }),
        fc.array(fc.tuple(fc.integer({ min: 1, max: 25 }), fc.boolean()), { minLength: 1, maxLength: 30 }),
        async (lanes, budget, arrivals) => {
          let running = 0;
          let most = 0;
          const flushed: number[][] = [];
          const gatherer = new GroupCommit<number>(
            async (items) => {
              running += 1;
              most = Math.max(most, running);
              flushed.push([...items]);
              await settle();
              running -= 1;
              return items.map(() => undefined);
            },
            { lanes, budget, weight: (n) => n },
          );
          const done: Promise<void>[] = [];
          for (const [weight, waitAfter] of arrivals) {
            done.push(gatherer.submit(weight));
            if (waitAfter) await settle();
          }
          await Promise.all(done);
          expect(most).toBeLessThanOrEqual(lanes);
          for (const items of flushed) expect(items.length === 1 || items.reduce((a, b) => a + b, 0) <= budget).toBe(true);
          expect(flushed.flat()).toEqual(arrivals.map(([weight]) => weight));
        },
      ),
    );
  });
});
