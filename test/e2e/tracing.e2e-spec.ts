import { TestUser } from '../support/api-client';
import { eventually } from '../support/deadline';
import { readWholeTopic } from '../support/log-reader';
import { OtlpReceiver, ReceivedSpan, SPAN_KIND } from '../support/otlp-receiver';
import { nextPhone } from '../support/scenario';
import { Stack, StackMode } from '../support/stack';

const traceIdOf = (traceparent: string | null | undefined) => traceparent?.split('-')[1];
const spanIdOf = (traceparent: string | undefined) => traceparent?.split('-')[2];
/** A statement's span (instrumentation-pg, in the old or the stable database conventions). */
const isStatement = (span: ReceivedSpan) => [span.attributes['db.system'], span.attributes['db.system.name']].includes('postgresql');

interface Setup {
  readonly mode: StackMode;
  readonly env: NodeJS.ProcessEnv;
  /** The service names the three roles export under (the embedded process is one service). */
  readonly gateway: string;
  readonly projector: string;
  readonly assembler: string;
  /** Kafka through kafkajs: its instrumentation's spans are expected too. */
  readonly kafkajs: boolean;
}

const SETUPS: [string, Setup][] = [
  [
    'distributed, kafkajs',
    { mode: 'distributed', env: {}, gateway: 'message-gateway', projector: 'link-projector', assembler: 'result-assembler', kafkajs: true },
  ],
  [
    'distributed, @platformatic/kafka',
    {
      mode: 'distributed',
      env: { KAFKA_CLIENT: 'platformatic' },
      gateway: 'message-gateway',
      projector: 'link-projector',
      assembler: 'result-assembler',
      kafkajs: false,
    },
  ],
  [
    'distributed, @confluentinc/kafka-javascript',
    {
      mode: 'distributed',
      env: { KAFKA_CLIENT: 'confluent' },
      gateway: 'message-gateway',
      projector: 'link-projector',
      assembler: 'result-assembler',
      kafkajs: false,
    },
  ],
  [
    'embedded, table log',
    { mode: 'embedded', env: {}, gateway: 'contact-links', projector: 'contact-links', assembler: 'contact-links', kafkajs: false },
  ],
];

/**
 * Tracing on the real broker and database (and in the embedded mode): the services export to an
 * OTLP/HTTP receiver of the test's own, and one send is followed from the HTTP request through the
 * projector and the assembler, through each adapter of the event-log port. The batch processor
 * waits far longer than the test, so the spans arrive only because a graceful stop flushes them.
 */
