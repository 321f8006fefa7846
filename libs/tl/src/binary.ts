/**
 * JSON TL value -> boxed binary TL (little-endian), with the ids derived from the schema lines.
 * Strict on purpose: an unknown constructor, a missing or extra field, or a value of the wrong
 * type throws TlEncodeError naming the path, so a bad object never reaches a client half-written
 * (and a stray field such as a phone on userForeign is refused rather than silently dropped).
 */
import { TlEncodeError } from './errors';
import { BOOL_FALSE_ID, BOOL_TRUE_ID, combinatorNamed, TlCombinator, VECTOR_ID } from './schema';
import { parseTypeExpr, TlTypeExpr } from './type-expr';
import type { TlValue } from './types';

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
/** TL strings carry a 3-byte length in their long form. */
const MAX_STRING_BYTES = 0xffffff;

/** Encodes an object (boxed), a Bool, or a Vector of boxed objects. */
export function encodeTl(value: TlValue): Buffer {
  const writer = new Writer();
  if (typeof value === 'boolean') writeValue(writer, { kind: 'Bool' }, value, '$');
  else if (Array.isArray(value)) writeVector(writer, true, value, '$', (element, path) => writeAnyObject(writer, element, path));
  else writeAnyObject(writer, value, '$');
  return writer.toBuffer();
}

/** Encodes `value` as the TL type `type`, e.g. `encodeTlAs('Vector<int>', [1, 2])`. */
export function encodeTlAs(type: string, value: unknown): Buffer {
  const writer = new Writer();
  writeValue(writer, parseTypeExpr(type), value, '$');
  return writer.toBuffer();
}

function writeValue(writer: Writer, expr: TlTypeExpr, value: unknown, path: string): void {
  switch (expr.kind) {
    case 'int':
      if (typeof value !== 'number' || !Number.isInteger(value) || value < INT32_MIN || value > INT32_MAX) {
        throw new TlEncodeError(path, `expected int (32-bit integer), got ${describe(value)}`);
      }
      return writer.int32(value);
    case 'long':
      return writer.int64(parseLong(value, path));
    case 'string':
      if (typeof value !== 'string') throw new TlEncodeError(path, `expected string, got ${describe(value)}`);
      return writer.bytes(Buffer.from(value, 'utf8'), path);
    case 'Bool':
      if (typeof value !== 'boolean') throw new TlEncodeError(path, `expected Bool (true/false), got ${describe(value)}`);
      return writer.uint32(value ? BOOL_TRUE_ID : BOOL_FALSE_ID);
    case 'vector':
      return writeVector(writer, expr.boxed, value, path, (element, elementPath) => writeValue(writer, expr.element, element, elementPath));
    case 'object': {
      const combinator = constructorOf(value, path);
      if (combinator.resultType !== expr.type) {
        throw new TlEncodeError(path, `expected a ${expr.type} constructor, got ${combinator.predicate} (a ${combinator.resultType})`);
      }
      return writeObject(writer, combinator, value as Record<string, unknown>, path);
    }
  }
}

function writeVector(
  writer: Writer,
  boxed: boolean,
  value: unknown,
  path: string,
  writeElement: (element: unknown, path: string) => void,
): void {
  if (!Array.isArray(value)) throw new TlEncodeError(path, `expected Vector (array), got ${describe(value)}`);
  if (boxed) writer.uint32(VECTOR_ID);
  writer.int32(value.length);
  value.forEach((element, index) => writeElement(element, `${path}[${index}]`));
}

function writeAnyObject(writer: Writer, value: unknown, path: string): void {
  writeObject(writer, constructorOf(value, path), value as Record<string, unknown>, path);
}

function writeObject(writer: Writer, combinator: TlCombinator, value: Record<string, unknown>, path: string): void {
  const known = new Set(combinator.params.map((param) => param.name));
  for (const key of Object.keys(value)) {
    if (key !== '_' && !known.has(key)) {
      throw new TlEncodeError(`${path}.${key}`, `unknown field '${key}' for ${combinator.predicate}`);
    }
  }
  writer.uint32(combinator.id);
  for (const param of combinator.params) {
    const fieldPath = `${path}.${param.name}`;
    const field = value[param.name];
    if (field === undefined) throw new TlEncodeError(fieldPath, `missing field '${param.name}' of ${combinator.predicate}`);
    writeValue(writer, parseTypeExpr(param.type), field, fieldPath);
  }
}

function constructorOf(value: unknown, path: string): TlCombinator {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TlEncodeError(path, `expected a TL object with '_', got ${describe(value)}`);
  }
  const name = (value as { _?: unknown })._;
  if (typeof name !== 'string') throw new TlEncodeError(path, `object has no '_' constructor name`);
  const combinator = combinatorNamed(name);
  // Bool and vector are written from JSON booleans and arrays, never from `_` objects.
  if (!combinator || combinator.resultType === 'Bool' || combinator.predicate === 'vector') {
    throw new TlEncodeError(path, `unknown constructor '${name}'`);
  }
  return combinator;
}

function parseLong(value: unknown, path: string): bigint {
  if (typeof value !== 'string' || !/^-?\d{1,20}$/.test(value)) {
    throw new TlEncodeError(path, `expected long as a decimal string, got ${describe(value)}`);
  }
  const parsed = BigInt(value);
  if (parsed < INT64_MIN || parsed > INT64_MAX) throw new TlEncodeError(path, `long out of 64-bit range: ${value}`);
  return parsed;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'string') return `string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === 'number' || typeof value === 'boolean') return `${typeof value} ${String(value)}`;
  return typeof value;
}

/** Collects little-endian chunks; concatenated once at the end. */
class Writer {
  private readonly chunks: Buffer[] = [];

  int32(value: number): void {
    const chunk = Buffer.alloc(4);
    chunk.writeInt32LE(value);
    this.chunks.push(chunk);
  }

  uint32(value: number): void {
    const chunk = Buffer.alloc(4);
    chunk.writeUInt32LE(value);
    this.chunks.push(chunk);
  }

  int64(value: bigint): void {
    const chunk = Buffer.alloc(8);
    chunk.writeBigInt64LE(value);
    this.chunks.push(chunk);
  }

  /** TL string/bytes: 1-byte length if < 254, else 0xfe + 3-byte length; zero-padded to 4. */
  bytes(data: Buffer, path: string): void {
    if (data.length > MAX_STRING_BYTES) throw new TlEncodeError(path, `string of ${data.length} bytes exceeds ${MAX_STRING_BYTES}`);
    const header =
      data.length < 254
        ? Buffer.from([data.length])
        : Buffer.from([0xfe, data.length & 0xff, (data.length >> 8) & 0xff, data.length >> 16]);
    const unpadded = header.length + data.length;
    this.chunks.push(header, data, Buffer.alloc((4 - (unpadded % 4)) % 4));
  }

  toBuffer(): Buffer {
    return Buffer.concat(this.chunks);
  }
}
