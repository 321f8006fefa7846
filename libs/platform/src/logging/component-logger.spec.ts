import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { pinoHttp } from 'pino-http';
import { Logger } from 'pino';
import { LOGGER_PARAMS } from './component-logger';
import { logLines } from '../../test/log-lines';
import { createLogger } from './process-logger';

/** The request logger with the services' settings, on a logger writing into an array. */
function requestLogger() {
  const { destination, lines } = logLines();
  const settings = LOGGER_PARAMS.pinoHttp as Parameters<typeof pinoHttp>[0] & object;
  return { middleware: pinoHttp({ ...settings, logger: createLogger(destination) }), lines };
}

function call(headers: Record<string, string>) {
  const req = new IncomingMessage(new Socket());
  req.method = 'POST';
  req.url = '/v1/messages.sendMessage';
  req.headers = headers;
  return { req: req as IncomingMessage & { log: Logger }, res: new ServerResponse(req) as ServerResponse & { log: Logger } };
}

describe('the request logger settings', () => {
  it("puts the request's correlation id on its lines, and nothing of the request itself", () => {
    const { middleware, lines } = requestLogger();
    const { req, res } = call({ 'x-request-id': 'call-7', authorization: 'Bearer secret-token', 'x-tl-layer': '3' });
    middleware(req, res, () => undefined);
    req.log.info({ msg: 'in the request' });
    res.log.info({ msg: 'in the response' });
    expect(lines).toEqual([
      expect.objectContaining({ msg: 'in the request', correlation_id: 'call-7' }),
      expect.objectContaining({ msg: 'in the response', correlation_id: 'call-7' }),
    ]);
    // No line carries the request (its headers): with no line per request, serializing it is waste.
    expect(lines.every((line) => !('req' in line))).toBe(true);
    expect(JSON.stringify(lines)).not.toContain('secret-token');
  });

  it('gives a request without a usable id a new one', () => {
    const { middleware, lines } = requestLogger();
    const { req, res } = call({ 'x-request-id': 'not a token!' });
    middleware(req, res, () => undefined);
    req.log.info({ msg: 'line' });
    expect(lines[0].correlation_id).toMatch(/^[0-9a-f-]{36}$/);
  });
});
