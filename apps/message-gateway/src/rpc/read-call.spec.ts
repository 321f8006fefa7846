import { Readable } from 'node:stream';
import { IncomingMessage } from 'node:http';
import { RpcError } from '@app/platform';
import { GramJs } from '../../../../libs/tl/test/gramjs';
import { readCall } from './read-call';

const gram = new GramJs([]);
const getState = { _: 'updates.getState' };
const sendMessage = { _: 'messages.sendMessage', peer: { _: 'inputPeerSelf' }, message: 'hi', random_id: '1' };

/** A request as readCall sees it: headers (named in lower case, as Node gives them) and a body stream. */
function request(body: Buffer | string, headers: Record<string, string> = {}): IncomingMessage {
  const lower = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
  return Object.assign(Readable.from([Buffer.from(body)]), { headers: lower }) as unknown as IncomingMessage;
}
const binary = (call: Record<string, unknown>, headers: Record<string, string> = {}) =>
  request(gram.encodeObject(call), { 'content-type': 'application/x-tl', ...headers });

async function refusal(pending: Promise<unknown>): Promise<string> {
  const error = await pending.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof RpcError)) throw new Error(`expected an RpcError, got ${String(error)}`);
  return `${error.code} ${error.errorName}`;
}

describe('readCall: JSON', () => {
  it('takes the parameters from the body and the layer from the header', async () => {
    expect(await readCall(request('{"pts":3}', { 'x-tl-layer': '3' }), 'updates.getDifference')).toEqual({
      params: { pts: 3 },
      statedLayer: 3,
    });
    expect(await readCall(request(''), 'updates.getState')).toEqual({ params: {}, statedLayer: undefined });
  });

  it('names malformed bodies and headers', async () => {
    expect(await refusal(readCall(request('{"a":'), 'updates.getState'))).toBe('400 JSON_INVALID');
    expect(await refusal(readCall(request('[1]'), 'updates.getState'))).toBe('400 INPUT_INVALID');
    for (const layer of ['0', 'three', '1000', '-1']) {
      expect(await refusal(readCall(request('{}', { 'x-tl-layer': layer }), 'updates.getState'))).toBe('400 LAYER_INVALID');
    }
    expect((await readCall(request('{}', { 'x-tl-layer': '7' }), 'updates.getState')).statedLayer).toBe(3);
  });
});

describe('readCall: binary TL', () => {
  it('decodes the call the URL names, with the layer of its wrapper', async () => {
    const { _: _name, ...params } = sendMessage;
    expect(await readCall(binary(sendMessage, { 'content-type': 'Application/X-TL; charset=binary' }), 'messages.sendMessage')).toEqual({
      params,
      statedLayer: undefined,
    });
    expect(await readCall(binary({ _: 'invokeWithLayer2', query: getState }), 'updates.getState')).toEqual({ params: {}, statedLayer: 2 });
    expect((await readCall(binary({ _: 'invokeWithLayer', layer: 200, query: getState }), 'updates.getState')).statedLayer).toBe(3);
  });

  it('agrees with the header or refuses', async () => {
    const wrapped = { _: 'invokeWithLayer3', query: getState };
    expect((await readCall(binary(wrapped, { 'x-tl-layer': '3' }), 'updates.getState')).statedLayer).toBe(3);
    expect((await readCall(binary(getState, { 'x-tl-layer': '2' }), 'updates.getState')).statedLayer).toBe(2);
    expect(await refusal(readCall(binary(wrapped, { 'x-tl-layer': '1' }), 'updates.getState'))).toBe('400 LAYER_INVALID');
    expect(await refusal(readCall(binary({ _: 'invokeWithLayer', layer: 0, query: getState }), 'updates.getState'))).toBe(
      '400 LAYER_INVALID',
    );
  });

  it('names a body for another method, and bytes that do not decode', async () => {
    expect(await refusal(readCall(binary(sendMessage), 'updates.getState'))).toBe('400 TL_METHOD_MISMATCH');
    expect(await refusal(readCall(request('', { 'content-type': 'application/x-tl' }), 'updates.getState'))).toBe('400 TL_INVALID');
    expect(await refusal(readCall(request('{}', { 'content-type': 'application/x-tl' }), 'updates.getState'))).toBe('400 TL_INVALID');
  });
});
