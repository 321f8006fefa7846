import { Request, Response } from 'express';
import { TlEncodeError, encodeTl } from '@app/tl';
import { TlResult } from './rpc-method';

const BINARY_TL = 'application/x-tl';

/**
 * JSON by default; binary TL when the client asks for `application/x-tl`. Transport additions that
 * have no TL field (the session token) travel in a header in the binary form.
 */
export function writeResult(req: Request, res: Response, status: number, result: TlResult | Record<string, unknown>): void {
  if (req.accepts(['application/json', BINARY_TL]) !== BINARY_TL) {
    res.status(status).type('application/json').send(JSON.stringify(result));
    return;
  }
  let value: unknown = result;
  if (!Array.isArray(result) && typeof result === 'object' && 'token' in result) {
    const { token, ...rest } = result;
    res.setHeader('X-Auth-Token', String(token));
    value = rest;
  }
  try {
    res
      .status(status)
      .type(BINARY_TL)
      .send(encodeTl(value as Parameters<typeof encodeTl>[0]));
  } catch (error) {
    if (!(error instanceof TlEncodeError)) throw error;
    res
      .status(500)
      .type('application/json')
      .send(JSON.stringify({ _: 'rpc_error', error_code: 500, error_message: 'INTERNAL' }));
  }
}
