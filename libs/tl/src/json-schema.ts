/**
 * JSON Schemas (draft 2020-12, the dialect of OpenAPI 3.1) of the JSON form of TL values
 * (docs/api.md): an object per constructor with `"_"` naming it, `long` as a decimal string,
 * `Bool` as a JSON boolean, `Vector<T>` as an array. Derived from the schema lines like everything here.
 */
import { TlCombinator, combinatorNamed, constructorsOf } from './schema';

export type JsonSchema = boolean | { readonly [keyword: string]: unknown };

/** Where a constructor's own schema is referenced from, e.g. `#/components/schemas/userContact`. */
export type SchemaRef = (predicate: string) => string;

const VECTOR = /^[Vv]ector<(.+)>$/;
const INT = { type: 'integer', minimum: -(2 ** 31), maximum: 2 ** 31 - 1 };
const LONG = { type: 'string', pattern: '^(0|-?[1-9][0-9]{0,18})$', description: 'TL long: a signed 64-bit integer as a decimal string' };

/** The schema of a value of a TL type: a bare type, a vector, or a boxed type (one of its constructors). */
export function typeSchema(type: string, ref: SchemaRef): JsonSchema {
  if (type === 'int') return INT;
  if (type === 'long') return LONG;
  if (type === 'string') return { type: 'string' };
  if (type === 'Bool') return { type: 'boolean' };
  const element = VECTOR.exec(type)?.[1];
  if (element) return { type: 'array', items: typeSchema(element, ref) };
  return oneOfConstructors(
    constructorsOf(type).map((c) => c.predicate),
    ref,
  );
}

/** Any of the named constructors; none at all (a type this server never sends, such as EncryptedMessage) matches nothing. */
export function oneOfConstructors(predicates: readonly string[], ref: SchemaRef): JsonSchema {
  const refs = predicates.map((predicate) =>
    predicate === 'boolTrue' || predicate === 'boolFalse' ? boolSchema(predicate) : { $ref: ref(predicate) },
  );
  if (refs.length === 0) return false;
  return refs.length === 1 ? refs[0] : { oneOf: refs };
}

function boolSchema(predicate: 'boolTrue' | 'boolFalse'): JsonSchema {
  return { type: 'boolean', const: predicate === 'boolTrue' };
}

/** One constructor's object: `"_"` names it and every field is present, as the server writes them. */
export function constructorSchema(combinator: TlCombinator, ref: SchemaRef): JsonSchema {
  return {
    type: 'object',
    description: combinator.line,
    required: ['_', ...combinator.params.map((p) => p.name)],
    properties: {
      _: { const: combinator.predicate },
      ...Object.fromEntries(combinator.params.map((p) => [p.name, typeSchema(p.type, ref)])),
    },
  };
}

/** The object constructors `predicates` name and every one their fields can hold, each once. */
export function reachableConstructors(predicates: readonly string[]): TlCombinator[] {
  const found = new Map<string, TlCombinator>();
  const visitType = (type: string): void => {
    const element = VECTOR.exec(type)?.[1];
    if (element) return visitType(element);
    for (const c of constructorsOf(type)) visit(c.predicate);
  };
  const visit = (predicate: string): void => {
    const combinator = combinatorNamed(predicate);
    if (!combinator || found.has(predicate) || combinator.resultType === 'Bool') return;
    found.set(predicate, combinator);
    for (const param of combinator.params) visitType(param.type);
  };
  for (const predicate of predicates) visit(predicate);
  return [...found.values()];
}
