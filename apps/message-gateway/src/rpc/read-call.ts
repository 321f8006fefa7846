import { IncomingMessage } from 'node:http';
import { TlDecodeError, decodeTlCall } from '@app/tl';
import { badRequest } from '@app/platform';
import { sendsBinaryTl } from './binary-tl';
import { readBody } from './read-body';
import { layerOfHeader, servedLayer } from './stated-layer';
import { headerOf } from './header-of';

/** What a request asks of a method: its parameters (still to be checked by the method's schema) and the layer it states. */
export interface CallRequest {
  readonly params: Record<string, unknown>;
  /** Undefined when neither the header nor a binary wrapper states one. */
  readonly statedLayer?: number;
}

function jsonParams(body: Buffer): Record<string, unknown> {
  if (body.length === 0) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    throw badRequest('JSON_INVALID');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw badRequest('INPUT_INVALID');
  return parsed as Record<string, unknown>;
}

/**
 * A binary TL call for `method`: the URL names the method and the body must call that one
 * (TL_METHOD_MISMATCH otherwise), so routing, metrics and logs never depend on decoding.
 */
function binaryCall(body: Buffer, method: string): { params: Record<string, unknown>; layer?: number } {
  let call;
  try {
    call = decodeTlCall(body);
  } catch (error) {
    if (error instanceof TlDecodeError) throw badRequest('TL_INVALID');
    throw error;
  }
  if (call.method !== method) throw badRequest('TL_METHOD_MISMATCH');
  return { params: call.params, layer: call.layer === undefined ? undefined : servedLayer(call.layer) };
}

/** The header's layer or the body's; two different ones in one request: neither can be taken as what the client meant. */
function agreedLayer(header: number | undefined, body: number | undefined): number | undefined {
  if (header !== undefined && body !== undefined && header !== body) throw badRequest('LAYER_INVALID');
  return body ?? header;
}

/** Reads a call to `method` from a JSON body, or a binary TL one under `Content-Type: application/x-tl` (docs/api.md). */
export async function readCall(req: IncomingMessage, method: string): Promise<CallRequest> {
  const body = await readBody(req);
  const call: { params: Record<string, unknown>; layer?: number } = sendsBinaryTl(headerOf(req, 'content-type'))
    ? binaryCall(body, method)
    : { params: jsonParams(body) };
  const statedLayer = agreedLayer(layerOfHeader(headerOf(req, 'x-tl-layer')), call.layer);
  return { params: call.params, statedLayer };
}
