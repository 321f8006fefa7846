/** fast-check arbitraries for JSON TL values, generated from the runtime schema (any constructor, any field). */
import fc from 'fast-check';
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
