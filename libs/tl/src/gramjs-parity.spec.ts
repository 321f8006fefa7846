/**
 * Byte-for-byte parity with GramJS for every line of the schema: GramJS builds its classes from
 * our schema text (with the published ids) and serialises the same JSON samples; our encoder uses
 * ids derived from the lines. Equal bytes = same ids, same field order, same primitive encodings.
 */
import { GramJs } from '../test/gramjs';
import { LONG_BEYOND_DOUBLE, LONG_MAX, LONG_MIN, SAMPLES } from '../test/samples';
import { encodeTl, encodeTlAs } from './binary';
import { decodeTl, decodeTlAs } from './binary-decode';
import { BOOL_FALSE_ID, BOOL_TRUE_ID, TL_SCHEMA, VECTOR_ID } from './schema';
import { SCHEMA_LINES } from './schema-lines';
import type { TlName, TlObject, User } from './types';

const gram = new GramJs(['Bool', 'Vector<int>', 'Vector<long>', 'Vector<User>']);
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

const objectConstructors = TL_SCHEMA.filter((c) => c.resultType !== 'Bool' && c.predicate !== 'vector');

describe('GramJS parity, every object constructor', () => {
  it.each(objectConstructors.map((c) => [c.predicate] as const))('%s', (predicate) => {
    const samples: TlObject[] = SAMPLES[predicate as TlName] ?? [];
    expect(samples.length).toBeGreaterThan(0);
    for (const sample of samples) {
      const ours = encodeTl(sample);
      expect(hex(ours)).toBe(hex(gram.encodeObject(sample)));
      expect(decodeTl(ours)).toEqual(sample);
      // GramJS reads our bytes back and writes the same bytes: its reader agrees too (the e2e tests decode answers with it).
      expect(hex(GramJs.encodeDecoded(gram.decode(ours)))).toBe(hex(ours));
    }
  });

  it('has samples only for constructors of the schema', () => {
    expect(Object.keys(SAMPLES).sort()).toEqual(objectConstructors.map((c) => c.predicate).sort());
  });
});

describe('GramJS harness', () => {
  // Guards against a vacuous comparison: GramJS must really serialise from the lines it is given.
  it('follows the schema text it was built from, published ids included', () => {
    const sample = { _: 'contacts.foreignLinkRequested', has_phone: true } as const;
    expect(hex(gram.encodeObject(sample))).toBe('471f80a7' + 'b5757299');
    const altered = SCHEMA_LINES.map((line) =>
      line.replace('contacts.foreignLinkRequested#a7801f47', 'contacts.foreignLinkRequested#a7801f48'),
    );
    const alteredGram = new GramJs([], altered);
    expect(hex(alteredGram.encodeObject(sample))).toBe('481f80a7' + 'b5757299');
    expect(hex(alteredGram.encodeObject(sample))).not.toBe(hex(encodeTl(sample)));
  });
});

describe('GramJS parity, built-ins', () => {
  it.each([
    ['boolTrue', true, BOOL_TRUE_ID],
    ['boolFalse', false, BOOL_FALSE_ID],
  ] as const)('%s', (_, value, id) => {
    const ours = encodeTl(value);
    expect(hex(ours)).toBe(hex(gram.encodeAs('Bool', value)));
    expect(ours.readUInt32LE(0)).toBe(id);
    expect(decodeTl(ours)).toBe(value);
  });

  it('vector of ints, longs and boxed objects', () => {
    const ints = [0, -1, 2147483647, -2147483648];
    expect(hex(encodeTlAs('Vector<int>', ints))).toBe(hex(gram.encodeAs('Vector<int>', ints)));
    expect(decodeTlAs('Vector<int>', encodeTlAs('Vector<int>', ints))).toEqual(ints);

    const longs = ['0', '-1', LONG_BEYOND_DOUBLE, LONG_MAX, LONG_MIN];
    expect(hex(encodeTlAs('Vector<long>', longs))).toBe(hex(gram.encodeAs('Vector<long>', longs)));
    expect(decodeTlAs('Vector<long>', encodeTlAs('Vector<long>', longs))).toEqual(longs);

    const users: User[] = [...SAMPLES.userContact, ...SAMPLES.userForeign, ...SAMPLES.userDeleted];
    const ours = encodeTl(users);
    expect(ours.readUInt32LE(0)).toBe(VECTOR_ID);
    expect(hex(ours)).toBe(hex(gram.encodeAs('Vector<User>', users)));
    expect(hex(encodeTlAs('Vector<User>', users))).toBe(hex(ours));
    expect(decodeTl(ours)).toEqual(users);
    expect(hex(encodeTl([]))).toBe(hex(gram.encodeAs('Vector<User>', [])));
  });
});