describe.each(SETUPS)('tracing (%s): one trace from the HTTP request through projector and assembler', (_name, setup) => {
  let receiver: OtlpReceiver;
  let stack: Stack;
  let spans: ReceivedSpan[];
  let traceId: string;
  let secrets: string[];

  beforeAll(async () => {
    receiver = await OtlpReceiver.start();
    stack = await Stack.start({
      mode: setup.mode,
      env: {
        ...setup.env,
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        OTEL_BSP_SCHEDULE_DELAY: '600000',
      },
    });
    const api = stack.api();
    const ann = await TestUser.signUp(api, nextPhone(), 'Ann', 3);
    const bob = await TestUser.signUp(api, nextPhone(), 'Bob', 3);
    await ann.importContact(bob);
    secrets = [ann.token, bob.token, ann.phone, bob.phone];

    const response = await fetch(`${api.baseUrl}/v1/messages.sendMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ann.token}`, 'x-tl-layer': '3' },
      body: JSON.stringify({ peer: { _: 'inputPeerContact', user_id: bob.id }, message: 'traced', random_id: '1' }),
    });
    expect(response.status).toBe(200);
    // A has B, B lacks A: the send reveals A's phone to B, so the assembler built a Link result.
    expect(((await response.json()) as { _: string })._).toBe('messages.sentMessageLink');
    traceId = traceIdOf(response.headers.get('traceparent'))!;
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);

    await Promise.all(stack.services.map((service) => service.stop('SIGTERM')));
    spans = await eventually(
      'the spans of the send in the gateway, the projector and the assembler',
      async () => {
        const names = new Set(receiver.spans.filter((s) => s.traceId === traceId).map((s) => s.name));
        return names.has('link-projector MessageSent') && names.has('result-assembler LinkChanged') ? receiver.spans : undefined;
      },
      30_000,
    );
  });
  afterAll(async () => {
    await stack?.stop();
    await receiver?.stop();
  });

  const one = (what: string, match: (span: ReceivedSpan) => boolean): ReceivedSpan => {
    const found = spans.filter(match);
    if (found.length !== 1) throw new Error(`${found.length} spans for ${what}: ${JSON.stringify(found.map((s) => [s.service, s.name]))}`);
    return found[0];
  };
  const byId = (spanId: string) => spans.find((s) => s.spanId === spanId);
  const linksTo = (span: ReceivedSpan, target: { traceId: string; spanId: string }) =>
    span.links.some((l) => l.traceId === target.traceId && l.spanId === target.spanId);
  const projected = () => one('the projector span of MessageSent', (s) => s.name === 'link-projector MessageSent');
  const assembled = () => one('the assembler span of LinkChanged', (s) => s.name === 'result-assembler LinkChanged');

  it('the gateway serves the call in a root HTTP server span', () => {
    const server = one('the server span of the send', (s) => s.traceId === traceId && s.kind === SPAN_KIND.server);
    expect(server).toMatchObject({ service: setup.gateway, parentSpanId: '' });
  });

  it('the projector processes MessageSent in a child of the gateway span it was created in, linked to its batch span, which links the message', () => {
    const message = projected();
    expect(message).toMatchObject({ service: setup.projector, traceId, kind: SPAN_KIND.consumer });
    const createdIn = byId(message.parentSpanId);
    expect(createdIn).toMatchObject({ service: setup.gateway, traceId });
    expect(createdIn!.kind).not.toBe(SPAN_KIND.consumer);
    const batch = one('the projector batch that carried it', (s) => s.name === 'link-projector batch' && linksTo(message, s));
    expect(linksTo(batch, createdIn!)).toBe(true);
  });

  it('the assembler processes LinkChanged (and hands the result back) in a child of the projector span, linked to its batch span', () => {
    const message = assembled();
    expect(message).toMatchObject({ service: setup.assembler, traceId, parentSpanId: projected().spanId, kind: SPAN_KIND.consumer });
    const batch = one('the assembler batch that carried it', (s) => s.name === 'result-assembler batch' && linksTo(message, s));
    expect(linksTo(batch, projected())).toBe(true);
  });

  it('no span carries a session token or a phone number', () => {
    const exported = JSON.stringify(spans);
    expect(secrets.filter((secret) => exported.includes(secret))).toEqual([]);
  });

  if (setup.mode === 'distributed') {
    it('the events carry their creation context in the envelope: MessageSent the gateway span, LinkChanged the projector span', async () => {
      const sent = (await readWholeTopic(`${stack.topicPrefix}.events`)).find((e) => e.type === 'MessageSent')!;
      const outcome = (await readWholeTopic(`${stack.topicPrefix}.link-changed`)).find(
        (e) => e.type === 'LinkChanged' && e.payload.message_event_id === sent.event_id,
      )!;
      expect([traceIdOf(sent.traceparent), spanIdOf(sent.traceparent)]).toEqual([traceId, projected().parentSpanId]);
      expect([traceIdOf(outcome.traceparent), spanIdOf(outcome.traceparent)]).toEqual([traceId, projected().spanId]);
    });

    it('database statements are traced: the gateway in the call, the consumers in their batch spans', () => {
      expect(spans.some((s) => s.traceId === traceId && s.service === setup.gateway && isStatement(s))).toBe(true);
      const batch = one('the projector batch', (s) => s.name === 'link-projector batch' && linksTo(projected(), s));
      expect(spans.some((s) => s.parentSpanId === batch.spanId && isStatement(s))).toBe(true);
    });
  }

  if (setup.kafkajs) {
    it('the kafkajs spans keep the creation context: the send span links it, the header carries it to the consumer', () => {
      const createdIn = { traceId, spanId: projected().parentSpanId };
      const send = spans.filter((s) => s.service === setup.gateway && s.kind === SPAN_KIND.producer && linksTo(s, createdIn));
      expect(send).toHaveLength(1);
      const processed = spans.filter((s) => s.service === setup.projector && s.name.startsWith('process ') && linksTo(s, createdIn));
      expect(processed).toHaveLength(1);
    });
  }
});
