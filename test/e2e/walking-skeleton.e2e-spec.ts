import { TestUser } from '../support/api-client';
import { decodeTl } from '@app/tl';
import { readWholeTopic } from '../support/log-reader';
import { ServiceName, Stack } from '../support/stack';

describe('walking skeleton: gateway → Kafka → projector → Kafka → assembler → gateway', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await Stack.start();
  });
  afterAll(() => stack?.stop());

  it('a send between two new users returns messages.sentMessage after the full round trip', async () => {
    const api = stack.api();
    const ann = await TestUser.signUp(api, '9996670001', 'Ann', 1);
    const bob = await TestUser.signUp(api, '9996670002', 'Bob', 1);
    await ann.importContact(bob);

    const result = await ann.ok('messages.sendMessage', {
      peer: { _: 'inputPeerContact', user_id: bob.id },
      message: 'hello',
      random_id: '1',
    });

    expect(result).toEqual({ _: 'messages.sentMessage', id: 1, date: expect.any(Number), pts: 1, seq: 1 });
    const ledgers = await stack.query(`SELECT consumer, count(*)::int AS n FROM processed_events GROUP BY consumer ORDER BY consumer`);
    expect(ledgers).toEqual([
      { consumer: 'link-projector', n: 4 }, // two registrations, the import, the message
      { consumer: 'result-assembler', n: 1 }, // the message's LinkChanged
    ]);
    const difference = await bob.ok('updates.getDifference', { pts: 0 });
    expect(difference.new_messages).toEqual([expect.objectContaining({ _: 'message', from_id: ann.id, message: 'hello', out: false })]);
  });

  it('with no trace exporter configured nothing is traced: no trace context in the answer, the envelopes or the headers', async () => {
    const api = stack.api();
    const ann = await TestUser.signUp(api, '9996670011', 'Ann', 3);
    const bob = await TestUser.signUp(api, '9996670012', 'Bob', 3);
    await ann.importContact(bob);
    const response = await fetch(`${api.baseUrl}/v1/messages.sendMessage`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${ann.token}`,
        traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
      },
      body: JSON.stringify({ peer: { _: 'inputPeerContact', user_id: bob.id }, message: 'untraced', random_id: '7' }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('traceparent')).toBeNull();

    const sent = (await readWholeTopic(`${stack.topicPrefix}.events`)).find(
      (e) => e.type === 'MessageSent' && e.payload.random_id === '7',
    )!;
    const outcome = (await readWholeTopic(`${stack.topicPrefix}.link-changed`)).find(
      (e) => e.type === 'LinkChanged' && e.payload.message_event_id === sent.event_id,
    )!;
    expect([sent.traceparent, outcome.traceparent]).toEqual([undefined, undefined]);
    expect(outcome.causation_id).toBe(sent.event_id);
    expect(outcome.correlation_id).toBe(sent.correlation_id);
  });

  it('Accept: application/x-tl answers in binary TL, the same object as the JSON form', async () => {
    const api = stack.api();
    const ann = await TestUser.signUp(api, '9996670031', 'Ann', 3);
    const params = { peer: { _: 'inputPeerSelf' }, message: 'binary', random_id: '9' };
    const json = await ann.ok('messages.sendMessage', params);
    const response = await fetch(`${api.baseUrl}/v1/messages.sendMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/x-tl', authorization: `Bearer ${ann.token}`, 'x-tl-layer': '3' },
      body: JSON.stringify(params),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/x-tl');
    expect(decodeTl(Buffer.from(await response.arrayBuffer()))).toEqual(json);
  });

  it('health endpoints answer and metrics move with traffic', async () => {
    for (const service of stack.services) {
      expect(await (await fetch(`${service.url}/health/live`)).json()).toEqual({ status: 'ok', info: {}, error: {}, details: {} });
      // Terminus's body: each indicator under `info` when up (under `error` when down), all of them under `details`.
      const ready = await fetch(`${service.url}/health/ready`);
      expect([ready.status, await ready.json()]).toEqual([
        200,
        {
          status: 'ok',
          info: { postgres: expect.objectContaining({ status: 'up' }), kafka: expect.objectContaining({ status: 'up' }) },
          error: {},
          details: { postgres: expect.objectContaining({ status: 'up' }), kafka: expect.objectContaining({ status: 'up' }) },
        },
      ]);
    }
    const metric = async (service: ServiceName, name: string) => {
      const text = await (await fetch(stack.service(service).metricsUrl)).text();
      return text
        .split('\n')
        .filter((line) => line.startsWith(name))
        .reduce((sum, line) => sum + Number(line.split(' ').pop()), 0);
    };
    const before = [
      await metric('message-gateway', 'http_request_duration_seconds_count'),
      await metric('link-projector', 'events_processed_total'),
      await metric('result-assembler', 'events_processed_total'),
    ];
    const ann = await TestUser.signUp(stack.api(), '9996670021', 'Ann', 3);
    await ann.ok('messages.sendMessage', { peer: { _: 'inputPeerSelf' }, message: 'note', random_id: '8' });
    const after = [
      await metric('message-gateway', 'http_request_duration_seconds_count'),
      await metric('link-projector', 'events_processed_total'),
      await metric('result-assembler', 'events_processed_total'),
    ];
    expect(after[0]).toBeGreaterThanOrEqual(before[0] + 2);
    expect(after[1]).toBeGreaterThanOrEqual(before[1] + 2);
    expect(after[2]).toBeGreaterThanOrEqual(before[2] + 1);
    expect(await metric('message-gateway', 'send_pipeline_seconds_count')).toBeGreaterThan(0);
  });
});
