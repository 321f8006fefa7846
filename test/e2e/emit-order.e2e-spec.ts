import { ConfigResourceTypes, Kafka, logLevel } from 'kafkajs';
import { TestUser } from '../support/api-client';
import { eventually } from '../support/deadline';
import { readFeed } from '../support/feed-reader';
import { signUpMany } from '../support/scenario';
import { Stack } from '../support/stack';

/**
 * Per-key order of emitted events survives a failed append (issue 15): the first LinkChanged of a
 * pair cannot be appended (the topic refuses records that large for a while), so its batch is
 * kept back and tried again, and the second message of the pair waits behind it. The outbox
 * sweeper is slowed to minutes so that nothing else could bring anything out in time.
 */
describe('emitted order per key after a failed append', () => {
  let stack: Stack;
  const kafka = new Kafka({ brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','), logLevel: logLevel.NOTHING });
  beforeAll(async () => {
    stack = await Stack.start({ env: { OUTBOX_SWEEP_MS: '600000', SEND_TIMEOUT_MS: '60000' } });
  });
  afterAll(() => stack?.stop());

  async function topicMaxBytes(bytes: string): Promise<void> {
    const admin = kafka.admin();
    await admin.connect();
    try {
      await admin.alterConfigs({
        validateOnly: false,
        resources: [
          {
            type: ConfigResourceTypes.TOPIC,
            name: `${stack.topicPrefix}.link-changed`,
            configEntries: [{ name: 'max.message.bytes', value: bytes }],
          },
        ],
      });
    } finally {
      await admin.disconnect();
    }
  }

  async function transientFailures(): Promise<number> {
    const text = await (await fetch(stack.service('link-projector').metricsUrl)).text();
    return Number(/^consumer_failures_total\{consumer="link-projector",kind="transient"\} (\d+)/m.exec(text)?.[1] ?? 0);
  }

  it('the recipient sees the updateContactLink, then message 1, then message 2', async () => {
    const [ann, bob]: TestUser[] = await signUpMany(stack.api(), ['Ann', 'Bob']);
    await ann.importContact(bob);
    const peer = { _: 'inputPeerContact', user_id: bob.id };
    await topicMaxBytes('64');
    const first = ann.ok('messages.sendMessage', { peer, message: 'message 1', random_id: '1' });
    await eventually(
      'the first LinkChanged to fail to append',
      async () => ((await transientFailures()) > 0 ? true : undefined),
      30_000,
      100,
    );
    await topicMaxBytes('1048588');
    const second = await ann.ok('messages.sendMessage', { peer, message: 'message 2', random_id: '2' });
    expect((await first)._).toBe('messages.sentMessageLink');
    expect(second._).toBe('messages.sentMessage');
    const feed = await readFeed(bob);
    expect(feed.map((e) => (e.kind === 'link' ? `link ${e.body.user_id}` : e.body.message))).toEqual([
      `link ${ann.id}`,
      'message 1',
      'message 2',
    ]);
  });
});
