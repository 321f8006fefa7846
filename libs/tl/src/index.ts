/** TL layer 1–3 vocabulary of the contact-link API: schema, JSON types, binary codec. */
export { SCHEMA_LINES } from './schema-lines';
export type { SchemaLine } from './schema-lines';
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
export { TlEncodeError, TlDecodeError } from './errors';
export type * from './types';
