import { z } from 'zod';
import { FieldErrors, FieldFailure, errorsOf } from './field-errors';
import { RpcError, badRequest } from '@app/platform';

/** Which failure a zod issue is, for the field's named error. */
function failureOf(issue: z.ZodIssue): FieldFailure {
  if (issue.code === z.ZodIssueCode.custom) return (issue.params?.failure as FieldFailure | undefined) ?? 'invalid';
  if (issue.code === z.ZodIssueCode.too_big) return 'tooLong';
  if (issue.code === z.ZodIssueCode.too_small) return 'empty';
  return 'invalid';
}

/**
 * Maps the first schema violation to a TL-style name: the innermost schema on the issue's path
 * that names its errors (tl-inputs), otherwise `<FIELD>_INVALID` / `_TOO_LONG` / `_EMPTY` from the
 * field's own key. The value itself never appears in the answer or a log.
 */
export function paramError(error: z.ZodError, schema: z.ZodTypeAny): RpcError {
  const issue = error.issues[0];
  const failure = failureOf(issue);
  const errors = namedAlong(schema, issue.path);
  if (errors) return badRequest(errors[failure] ?? errors.invalid);
  const field = issue.path.filter((p) => typeof p === 'string').pop() ?? 'INPUT';
  const suffix = failure === 'tooLong' ? 'TOO_LONG' : failure === 'empty' ? 'EMPTY' : 'INVALID';
  return badRequest(`${String(field).toUpperCase()}_${suffix}` as const);
}

function namedAlong(schema: z.ZodTypeAny, path: (string | number)[]): FieldErrors | undefined {
  let found = errorsOf(schema);
  let node: z.ZodTypeAny | undefined = schema;
  for (const key of path) {
    node = child(node, key);
    if (!node) break;
    found = innermostNamed(node) ?? found;
  }
  return found;
}

/** The names on a schema or on what it wraps (optional, default, effects). */
function innermostNamed(node: z.ZodTypeAny): FieldErrors | undefined {
  for (let current: z.ZodTypeAny | undefined = node; current; current = unwrap(current)) {
    const errors = errorsOf(current);
    if (errors) return errors;
  }
  return undefined;
}

function unwrap(node: z.ZodTypeAny): z.ZodTypeAny | undefined {
  if (node instanceof z.ZodOptional || node instanceof z.ZodDefault) return node._def.innerType;
  if (node instanceof z.ZodEffects) return node._def.schema;
  if (node instanceof z.ZodPipeline) return node._def.in;
  return undefined;
}

function child(node: z.ZodTypeAny | undefined, key: string | number): z.ZodTypeAny | undefined {
  if (!node) return undefined;
  if (node instanceof z.ZodObject) return node.shape[key];
  if (node instanceof z.ZodArray) return node.element;
  if (node instanceof z.ZodDiscriminatedUnion) return undefined; // the union's own names cover its members
  const inner = unwrap(node);
  return inner ? child(inner, key) : undefined;
}
