/**
 * A binary TL client over the HTTP API (docs/api.md): calls are written by GramJS from the
 * published function lines (not by our codec), answers are read by GramJS and must come back byte
 * for byte when GramJS writes what it read; the same bytes decoded by our codec give the JSON form
 * the tests assert on.
 */
import { decodeTl, TlValue } from '@app/tl';
import { GramJs } from '../../libs/tl/test/gramjs';

export const BINARY_TL = 'application/x-tl';

/** GramJS-encoded function calls; the wrappers as Telegram's clients sent them. */
const gram = new GramJs([]);
const connection = { api_id: 1, device_model: 'e2e', system_version: 'node', app_version: '1.0', lang_code: 'en' };

export interface Wrapping {
  /** Wraps the call in invokeWithLayerN. */
  readonly layer?: 1 | 2 | 3;
  /** Wraps the call in initConnection (inside the layer wrapper, as clients do). */
  readonly init?: boolean;
}

/** The bytes of `call` (JSON TL with `_`), wrapped as asked. */
export function encodeCall(call: Record<string, unknown>, { layer, init = false }: Wrapping = {}): Buffer {
  let query = call;
  if (init) query = { _: 'initConnection', ...connection, query };
  if (layer) query = { _: `invokeWithLayer${layer}`, query };
  return gram.encodeObject(query);
}

export interface TlAnswer<T = any> {
  readonly status: number;
  /** The layer the gateway served the call in (X-TL-Layer of the answer). */
  readonly layer: number;
  /** X-Auth-Token: the session token of auth.authorization in the binary form. */
  readonly token: string | null;
  /** Our decoding of the answer's bytes, after GramJS read and rewrote them unchanged. */
  readonly value: T;
}

/** POSTs binary TL `body` to /v1/<method>, asking for a binary answer. */
export async function postTl<T = any>(
  baseUrl: string,
  method: string,
  body: Uint8Array,
  headers: Record<string, string> = {},
): Promise<TlAnswer<T>> {
  const response = await fetch(`${baseUrl}/v1/${method}`, {
    method: 'POST',
    headers: { 'content-type': BINARY_TL, accept: BINARY_TL, ...headers },
    body,
  });
  const bytes = Buffer.from(await response.arrayBuffer());
  if (!response.headers.get('content-type')?.startsWith(BINARY_TL)) {
    throw new Error(`${method} answered ${response.status} ${response.headers.get('content-type')}: ${bytes.toString('utf8')}`);
  }
  expect(GramJs.encodeDecoded(gram.decode(bytes)).toString('hex')).toBe(bytes.toString('hex'));
  return {
    status: response.status,
    layer: Number(response.headers.get('x-tl-layer')),
    token: response.headers.get('x-auth-token'),
    value: decodeTl(bytes) as T & TlValue,
  };
}

/** A binary call by a signed-in client: `call` wrapped as asked, with the session's bearer token. */
export function callTl<T = any>(baseUrl: string, token: string | undefined, call: Record<string, unknown>, wrapping: Wrapping = {}) {
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  return postTl<T>(baseUrl, String(call._), encodeCall(call, wrapping), headers);
}
