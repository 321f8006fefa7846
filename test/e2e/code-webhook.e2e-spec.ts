import { CodeDeliveryFailed } from '../../apps/message-gateway/src/auth/code-sender';
import { WebhookCodeSender } from '../../apps/message-gateway/src/auth/webhook-code-sender';
import { CodeReceiver } from '../support/code-receiver';

const SECRET = 'webhook-test-secret-of-at-least-32-bytes';
const delivery = { phone: '15550001', code: '12345', expiresAt: 1_900_000_000, langCode: 'en' };

/** The webhook code sender against a real HTTP server: delivery, signature, retries and their limits. */
describe('webhook code sender', () => {
  let receiver: CodeReceiver;
  beforeEach(async () => {
    receiver = await CodeReceiver.start(SECRET);
  });
  afterEach(() => receiver.stop());

  const sender = (attempts = 3) => new WebhookCodeSender({ url: receiver.url, secret: SECRET, attempts });
  const soon = () => Date.now() + 20_000;

  it('POSTs the code as signed JSON, once when the gateway accepts it', async () => {
    await sender().send(delivery, soon());
    expect(receiver.received).toEqual([
      {
        phone: '15550001',
        code: '12345',
        expires_at: 1_900_000_000,
        lang_code: 'en',
        delivery_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        signed: true,
      },
    ]);
  });

  it('a receiver with another secret sees the signature fail', async () => {
    await new WebhookCodeSender({ url: receiver.url, secret: 'another-secret-another-secret-another', attempts: 1 }).send(delivery, soon());
    expect(receiver.received.map((r) => r.signed)).toEqual([false]);
  });

  it('retries a 5xx and a 429 with the same delivery_id, and succeeds on the third try', async () => {
    receiver.script.push(503, 429);
    await sender(3).send(delivery, soon());
    expect(receiver.received).toHaveLength(3);
    expect(new Set(receiver.received.map((r) => r.delivery_id)).size).toBe(1);
  });

  it('fails after the configured tries, naming the last answer but not the phone or code', async () => {
    receiver.script.push(500, 500, 500, 500);
    const failure = sender(3).send(delivery, soon());
    await expect(failure).rejects.toBeInstanceOf(CodeDeliveryFailed);
    await expect(failure).rejects.toThrow(/answered 500/);
    await expect(failure).rejects.not.toThrow(/15550001|12345/);
    expect(receiver.received).toHaveLength(3);
  });

  it('does not retry a 4xx: the receiver refused the delivery for good', async () => {
    receiver.script.push(400);
    await expect(sender(3).send(delivery, soon())).rejects.toThrow(/answered 400/);
    expect(receiver.received).toHaveLength(1);
  });

  it('gives up by the deadline when the receiver never answers', async () => {
    receiver.script.push('hang', 'hang', 'hang');
    const started = Date.now();
    await expect(sender(3).send(delivery, started + 1_500)).rejects.toThrow(/no answer in time/);
    expect(Date.now() - started).toBeLessThan(1_500 + 1_000);
  });

  it('fails when nothing listens at the URL', async () => {
    const url = receiver.url;
    await receiver.stop();
    await expect(new WebhookCodeSender({ url, secret: SECRET, attempts: 2 }).send(delivery, soon())).rejects.toThrow(/unreachable/);
    receiver = await CodeReceiver.start(SECRET); // for afterEach
  });
});
