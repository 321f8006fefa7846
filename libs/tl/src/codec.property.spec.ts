/** Random constructors with random values: our bytes equal GramJS's, and decode back to the same JSON. */
import fc from 'fast-check';
import { anyObject, damagedOrRandom, failsOnlyAsDecodeError, valueOf } from '../test/arbitraries';
import { GramJs } from '../test/gramjs';
import { encodeTl, encodeTlAs } from './binary';
import { decodeTl, decodeTlAs } from './binary-decode';
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
    fc.assert(
      fc.property(
        damagedOrRandom(anyObject, (value) => encodeTl(value as TlObject)),
        failsOnlyAsDecodeError(decodeTl),
      ),
      { numRuns: 500 },
    );
  });
});
