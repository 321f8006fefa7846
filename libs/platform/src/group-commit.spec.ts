import { GroupCommit } from './group-commit';

/** A flush the test finishes by hand, recording what each flush carried. */
function controlledFlushes() {
  const flushed: number[][] = [];
  const finish: ((error?: unknown) => void)[] = [];
  const gatherer = new GroupCommit<number, string>(
    (batches) =>
      new Promise<string[]>((resolve, reject) => {
        flushed.push([...batches]);
        finish.push((error) => (error ? reject(error) : resolve(batches.map((b) => `done ${b}`))));
      }),
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
});
