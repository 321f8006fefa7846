/** Boxed binary TL -> JSON TL value: the inverse of binary.ts, used for round-trip checks and tools. */
import { TlDecodeError } from './errors';
import { BOOL_FALSE_ID, BOOL_TRUE_ID, combinatorWithId, hexId, TlCombinator, VECTOR_ID } from './schema';
import { Reader } from './reader';
import { parseTypeExpr, TlTypeExpr } from './type-expr';
import type { TlObject, TlValue } from './types';

/** Decodes what `encodeTl` writes: a boxed object, a Bool, or a Vector of boxed objects. */
export function decodeTl(buffer: Uint8Array): TlValue {
  const reader = new Reader(buffer);
  const id = reader.peekUint32('$');
  let value: TlValue;
  if (id === BOOL_TRUE_ID || id === BOOL_FALSE_ID) value = readValue(reader, { kind: 'Bool' }, '$') as boolean;
  else if (id === VECTOR_ID) value = readVector(reader, true, '$', (path) => readAnyObject(reader, path));
  else value = readAnyObject(reader, '$');
  reader.expectEnd();
  return value;
}

/** Decodes a buffer holding exactly one value of TL type `type`, e.g. `decodeTlAs('Vector<int>', buf)`. */
export function decodeTlAs(type: string, buffer: Uint8Array): unknown {
  const reader = new Reader(buffer);
  const value = readValue(reader, parseTypeExpr(type), '$');
  reader.expectEnd();
  return value;
}

/** One value of the type `expr` at the reader's position (shared with the request decoder). */
export function readValue(reader: Reader, expr: TlTypeExpr, path: string): unknown {
  switch (expr.kind) {
    case 'int':
      return reader.int32(path);
    case 'long':
      return reader.int64(path).toString();
    case 'string':
      return reader.string(path);
    case 'Bool': {
      const offset = reader.offset;
      const id = reader.uint32(path);
      if (id === BOOL_TRUE_ID) return true;
      if (id === BOOL_FALSE_ID) return false;
      throw new TlDecodeError(path, offset, `expected Bool, got id ${hexId(id)}`);
    }
    case 'vector':
      return readVector(reader, expr.boxed, path, (elementPath) => readValue(reader, expr.element, elementPath));
    case 'object': {
      const offset = reader.offset;
      const { combinator, object } = readObject(reader, path);
      if (combinator.resultType !== expr.type) {
        throw new TlDecodeError(path, offset, `expected a ${expr.type}, got ${combinator.predicate} (a ${combinator.resultType})`);
      }
      return object;
    }
  }
}

function readVector<T>(reader: Reader, boxed: boolean, path: string, readElement: (path: string) => T): T[] {
  if (boxed) {
    const offset = reader.offset;
    const id = reader.uint32(path);
    if (id !== VECTOR_ID) throw new TlDecodeError(path, offset, `expected Vector, got id ${hexId(id)}`);
  }
  const offset = reader.offset;
  const count = reader.int32(path);
  // Every element takes at least 4 bytes: a larger count is corrupt, not a reason to allocate.
  if (count < 0 || count * 4 > reader.remaining) throw new TlDecodeError(path, offset, `impossible vector length ${count}`);
  return Array.from({ length: count }, (_, index) => readElement(`${path}[${index}]`));
}

function readAnyObject(reader: Reader, path: string): TlObject {
  return readObject(reader, path).object;
}

function readObject(reader: Reader, path: string): { combinator: TlCombinator; object: TlObject } {
  const offset = reader.offset;
  const id = reader.uint32(path);
  const combinator = combinatorWithId(id);
  if (!combinator || combinator.resultType === 'Bool' || combinator.predicate === 'vector') {
    throw new TlDecodeError(path, offset, `unknown constructor id ${hexId(id)}`);
  }
  const object: Record<string, unknown> = { _: combinator.predicate };
  for (const param of combinator.params) {
    object[param.name] = readValue(reader, parseTypeExpr(param.type), `${path}.${param.name}`);
  }
  // The fields were read by the schema's own layout, so the shape is the constructor's.
  return { combinator, object: object as TlObject };
}
