import { TestUser } from '../support/api-client';
import { eventually } from '../support/deadline';
import { signUpMany } from '../support/scenario';
import { Stack } from '../support/stack';

const LIMIT = 4;
const BURST = 60;

/** The value of an unlabelled counter or gauge in a /metrics text. */
function metricValue(text: string, name: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  if (!line) throw new Error(`${name} not exported`);
  return Number(line.split(' ')[1]);
}

describe('overload: past MAX_CALLS_IN_FLIGHT a call is refused at once, and a refused send did nothing', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await Stack.start({ mode: 'embedded', env: { MAX_CALLS_IN_FLIGHT: String(LIMIT) } });
  });
  afterAll(() => stack?.stop());

  it('a burst far above the bound gets 200s and 503 SERVER_OVERLOADED with Retry-After; retried, every send lands once', async () => {
    const [ann, bob, cat, dan] = await signUpMany(stack.api(), ['Ann', 'Bob', 'Cat', 'Dan']);
    const senders = [ann, bob, cat];
    for (const sender of senders) await sender.importContact(dan);
    const refusedBefore = metricValue(await (await fetch(stack.apiService().metricsUrl)).text(), 'rpc_calls_refused_total');

    const sends = Array.from({ length: BURST }, (_, i) => ({
      sender: senders[i % senders.length],
      text: `burst ${i}`,
      randomId: String(5000 + i),
    }));
    const sendOnce = async ({ sender, text, randomId }: (typeof sends)[number]) => {
      const response = await fetch(`${stack.apiService().url}/v1/messages.sendMessage`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${sender.token}`, 'x-tl-layer': '3' },
        body: JSON.stringify({ peer: { _: 'inputPeerContact', user_id: dan.id }, message: text, random_id: randomId }),
      });
      return { status: response.status, retryAfter: response.headers.get('retry-after'), body: (await response.json()) as any };
    };
    const answers = await Promise.all(sends.map(sendOnce));

    const refused = sends.filter((_, i) => answers[i].status === 503);
    for (const answer of answers) {
      if (answer.status === 200) expect(answer.body._).toMatch(/^messages\.sentMessage/);
      else
        expect(answer).toEqual({
          status: 503,
          retryAfter: '1',
          body: { _: 'rpc_error', error_code: 503, error_message: 'SERVER_OVERLOADED' },
        });
    }
    // Sixty calls at once against four slots: some wait for a slot no one gives them.
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.length).toBeLessThan(BURST);
    const metrics = await (await fetch(stack.apiService().metricsUrl)).text();
    expect(metricValue(metrics, 'rpc_calls_refused_total') - refusedBefore).toBe(refused.length);

    // What Dan has now is exactly the acknowledged sends: a refused one was not recorded.
    const acknowledged = sends.filter((_, i) => answers[i].status === 200).map((s) => s.text);
    expect(await textsSeenBy(dan)).toEqual([...acknowledged].sort());

    // The refused ones, retried with the same random_id after Retry-After, land once each.
    for (const send of refused) {
      await eventually(
        `${send.text} accepted on retry`,
        async () => ((await sendOnce(send)).status === 200 ? true : undefined),
        60_000,
        1_000,
      );
    }
    expect(await textsSeenBy(dan)).toEqual(sends.map((s) => s.text).sort());
  });
});

/** Every message text in the user's feed, sorted (one entry per message: a duplicate shows twice). */
async function textsSeenBy(user: TestUser): Promise<string[]> {
  const difference = await user.ok('updates.getDifference', { pts: 0 });
  return difference.new_messages.map((m: { message: string }) => m.message).sort();
}
