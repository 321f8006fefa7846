/** Runtime view of FUNCTION_LINES: each line parsed like a constructor line, its id derived from the line. */
import { FUNCTION_LINES } from './function-lines';
import { TlCombinator, TlParam, combinatorWithId, hexId, parseLine } from './schema';

export const TL_FUNCTIONS: readonly TlCombinator[] = FUNCTION_LINES.map(parseLine);

const byId = new Map<number, TlCombinator>();
for (const fn of TL_FUNCTIONS) {
  // A function id equal to another function's or a constructor's would make a request ambiguous: fail at load.
  if (byId.has(fn.id) || combinatorWithId(fn.id)) throw new Error(`duplicate TL id ${hexId(fn.id)} (${fn.predicate})`);
  byId.set(fn.id, fn);
  // The request decoder reads a wrapper's fields up to its inner call, so that call must come last.
  const inner = innerCallParam(fn);
  if (inner && fn.params.at(-1) !== inner) throw new Error(`${fn.predicate}: the inner call must be the last field`);
}

/** The functions a client calls for what they do: all but the wrappers. */
export const TL_METHODS: readonly TlCombinator[] = TL_FUNCTIONS.filter((fn) => innerCallParam(fn) === undefined);

export function functionWithId(id: number): TlCombinator | undefined {
  return byId.get(id);
}

/** The field holding a wrapper's inner call (`query:!X`), or undefined for a method. */
export function innerCallParam(fn: TlCombinator): TlParam | undefined {
  return fn.params.find((param) => param.type.startsWith('!'));
}
