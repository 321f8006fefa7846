import { z } from 'zod/v4';
import { RpcErrorName } from '@app/platform';

/** The RPC errors a field answers with, by how its value fails (docs/api.md: a named 400, never a 500). */
export interface FieldErrors {
  /** Wrong type, wrong characters, wrong format: anything without a more specific name. */
  readonly invalid: RpcErrorName;
  /** Missing content: an empty or invisible-only text, an empty list. */
  readonly empty?: RpcErrorName;
  /** Over the field's length or count. */
  readonly tooLong?: RpcErrorName;
  /** The same id twice in one list. */
  readonly duplicate?: RpcErrorName;
}

export type FieldFailure = keyof FieldErrors;

const named = new WeakMap<z.ZodType, FieldErrors>();

/** Attaches error names to a schema (`named(schema, { invalid: 'PEER_ID_INVALID' })`); the innermost named schema on a failing path wins. */
export function named_<T extends z.ZodType>(schema: T, errors: FieldErrors): T {
  named.set(schema, errors);
  return schema;
}
export { named_ as named };

export function errorsOf(schema: z.ZodType): FieldErrors | undefined {
  return named.get(schema);
}

/** A custom issue that says which failure it is, for the field's named error. */
export function fail(ctx: z.RefinementCtx, failure: FieldFailure, message: string): void {
  ctx.addIssue({ code: 'custom', message, params: { failure } });
}
