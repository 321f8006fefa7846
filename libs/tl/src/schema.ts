/**
 * Runtime view of SCHEMA_LINES: each line parsed into a combinator, with its id derived from the
 * line itself (Telegram's rule), never taken from the `#id` written in it.
 */
import { crc32 } from './crc32';
import { SCHEMA_LINES } from './schema-lines';

export interface TlParam {
  readonly name: string;
  /** TL type expression as written, e.g. `int`, `Vector<User>`, `contacts.MyLink`. */
  readonly type: string;
}

export interface TlCombinator {
  readonly predicate: string;
  readonly params: readonly TlParam[];
  readonly resultType: string;
  /** CRC32 of the normalised line: the id the codec writes. */
  readonly id: number;
  /** The `#id` written in the line, if any: a claim checked by tests, never used to encode. */
  readonly writtenId: number | undefined;
  readonly line: string;
}

/**
 * The string Telegram hashes to get a constructor id:
 * drop the `#id` and the trailing `;`, drop `name:flags.N?true` fields (they live only in the
 * flags word), write `bytes` as `string`, unwrap `{t:Type}` generic declarations to `t:Type`
 * (vector#1cb5c415 and invokeWithLayer#da9b0d0d are only reproduced that way), turn `<`/`>`
 * into spaces, collapse whitespace.
 */
export function normaliseLine(line: string): string {
  return line
    .trim()
    .replace(/;$/, '')
    .replace(/^([\w.]+)#[0-9a-fA-F]+/, '$1')
    .replace(/\s\w+:flags\d*\.\d+\?true(?=\s|$)/g, '')
    .replace(/([:?])bytes(?=\s|$)/g, '$1string')
    .replace(/[{}]/g, '')
    .replace(/[<>]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export function deriveId(line: string): number {
  return crc32(normaliseLine(line));
}

const LINE = /^([\w.]+)(?:#([0-9a-fA-F]{1,8}))?((?:\s+[^\s=]+)*)\s+=\s+([^;]+?)\s*;?$/;
/** `query:!X` is a wrapper's inner call (function lines only). */
const PARAM = /^(\w+):(![A-Z]\w*|[\w.]+|[Vv]ector<[\w.]+>)$/;
/** A generic declaration such as `{X:Type}`: part of the id, not a field. */
const GENERIC = /^\{\w+:Type\}$/;
/** The built-in vector is the one combinator whose layout TL cannot write as name:type fields. */
const VECTOR_PREDICATE = 'vector';

export function parseLine(line: string): TlCombinator {
  const text = line.trim();
  const match = LINE.exec(text);
  if (!match) throw new Error(`not a TL combinator line: ${line}`);
  const [, predicate, writtenHex, paramsText, resultType] = match as unknown as [string, string, string | undefined, string, string];
  const tokens = paramsText.split(/\s+/).filter((token) => token.length > 0 && !GENERIC.test(token));
  const params =
    predicate === VECTOR_PREDICATE
      ? []
      : tokens.map((token) => {
          const param = PARAM.exec(token);
          if (!param) throw new Error(`unsupported field '${token}' in: ${line} (layer 1-3 codec: no flags)`);
          return { name: param[1]!, type: param[2]! };
        });
  return {
    predicate,
    params,
    resultType,
    id: deriveId(text),
    writtenId: writtenHex === undefined ? undefined : parseInt(writtenHex, 16),
    line: text,
  };
}

export const TL_SCHEMA: readonly TlCombinator[] = SCHEMA_LINES.map(parseLine);

const byName = new Map<string, TlCombinator>();
const byId = new Map<number, TlCombinator>();
const byType = new Map<string, TlCombinator[]>();
for (const combinator of TL_SCHEMA) {
  // Two lines sharing a name or id would make encoding or decoding ambiguous: fail at load.
  if (byName.has(combinator.predicate)) throw new Error(`duplicate TL predicate ${combinator.predicate}`);
  if (byId.has(combinator.id)) throw new Error(`duplicate TL id ${hexId(combinator.id)} (${combinator.predicate})`);
  byName.set(combinator.predicate, combinator);
  byId.set(combinator.id, combinator);
  byType.set(combinator.resultType, [...(byType.get(combinator.resultType) ?? []), combinator]);
}

export function combinatorNamed(predicate: string): TlCombinator | undefined {
  return byName.get(predicate);
}

export function combinatorWithId(id: number): TlCombinator | undefined {
  return byId.get(id);
}

/** Constructors whose result type is `type` (e.g. `User`); empty for a type the schema has none of. */
export function constructorsOf(type: string): readonly TlCombinator[] {
  return byType.get(type) ?? [];
}

function requireId(predicate: string): number {
  const combinator = byName.get(predicate);
  if (!combinator) throw new Error(`schema lacks ${predicate}`);
  return combinator.id;
}

export const BOOL_TRUE_ID = requireId('boolTrue');
export const BOOL_FALSE_ID = requireId('boolFalse');
export const VECTOR_ID = requireId(VECTOR_PREDICATE);

/** `0xa7801f47` form, for messages. */
export function hexId(id: number): string {
  return `0x${id.toString(16).padStart(8, '0')}`;
}
