/**
 * The request reader against GramJS as the independent writer: every method, bare and wrapped,
 * decodes to the JSON GramJS was given; damaged or hostile bytes fail as a named TlDecodeError.
 */
import fc from 'fast-check';
import { damagedOrRandom, failsOnlyAsDecodeError, objectOf } from '../test/arbitraries';
import { GramJs } from '../test/gramjs';
import { decodeTlCall } from './call-decode';
import { TlDecodeError } from './errors';
import { TL_METHODS } from './functions';

const gram = new GramJs([]);
const anyCall = fc.oneof(...TL_METHODS.map(objectOf));

const sendMessage = {
  _: 'messages.sendMessage',
  peer: { _: 'inputPeerContact', user_id: 7 },
  message: 'hi',
  random_id: '9007199254740993',
};
const connection = { api_id: 1, device_model: 'pc', system_version: 'linux', app_version: '0.1', lang_code: 'en' };

function withoutName(call: Record<string, unknown>): Record<string, unknown> {
  const { _: _name, ...params } = call;
  return params;
}

function decodeError(bytes: Uint8Array): TlDecodeError {
  try {
    decodeTlCall(bytes);
  } catch (error) {
    if (error instanceof TlDecodeError) return error;
    throw error;
  }
  throw new Error('decoded without error');
}

describe('decodeTlCall: GramJS-encoded calls', () => {
  it.each(TL_METHODS.map((fn) => [fn.predicate, fn] as const))('%s decodes to the fields GramJS wrote', (predicate, fn) => {
    fc.assert(
      fc.property(objectOf(fn), (call) => {
        expect(decodeTlCall(gram.encodeObject(call))).toEqual({ method: predicate, params: withoutName(call), layer: undefined });
      }),
      { numRuns: 30 },
    );
  });

  it('pins one call to its published bytes', () => {
    expect(gram.encodeObject(sendMessage).toString('hex')).toBe('ab0ade4c' + 'e8db2310' + '07000000' + '02686900' + '0100000000002000');
  });

  it.each([1, 2, 3])('invokeWithLayer%i states its layer', (layer) => {
    const bytes = gram.encodeObject({ _: `invokeWithLayer${layer}`, query: sendMessage });
    expect(decodeTlCall(bytes)).toEqual({ method: 'messages.sendMessage', params: withoutName(sendMessage), layer });
  });

  it('invokeWithLayer{layer} states any layer; the caller decides what it serves', () => {
    const bytes = gram.encodeObject({ _: 'invokeWithLayer', layer: 12, query: sendMessage });
    expect(decodeTlCall(bytes).layer).toBe(12);
  });

  it('initConnection states no layer, inside or outside invokeWithLayer3', () => {
    const init = { _: 'initConnection', ...connection, query: sendMessage };
    expect(decodeTlCall(gram.encodeObject(init))).toEqual({
      method: 'messages.sendMessage',
      params: withoutName(sendMessage),
      layer: undefined,
    });
    expect(decodeTlCall(gram.encodeObject({ _: 'invokeWithLayer3', query: init })).layer).toBe(3);
    const inside = { _: 'initConnection', ...connection, query: { _: 'invokeWithLayer2', query: sendMessage } };
    expect(decodeTlCall(gram.encodeObject(inside))).toMatchObject({ method: 'messages.sendMessage', layer: 2 });
  });

  it('any method, any fields, any wrapping: decodes as GramJS wrote it', () => {
    const wrapped = fc.tuple(anyCall, fc.constantFrom(undefined, 1, 2, 3), fc.boolean()).map(([call, layer, init]) => {
      let query: Record<string, unknown> = call;
      if (init) query = { _: 'initConnection', ...connection, query };
      if (layer) query = { _: `invokeWithLayer${layer}`, query };
      return { call, layer, bytes: gram.encodeObject(query) };
    });
    fc.assert(
      fc.property(wrapped, ({ call, layer, bytes }) => {
        expect(decodeTlCall(bytes)).toEqual({ method: call._, params: withoutName(call), layer });
      }),
      { numRuns: 300 },
    );
  });
});

describe('decodeTlCall: damaged and hostile input', () => {
  const sample = gram.encodeObject({ _: 'invokeWithLayer3', query: { _: 'initConnection', ...connection, query: sendMessage } });

  it('every truncation is a named truncation, never a partial call', () => {
    for (let length = 0; length < sample.length; length++) {
      expect(decodeError(sample.subarray(0, length)).reason).toMatch(/^truncated|^unknown function id|^impossible/);
    }
  });

  it('refuses trailing bytes, unknown ids and an object where a call belongs', () => {
    expect(decodeError(Buffer.concat([gram.encodeObject(sendMessage), Buffer.alloc(4)])).reason).toBe('4 trailing bytes');
    expect(decodeError(Buffer.from('00000000', 'hex')).reason).toBe('unknown function id 0x00000000');
    const object = gram.encodeObject({ _: 'inputPeerContact', user_id: 1 });
    expect(decodeError(object).reason).toBe('unknown function id 0x1023dbe8');
  });

  it('refuses a wrapper repeated, so a call is at most three deep', () => {
    const twice = gram.encodeObject({ _: 'invokeWithLayer3', query: { _: 'invokeWithLayer1', query: sendMessage } });
    expect(decodeError(twice).reason).toBe('invokeWithLayer wraps the call twice');
    const init = { _: 'initConnection', ...connection, query: { _: 'initConnection', ...connection, query: sendMessage } };
    expect(decodeError(gram.encodeObject(init)).reason).toBe('initConnection wraps the call twice');
  });

  it('checks a vector count against the bytes left before reading any element', () => {
    const header = Buffer.alloc(12);
    header.writeUInt32LE(0x0d91a548, 0); // users.getUsers
    header.writeUInt32LE(0x1cb5c415, 4);
    header.writeInt32LE(0x7fffffff, 8);
    expect(decodeError(header)).toMatchObject({ path: '$.id', reason: 'impossible vector length 2147483647' });
  });

  it('refuses a string that is not UTF-8', () => {
    const bytes = gram.encodeObject({ ...sendMessage, message: 'hi' });
    bytes[13] = 0xff; // "h": after the id (4), the peer (8) and the length byte
    expect(decodeError(bytes)).toMatchObject({ path: '$.message', reason: 'string is not valid UTF-8' });
  });

  it('random, damaged or cut bytes only ever fail as TlDecodeError', () => {
    fc.assert(
      fc.property(
        damagedOrRandom(anyCall, (call) => gram.encodeObject(call)),
        failsOnlyAsDecodeError(decodeTlCall),
      ),
      { numRuns: 500 },
    );
  });
});
