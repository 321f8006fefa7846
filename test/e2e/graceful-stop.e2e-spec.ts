import { readFileSync } from 'node:fs';
import { TestUser } from '../support/api-client';
import { eventually } from '../support/deadline';
import { nextRandomId, signUpMany } from '../support/scenario';
import { ServiceName, Stack } from '../support/stack';

const USERS = 6;
const WORKERS = 4;

/** A counter of a service's /metrics, summed over its series. */
async function metric(url: string, name: string): Promise<number> {
  const text = await (await fetch(url)).text();
  return [...text.matchAll(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'gm'))].reduce((sum, m) => sum + Number(m[1]), 0);
}

/**
 * SIGTERM goes through Nest (issue 22): the event-log transport's close() stops fetching, finishes
 * the batch in hand, commits and leaves the group. Under load, each consumer is stopped that way
 * and started again: its successor is handed nothing it had applied, and no event is lost.
 */
describe('graceful stop of the consumers under load', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await Stack.start();
  });
  afterAll(() => stack?.stop());

  it.each<ServiceName>(['link-projector', 'result-assembler'])(
    '%s: SIGTERM finishes and commits, the restart repeats nothing, every send arrives once',
    async (victim) => {
      const users = await signUpMany(
        stack.api(),
        Array.from({ length: USERS }, (_, i) => `G${i}`),
      );
      for (const [i, user] of users.entries()) await user.importContact(users[(i + 1) % USERS]);
      let stopped = false;
      const sent: { sender: TestUser; text: string }[] = [];
      const workers = Array.from({ length: WORKERS }, async (_, w) => {
        for (let n = 0; !stopped || n < 20; n++) {
          const sender = users[(w + n) % USERS];
          const text = `${victim} w${w} n${n}`;
          const params = {
            peer: { _: 'inputPeerContact', user_id: users[(((w + n) % USERS) + 1) % USERS].id },
            message: text,
            random_id: nextRandomId(),
          };
          // A send in flight while its consumer restarts may time out: the same random_id is retried until answered.
          for (;;) {
            const answer = await sender.call('messages.sendMessage', params);
            if (answer.status === 200) break;
            expect(answer.status).toBe(503);
          }
          sent.push({ sender, text });
        }
      });
      const service = stack.service(victim);
      await eventually(
        'load to reach the consumer',
        async () => ((await metric(service.metricsUrl, 'events_processed_total')) > 20 ? true : undefined),
        30_000,
        100,
      );
      await service.stop('SIGTERM');
      // Nest closed the transport (finishing and committing what it had) before the process exited.
      expect(readFileSync(service.logFile, 'utf8')).toContain('consumers stopped: batches in hand finished and committed, groups left');
      await service.start();
      stopped = true;
      await Promise.all(workers);
      await eventually(
        `${victim} to catch up`,
        async () => ((await metric(service.metricsUrl, 'consumer_lag')) === 0 ? true : undefined),
        30_000,
        100,
      );
      // Nothing the stopped consumer had applied came to its successor again.
      expect(await metric(service.metricsUrl, 'consumer_repeats_skipped_total')).toBe(0);
      const rows = await stack.query<{ text: string; n: number }>(
        `SELECT body->>'message' AS text, count(*)::int AS n FROM messages WHERE body->>'message' LIKE $1 GROUP BY 1`,
        [`${victim} %`],
      );
      const counts = new Map(rows.map((r) => [r.text, r.n]));
      for (const { text } of sent) expect([text, counts.get(text)]).toEqual([text, 2]); // the sender's box and the recipient's
      expect(rows.length).toBe(sent.length);
    },
  );
});
