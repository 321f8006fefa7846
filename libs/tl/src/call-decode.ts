/**
 * A binary TL function call, as a client sends it (`Content-Type: application/x-tl`) -> the method,
 * its parameters in the JSON form of docs/api.md, and the layer a wrapper stated. The work is
 * bounded by the input: every length and vector count is checked against the bytes left (via
 * readValue), the request types are flat, and each wrapper may appear once, so a call is at most
 * three deep.
 */
import { readValue } from './binary-decode';
import { TlDecodeError } from './errors';
import { functionWithId, innerCallParam } from './functions';
import { Reader } from './reader';
import { TlCombinator, hexId } from './schema';
import { parseTypeExpr } from './type-expr';

export interface TlCall {
  /** The function's predicate, e.g. `messages.sendMessage`. */
  readonly method: string;
  /** Its fields in JSON form (`long` as a decimal string, objects with `_`), without `_` itself. */
  readonly params: Record<string, unknown>;
  /** The layer `invokeWithLayerN` (or `invokeWithLayer{layer}`) stated; undefined without one. */
  readonly layer?: number;
}

const NUMBERED_LAYER = /^invokeWithLayer(\d+)$/;

/** The layer a wrapper states, or undefined for one that states none (initConnection). */
function layerStatedBy(wrapper: TlCombinator, fields: Record<string, unknown>): number | undefined {
  const numbered = NUMBERED_LAYER.exec(wrapper.predicate);
  if (numbered) return Number(numbered[1]);
  return typeof fields.layer === 'number' ? fields.layer : undefined;
}

/** Decodes a buffer holding exactly one function call, possibly inside invokeWithLayer and/or initConnection. */
export function decodeTlCall(buffer: Uint8Array): TlCall {
  const reader = new Reader(buffer);
  const wrappers = new Set<string>();
  let layer: number | undefined;
  for (let path = '$'; ;) {
    const offset = reader.offset;
    const id = reader.uint32(path);
    const fn = functionWithId(id);
    if (!fn) throw new TlDecodeError(path, offset, `unknown function id ${hexId(id)}`);
    const inner = innerCallParam(fn);
    const fields: Record<string, unknown> = {};
    // A wrapper's inner call is its last field (functions.ts checks): read everything before it.
    for (const param of fn.params) {
      if (param === inner) break;
      fields[param.name] = readValue(reader, parseTypeExpr(param.type), `${path}.${param.name}`);
    }
    if (!inner) {
      reader.expectEnd();
      return { method: fn.predicate, params: fields, layer };
    }
    const stated = layerStatedBy(fn, fields);
    const kind = stated === undefined ? fn.predicate : 'invokeWithLayer';
    if (wrappers.has(kind)) throw new TlDecodeError(path, offset, `${kind} wraps the call twice`);
    wrappers.add(kind);
    layer = stated ?? layer;
    path = `${path}.${inner.name}`;
  }
}
