import { logLines } from '../../test/log-lines';
import { createLogger, nameProcess } from './process-logger';
import { withTraceparent } from './trace-fields';

/** A logger like the process's, writing its lines into an array. */
function capture() {
  const { destination, lines } = logLines();
  return { logger: createLogger(destination), lines };
}

describe('the process logger', () => {
  const secret = 'a-deployment-secret-of-at-least-32-bytes!';
  beforeAll(() => {
    process.env.ACCESS_HASH_SECRET = secret;
    nameProcess('message-gateway');
  });
  afterAll(() => delete process.env.ACCESS_HASH_SECRET);

  it('writes one JSON object per line with the level by name, an ISO time and the service', () => {
    const { logger, lines } = capture();
    logger.child({ context: 'rpc' }).warn({ msg: 'request failed', method: 'auth.signIn' });
    expect(lines).toEqual([
      {
        level: 'warn',
        time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        service: 'message-gateway',
        context: 'rpc',
        msg: 'request failed',
        method: 'auth.signIn',
      },
    ]);
  });

  it('names the trace and span of the work the line belongs to', () => {
    const { logger, lines } = capture();
    withTraceparent('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01', () => logger.info('inside'));
    logger.info('outside');
    expect(lines[0]).toMatchObject({ trace_id: '4bf92f3577b34da6a3ce929d0e0e4736', span_id: '00f067aa0ba902b7', msg: 'inside' });
    expect(lines[1]).not.toHaveProperty('trace_id');
  });

  it('censors the sensitive fields by name and scrubs the free text of every argument', () => {
    const { logger, lines } = capture();
    const token = 'Q'.repeat(43);
    logger.error(
      {
        phone: '15551234567',
        req: { headers: { authorization: `Bearer ${token}` } },
        card: { phone_number: '123456789' },
        err: new Error(`hash ${'ab'.repeat(16)}`),
      },
      `secret ${secret} for 15551234567 and token ${token}`,
    );
    const text = JSON.stringify(lines);
    for (const leaked of ['15551234567', '123456789', token, 'ab'.repeat(16), secret]) expect(text).not.toContain(leaked);
    expect(lines[0]).toMatchObject({ phone: '[redacted]', card: { phone_number: '[redacted]' }, level: 'error' });
  });

  it('lets the level of a line decide: below the logger level nothing is written', () => {
    const { logger, lines } = capture();
    logger.debug('not at info');
    expect(lines).toEqual([]);
  });
});
