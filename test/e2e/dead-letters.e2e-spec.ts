import { createHash, randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { eventually } from '../support/deadline';
import { send, signUpMany } from '../support/scenario';
import { Stack } from '../support/stack';

/** Malformed events go to the dead-letter topic with their reason; consumers keep going (README "Operations"). */
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
    const valid = {
      type: 'ContactDeleted',
      version: 1,
      event_id: randomUUID(),
      occurred_at: new Date().toISOString(),
      correlation_id: 'c',
      causation_id: 'c',
      payload: { owner_id: 1, contact_id: 2 },
    };
    await producer.send({
      topic: `${stack.topicPrefix}.events`,
      messages: [
        { key: '1:2', value: 'not json' },
        { key: '1:2', value: JSON.stringify({ ...valid, version: 9 }) },
        { key: '1:2', value: JSON.stringify({ ...valid, type: 'Unheard' }) },
      ],
    });
    await producer.send({
      topic: `${stack.topicPrefix}.link-changed`,
      messages: [{ key: '1:2', value: JSON.stringify({ ...valid, type: 'LinkChanged' }) }],
    });
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

    for (const [service, consumer, count] of [
      ['link-projector', 'link-projector', 3],
      ['result-assembler', 'result-assembler', 1],
    ] as const) {
      const metricsText = await (await fetch(stack.service(service).metricsUrl)).text();
      expect(metricsText).toContain(`dead_letters_total{consumer="${consumer}",reason="malformed"} ${count}`);
    }
  });

  it('a send whose event is dead-lettered answers a named error at once, and so does every retry, instead of timing out', async () => {
    const [a, b] = await signUpMany(stack.api(), ['Ana', 'Ben']);
    await a.importContact(b);
    const randomId = '424242';
    const items = [{ content: { kind: 'text', text: 'lost' } }];
    // What the gateway records before it publishes (its request hash), as if it had died right after.
    const requestHash = createHash('sha256')
      .update(JSON.stringify(['messages.sendMessage', { kind: 'user', user_id: b.id }, items]))
      .digest('hex');
    const eventId = randomUUID();
    await stack.query(`INSERT INTO sends (sender_id, random_id, event_id, request_hash, events) VALUES ($1, $2, $3, $4, '[]')`, [
      a.id,
      randomId,
      eventId,
      requestHash,
    ]);
    // A copy of its MessageSent that no reader accepts reaches the log.
    const producer = kafka.producer();
    await producer.connect();
    const payload = {
      sender_id: a.id,
      random_id: randomId,
      method: 'messages.sendMessage',
      layer: 999,
      peer: { kind: 'user', user_id: b.id },
      date: 0,
      items,
    };
    const envelope = {
      type: 'MessageSent',
      version: 1,
      event_id: eventId,
      occurred_at: new Date().toISOString(),
      correlation_id: 'c',
      causation_id: 'c',
      payload,
    };
    await producer.send({
      topic: `${stack.topicPrefix}.events`,
      messages: [{ key: [a.id, b.id].sort((x, y) => x - y).join(':'), value: JSON.stringify(envelope) }],
    });
    await producer.disconnect();
    await eventually('the send to be answered with an error', async () => {
      const [row] = await stack.query(`SELECT result FROM sends WHERE sender_id = $1 AND random_id = $2`, [a.id, randomId]);
      return row?.result ? row.result : undefined;
    });
    for (let retry = 0; retry < 2; retry++) {
      const started = Date.now();
      const answer = await a.call('messages.sendMessage', {
        peer: { _: 'inputPeerContact', user_id: b.id },
        message: 'lost',
        random_id: randomId,
      });
      expect(answer).toEqual({ status: 500, body: { _: 'rpc_error', error_code: 500, error_message: 'INTERNAL' } });
      expect(Date.now() - started).toBeLessThan(5_000);
    }
  });
});
