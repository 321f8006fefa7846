import { beforeDeadline } from './deadline';

const expired = () => new Error('expired');

describe('beforeDeadline', () => {
  it('settles with the work when it finishes in time', async () => {
    await expect(beforeDeadline(Promise.resolve('done'), Date.now() + 5_000, expired)).resolves.toBe('done');
    await expect(beforeDeadline(Promise.reject(new Error('failed')), Date.now() + 5_000, expired)).rejects.toThrow('failed');
  });

  it('rejects at the deadline while the work still runs, and a later failure of the work is not unhandled', async () => {
    let fail: (error: Error) => void = () => undefined;
    const work = new Promise<string>((_, reject) => (fail = reject));
    const started = Date.now();
    await expect(beforeDeadline(work, started + 50, expired)).rejects.toThrow('expired');
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    fail(new Error('late'));
    await new Promise((resolve) => setImmediate(resolve));
  });

  it('rejects at once when the deadline has passed', async () => {
    await expect(beforeDeadline(new Promise(() => undefined), Date.now() - 1, expired)).rejects.toThrow('expired');
  });
});
