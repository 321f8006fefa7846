import { IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import { logLines } from '../../test/log-lines';
import { createLogger } from './process-logger';
import { inRequestContext, requestCorrelationId } from './request-context';

function requestWith(headers: Record<string, string>): IncomingMessage {
  const req = new IncomingMessage(new Socket());
  req.headers = headers;
  return req;
}

describe('the request context of log lines', () => {
  it("puts the request's correlation id on every line written while serving it, across awaits, and on no other", async () => {
    const { destination, lines } = logLines();
    const logger = createLogger(destination);
    logger.info({ msg: 'before' });
    await inRequestContext('call-7', async () => {
      logger.info({ msg: 'in the request' });
      await new Promise((resolve) => setImmediate(resolve));
      logger.child({ context: 'rpc' }).warn({ msg: 'later in the request' });
    });
    await inRequestContext('call-8', async () => logger.info({ msg: 'in another request' }));
    logger.info({ msg: 'after' });
    expect(lines.map((line) => [line.msg, line.correlation_id])).toEqual([
      ['before', undefined],
      ['in the request', 'call-7'],
      ['later in the request', 'call-7'],
      ['in another request', 'call-8'],
      ['after', undefined],
    ]);
  });

  it("takes the client's X-Request-Id when it is a plain token, else gives the request a new one", () => {
    expect(requestCorrelationId(requestWith({ 'x-request-id': 'call-7' }))).toBe('call-7');
    for (const given of ['not a token!', 'x'.repeat(101), ''])
      expect(requestCorrelationId(requestWith({ 'x-request-id': given }))).toMatch(/^[0-9a-f-]{36}$/);
    expect(requestCorrelationId(requestWith({}))).toMatch(/^[0-9a-f-]{36}$/);
  });
});
