import { DataSource } from 'typeorm';
import { Presence, RECORD_EVERY_MS } from './presence';

/** A database that only counts the last-seen writes it is asked for (and fails when told to). */
function countingDatabase() {
  const writes: unknown[][] = [];
  let failing = false;
  const db = {
    query: async (_sql: string, parameters: unknown[]) => {
      if (failing) throw new Error('database down');
      writes.push(parameters);
      return [];
    },
  };
  return { writes, fail: (on: boolean) => (failing = on), dataSource: db as unknown as DataSource };
}

const session = (userId: number, token: string) => ({ userId, tokenHash: Buffer.from(token), layer: 1 });

describe('Presence: last-seen from calls, at most one write a minute per session', () => {
  beforeEach(() => jest.useFakeTimers({ now: 1_700_000_000_000 }));
  afterEach(() => jest.useRealTimers());

  it('given a session that called, when it calls again within the minute, then nothing more is written', async () => {
    const { writes, dataSource } = countingDatabase();
    const presence = new Presence(dataSource);
    await presence.seen(session(7, 'a'));
    jest.setSystemTime(Date.now() + RECORD_EVERY_MS - 1);
    await presence.seen(session(7, 'a'));
    expect(writes).toEqual([[7]]);
  });

  it('when a minute has passed, or another session of the user calls, then the call is recorded', async () => {
    const { writes, dataSource } = countingDatabase();
    const presence = new Presence(dataSource);
    await presence.seen(session(7, 'a'));
    await presence.seen(session(7, 'b'));
    jest.setSystemTime(Date.now() + RECORD_EVERY_MS);
    await presence.seen(session(7, 'a'));
    expect(writes).toEqual([[7], [7], [7]]);
  });

  it('given the write failed, then the call still succeeds and the next call tries again', async () => {
    const { writes, fail, dataSource } = countingDatabase();
    const presence = new Presence(dataSource);
    fail(true);
    await expect(presence.seen(session(7, 'a'))).resolves.toBeUndefined();
    fail(false);
    await presence.seen(session(7, 'a'));
    expect(writes).toEqual([[7]]);
  });
});
