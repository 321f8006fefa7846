import { readFileSync } from 'node:fs';
import { Socket, connect } from 'node:net';
import { TestUser } from '../support/api-client';
import { eventually } from '../support/deadline';
import { nextRandomId, signUpMany } from '../support/scenario';
import { Stack, StackMode } from '../support/stack';

const PER_USER = 3;
const SLOW_READER_MS = 3_000;
const READERS = 6;
/** Feed entries of about 12 KB each (4,096 three-byte characters): about 7 MB of feed. */
const ENTRIES = 600;
/** Growth of the API process's resident memory that the paused readers may cause, in all. */
const RSS_BUDGET_MB = 40;

function rssMb(pid: number): number {
  const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(match![1]) / 1024;
}

/** A client that sends the request and then never reads: its socket stays paused. */
function pausedReader(url: string, token: string): Promise<Socket> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => {
      socket.write(`GET /v1/updates?pts=0 HTTP/1.1\r\nHost: ${hostname}\r\nAuthorization: Bearer ${token}\r\n\r\n`);
      socket.pause();
      resolve(socket);
    });
    socket.once('error', reject);
  });
}

/** Opens a stream and returns the first chunk's text and a way to close it. */
async function openStream(user: TestUser, query = 'pts=0') {
  const abort = new AbortController();
  const response = await fetch(`${user.api.baseUrl}/v1/updates?${query}`, {
    headers: { authorization: `Bearer ${user.token}` },
    signal: abort.signal,
  });
  return { response, close: () => abort.abort() };
}

/** docs/invariants.md for the live updates: checked before the headers, capped, backpressured, cut off when the reader stops. */
describe.each<StackMode>(['distributed', 'embedded'])('update stream (%s)', (mode) => {
  let stack: Stack;
  let sender: TestUser;
  let reader: TestUser;
  beforeAll(async () => {
    stack = await Stack.start({
      mode,
      env: { SSE_STREAMS_PER_USER: String(PER_USER), SSE_STREAMS_MAX: '100', SSE_SLOW_READER_MS: String(SLOW_READER_MS) },
    });
    [sender, reader] = await signUpMany(stack.api(), ['Sender', 'Reader']);
    await sender.importContact(reader);
  });
  afterAll(() => stack?.stop());

  it('refuses a pts that is not one, or past the feed, with 400 PTS_INVALID before any stream starts', async () => {
    for (const pts of ['2147483648', 'abc', '-1', '1.5', '99999999999', '5']) {
      const { response } = await openStream(reader, `pts=${encodeURIComponent(pts)}`);
      expect([pts, response.status, response.headers.get('content-type')]).toEqual([pts, 400, expect.stringContaining('application/json')]);
      expect(await response.json()).toEqual({ _: 'rpc_error', error_code: 400, error_message: 'PTS_INVALID' });
    }
  });

  it('says it is open at once, and a session revoked meanwhile ends it within about a second', async () => {
    const other = await reader.signInAgain();
    const { response } = await openStream(other);
    expect(response.status).toBe(200);
    const body = response.body!.getReader();
    expect(new TextDecoder().decode((await body.read()).value)).toBe(': connected\n\n');
    const revoked = Date.now();
    await other.ok('auth.logOut', {});
    for (;;) {
      const chunk = await body.read();
      if (chunk.done) break;
    }
    expect(Date.now() - revoked).toBeLessThan(5_000);
  });

  it('refuses streams past the per-user limit with 420 FLOOD_WAIT, and frees the slot when one closes', async () => {
    const user = (await signUpMany(stack.api(), ['Many']))[0];
    const open = await Promise.all(Array.from({ length: PER_USER }, () => openStream(user)));
    for (const { response } of open) expect(response.status).toBe(200);
    const refused = await openStream(user);
    expect([refused.response.status, refused.response.headers.get('retry-after'), await refused.response.json()]).toEqual([
      420,
      '5',
      { _: 'rpc_error', error_code: 420, error_message: 'FLOOD_WAIT_5' },
    ]);
    open[0].close();
    await eventually(
      'the slot to be free again',
      async () => {
        const again = await openStream(user);
        again.close();
        return again.response.status === 200 ? true : undefined;
      },
      10_000,
      100,
    );
    open.slice(1).forEach(({ close }) => close());
  });

  /** A counter or gauge of the API process's /metrics. */
  async function metric(name: string): Promise<number> {
    const text = await (await fetch(stack.apiService().metricsUrl)).text();
    return Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);
  }

  it(`paused readers of a large feed leave the process's memory bounded, and are cut off after ${SLOW_READER_MS} ms`, async () => {
    // One feed entry per reader for every message: the readers share a group chat.
    const readers = await signUpMany(
      stack.api(),
      Array.from({ length: READERS }, (_, i) => `R${i}`),
    );
    for (const r of readers) await sender.importContact(r);
    const created = await sender.ok('messages.createChat', {
      users: readers.map((r) => ({ _: 'inputUserContact', user_id: r.id })),
      title: 'big feed',
    });
    const peer = { _: 'inputPeerChat', chat_id: created.message.to_id.chat_id };
    const big = '語'.repeat(4096);
    for (let i = 0; i < ENTRIES; i += 16) {
      await Promise.all(
        Array.from({ length: Math.min(16, ENTRIES - i) }, () =>
          sender.ok('messages.sendMessage', { peer, message: big, random_id: nextRandomId() }),
        ),
      );
    }
    const cutBefore = await metric('update_streams_cut_off_total');
    const pid = stack.apiService().process!.pid!;
    const before = rssMb(pid);
    let peak = before;
    const sockets = await Promise.all(readers.map((r) => pausedReader(stack.apiService().url, r.token)));
    await eventually(
      'every paused reader to be cut off',
      async () => {
        peak = Math.max(peak, rssMb(pid));
        return (await metric('update_streams_cut_off_total')) - cutBefore === READERS ? true : undefined;
      },
      SLOW_READER_MS + 30_000,
      50,
    );
    expect(await metric('update_streams_open')).toBe(0);
    console.log(
      `update stream (${mode}): ${READERS} paused readers of ${ENTRIES} entries: RSS ${before.toFixed(0)} → peak ${peak.toFixed(0)} MB`,
    );
    expect(peak - before).toBeLessThan(RSS_BUDGET_MB);
    sockets.forEach((s) => s.destroy());
    // The process still serves: a reader that reads gets its feed.
    const { response, close } = await openStream(readers[0]);
    expect(response.status).toBe(200);
    close();
  });
});
