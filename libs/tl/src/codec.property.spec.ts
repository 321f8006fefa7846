/** Random constructors with random values: our bytes equal GramJS's, and decode back to the same JSON. */
import fc from 'fast-check';
import { anyObject, valueOf } from '../test/arbitraries';
import { GramJs } from '../test/gramjs';
import { encodeTl, encodeTlAs } from './binary';
import { decodeTl, decodeTlAs } from './binary-decode';
import { TlDecodeError } from './errors';
import type { TlObject } from './types';

const gram = new GramJs(['Vector<User>', 'Vector<long>']);
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

describe('codec properties', () => {
  it('any constructor encodes exactly as GramJS does and decodes back', () => {
    fc.assert(
      fc.property(anyObject, (value) => {
        const ours = encodeTl(value as TlObject);
        expect(hex(ours)).toBe(hex(gram.encodeObject(value)));
        expect(decodeTl(ours)).toEqual(value);
      }),
      { numRuns: 500 },
    );
  });

  it.each(['Vector<User>', 'Vector<long>'])('top-level %s encodes as GramJS does and decodes back', (type) => {
    fc.assert(
      fc.property(valueOf(type), (value) => {
        const ours = encodeTlAs(type, value);
        expect(hex(ours)).toBe(hex(gram.encodeAs(type, value)));
        expect(decodeTlAs(type, ours)).toEqual(value);
      }),
      { numRuns: 200 },
    );
  });

  // Corrupt input (from a client or a bad store) must fail as a TlDecodeError, never as a crash.
  it('decoding damaged encodings only ever throws TlDecodeError', () => {
    const damaged = fc.tuple(anyObject, fc.nat(), fc.integer({ min: 1, max: 255 }), fc.boolean()).map(([value, at, xor, truncate]) => {
      const bytes = Buffer.from(encodeTl(value as TlObject));
      const index = at % bytes.length;
      if (truncate) return bytes.subarray(0, index);
      bytes[index] = bytes[index]! ^ xor;
      return bytes;
    });
    fc.assert(
      fc.property(fc.oneof(damaged, fc.uint8Array({ maxLength: 64 })), (bytes) => {
        try {
          decodeTl(bytes);
        } catch (error) {
          expect(error).toBeInstanceOf(TlDecodeError);
        }
      }),
      { numRuns: 500 },
    );
  });
});
