/** TL layer 1–3 vocabulary of the contact-link API: schema, JSON types, binary codec. */
export { SCHEMA_LINES } from './schema-lines';
export type { SchemaLine } from './schema-lines';
export { FUNCTION_LINES } from './function-lines';
export { TL_FUNCTIONS, TL_METHODS, functionWithId } from './functions';
export { crc32 } from './crc32';
export {
  TL_SCHEMA,
  normaliseLine,
  deriveId,
  parseLine,
  combinatorNamed,
  combinatorWithId,
  constructorsOf,
  hexId,
  BOOL_TRUE_ID,
  BOOL_FALSE_ID,
  VECTOR_ID,
} from './schema';
export type { TlCombinator, TlParam } from './schema';
export { encodeTl, encodeTlAs } from './binary';
export { decodeTl, decodeTlAs } from './binary-decode';
export { decodeTlCall } from './call-decode';
export type { TlCall } from './call-decode';
export { TlEncodeError, TlDecodeError } from './errors';
export type * from './types';
export { typeSchema, oneOfConstructors, constructorSchema, reachableConstructors } from './json-schema';
export type { JsonSchema, SchemaRef } from './json-schema';
