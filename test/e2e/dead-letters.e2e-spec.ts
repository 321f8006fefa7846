import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { eventually } from '../support/deadline';
import { send, signUpMany } from '../support/scenario';
import { Stack } from '../support/stack';

/** Malformed events go to the dead-letter topic with their reason; consumers keep going (SPEC §7). */
describe('poison events', () => {
  let stack: Stack;
  const kafka = new Kafka({ brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','), logLevel: logLevel.NOTHING });
  beforeAll(async () => {
    stack = await Stack.start();
  });
  afterAll(() => stack?.stop());

  async function deadLetters(expected: number): Promise<{ reason: string; source: string; consumer: string }[]> {
    const consumer = kafka.consumer({ groupId: `dead-letter-reader-${randomUUID()}`, maxWaitTimeInMs: 50 });
    const found: { reason: string; source: string; consumer: string }[] = [];
    await consumer.connect();
    await consumer.subscribe({ topic: `${stack.topicPrefix}.dead-letter`, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        const header = (name: string) => message.headers?.[name]?.toString() ?? '';
        found.push({ reason: header('reason'), source: header('source'), consumer: header('consumer') });
      },
    });
    await eventually(`${expected} dead letters`, async () => (found.length >= expected ? true : undefined));
    await consumer.disconnect();
    return found;
  }

  it('malformed and unknown-version events on both topics are dead-lettered, counted, and the pipeline keeps working', async () => {
    const producer = kafka.producer();
    await producer.connect();
    const valid = { type: 'ContactDeleted', version: 1, event_id: randomUUID(), occurred_at: new Date().toISOString(), correlation_id: 'c', causation_id: 'c', payload: { owner_id: 1, contact_id: 2 } };
    await producer.send({
      topic: `${stack.topicPrefix}.events`,
      messages: [
        { key: '1:2', value: 'not json' },
        { key: '1:2', value: JSON.stringify({ ...valid, version: 9 }) },
        { key: '1:2', value: JSON.stringify({ ...valid, type: 'Unheard' }) },
      ],
    });
    await producer.send({ topic: `${stack.topicPrefix}.link-changed`, messages: [{ key: '1:2', value: JSON.stringify({ ...valid, type: 'LinkChanged' }) }] });
    await producer.disconnect();

    const letters = await deadLetters(4);
    expect(letters.map((l) => [l.consumer, l.reason])).toEqual(
      expect.arrayContaining([
        ['link-projector', 'value is not JSON'],
        ['link-projector', 'unsupported ContactDeleted version 9'],
        ['link-projector', 'unknown event type "Unheard"'],
        ['result-assembler', expect.stringContaining('bad LinkChanged payload')],
      ]),
    );
    expect(letters.every((l) => /\.(events|link-changed)\/\d+\/\d+$/.test(l.source))).toBe(true);

    const [a, b] = await signUpMany(stack.api(), ['Ann', 'Bob']);
    await a.importContact(b);
    expect((await send(a, { _: 'inputPeerContact', user_id: b.id }))._).toBe('messages.sentMessageLink');

    for (const [service, consumer, count] of [['link-projector', 'link-projector', 3], ['result-assembler', 'result-assembler', 1]] as const) {
      const metricsText = await (await fetch(stack.service(service).metricsUrl)).text();
      expect(metricsText).toContain(`dead_letters_total{consumer="${consumer}",reason="malformed"} ${count}`);
    }
  });
});
