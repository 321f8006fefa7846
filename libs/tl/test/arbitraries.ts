/** fast-check arbitraries for JSON TL values, generated from the runtime schema (any constructor, any field). */
import fc from 'fast-check';
import { TlDecodeError } from '../src/errors';
import { constructorsOf, TL_SCHEMA, TlCombinator } from '../src/schema';
import { parseTypeExpr, TlTypeExpr } from '../src/type-expr';

const INT32 = fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });
const INT64 = fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map(String);
/** Short, long-form (>= 254 bytes) and multi-byte strings; graphemes keep them valid UTF-8. */
const TL_STRING = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.string({ minLength: 250, maxLength: 300 }),
  fc.constantFrom('', 'x'.repeat(253), 'x'.repeat(254)),
);

const byType = new Map<string, fc.Arbitrary<unknown>>();

/** Any value of TL type `type`. The schema's type graph has no cycles, so plain recursion ends. */
export function valueOf(type: string): fc.Arbitrary<unknown> {
  let arbitrary = byType.get(type);
  if (!arbitrary) {
    arbitrary = build(parseTypeExpr(type), type);
    byType.set(type, arbitrary);
  }
  return arbitrary;
}

function build(expr: TlTypeExpr, text: string): fc.Arbitrary<unknown> {
  switch (expr.kind) {
    case 'int':
      return INT32;
    case 'long':
      return INT64;
    case 'string':
      return TL_STRING;
    case 'Bool':
      return fc.boolean();
    case 'vector': {
      const element = text.slice(text.indexOf('<') + 1, -1);
      // A type without constructors (EncryptedMessage) only ever appears as an empty vector.
      const elementExpr = parseTypeExpr(element);
      if (elementExpr.kind === 'object' && constructorsOf(elementExpr.type).length === 0) return fc.constant([]);
      return fc.array(valueOf(element), { maxLength: 3 });
    }
    case 'object':
      return fc.oneof(...constructorsOf(expr.type).map(objectOf));
  }
}

export function objectOf(combinator: TlCombinator): fc.Arbitrary<Record<string, unknown>> {
  const fields = Object.fromEntries(combinator.params.map((param) => [param.name, valueOf(param.type)]));
  return fc.record(fields).map((values) => ({ _: combinator.predicate, ...values }));
}

export const OBJECT_CONSTRUCTORS = TL_SCHEMA.filter((c) => c.resultType !== 'Bool' && c.predicate !== 'vector');

/** A random constructor of the schema with random field values. */
export const anyObject: fc.Arbitrary<Record<string, unknown>> = fc.oneof(...OBJECT_CONSTRUCTORS.map(objectOf));

/** Encodings of `values` with one byte changed or cut short, or random bytes: input a decoder must refuse cleanly. */
export function damagedOrRandom<T>(values: fc.Arbitrary<T>, encode: (value: T) => Uint8Array): fc.Arbitrary<Uint8Array> {
  const damaged = fc.tuple(values, fc.nat(), fc.integer({ min: 1, max: 255 }), fc.boolean()).map(([value, at, xor, truncate]) => {
    const bytes = Buffer.from(encode(value));
    const index = at % bytes.length;
    if (truncate) return bytes.subarray(0, index);
    bytes[index] = bytes[index]! ^ xor;
    return bytes;
  });
  return fc.oneof(damaged, fc.uint8Array({ maxLength: 64 }));
}

/** A property: `decode` either decodes the bytes or refuses them with a TlDecodeError, never another failure. */
export function failsOnlyAsDecodeError(decode: (bytes: Uint8Array) => unknown): (bytes: Uint8Array) => void {
  return (bytes) => {
    try {
      decode(bytes);
    } catch (error) {
      if (!(error instanceof TlDecodeError)) throw error;
    }
  };
}
