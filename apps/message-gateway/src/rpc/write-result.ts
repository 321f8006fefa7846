import { IncomingMessage } from 'node:http';
import Negotiator from 'negotiator';
import { FastifyReply } from 'fastify';
import { TlEncodeError, encodeTl } from '@app/tl';
import { internal } from '@app/platform';
import { BINARY_TL } from './binary-tl';
import { TlResult } from './rpc-method';

const ANSWER_TYPES = ['application/json', BINARY_TL];

/** Whether the client prefers binary TL by its Accept header; JSON when it states no preference or weighs both alike. */
function wantsBinaryTl(req: IncomingMessage): boolean {
  return new Negotiator(req).mediaType(ANSWER_TYPES) === BINARY_TL;
}

/**
 * JSON by default; binary TL when the client asks for `application/x-tl`. Transport additions that
 * have no TL field (the session token) travel in a header in the binary form.
 */
export function writeResult(req: IncomingMessage, reply: FastifyReply, status: number, result: TlResult): void {
  if (!wantsBinaryTl(req)) {
    reply.code(status).type('application/json; charset=utf-8').send(JSON.stringify(result));
    return;
  }
  let value: unknown = result;
  if (!Array.isArray(result) && typeof result === 'object' && 'token' in result) {
    const { token, ...rest } = result;
    reply.header('X-Auth-Token', String(token));
    value = rest;
  }
  try {
    reply
      .code(status)
      .type(BINARY_TL)
      .send(encodeTl(value as TlResult));
  } catch (error) {
    if (!(error instanceof TlEncodeError)) throw error;
    reply.code(500).type('application/json; charset=utf-8').send(JSON.stringify(internal()));
  }
}
