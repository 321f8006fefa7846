import { Request, Response } from 'express';
import { TlEncodeError, encodeTl } from '@app/tl';
import { internal } from '@app/platform';
import { BINARY_TL } from './binary-tl';
import { TlResult } from './rpc-method';

/**
 * JSON by default; binary TL when the client asks for `application/x-tl`. Transport additions that
 * have no TL field (the session token) travel in a header in the binary form.
 */
export function writeResult(req: Request, res: Response, status: number, result: TlResult): void {
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
      .send(encodeTl(value as TlResult));
  } catch (error) {
    if (!(error instanceof TlEncodeError)) throw error;
    res.status(500).type('application/json').send(JSON.stringify(internal()));
  }
}
