import { z } from 'zod/v4';
import { FieldErrors, FieldFailure, errorsOf } from './field-errors';
import { RpcError, RpcErrorName, badRequest } from '@app/platform';

/** Which failure a zod issue is, for the field's named error. */
function failureOf(issue: z.core.$ZodIssue): FieldFailure {
  if (issue.code === 'custom') return (issue.params?.failure as FieldFailure | undefined) ?? 'invalid';
  if (issue.code === 'too_big') return 'tooLong';
  if (issue.code === 'too_small') return 'empty';
  return 'invalid';
}

/** A field without names of its own answers `<FIELD>_INVALID`, `_TOO_LONG` or `_EMPTY`. */
function fallbackName(field: string, failure: FieldFailure): RpcErrorName {
  const suffix = failure === 'tooLong' ? 'TOO_LONG' : failure === 'empty' ? 'EMPTY' : 'INVALID';
  return `${field.toUpperCase()}_${suffix}`;
}

/**
 * Maps the first schema violation to a TL-style name: the innermost schema on the issue's path
 * that names its errors (tl-inputs), otherwise `<FIELD>_INVALID` / `_TOO_LONG` / `_EMPTY` from the
 * field's own key. The value itself never appears in the answer or a log.
 */
export function paramError(error: z.ZodError, schema: z.ZodType): RpcError {
  const issue = error.issues[0];
  const failure = failureOf(issue);
  const errors = namedAlong(schema, issue.path);
  if (errors) return badRequest(errors[failure] ?? errors.invalid);
  const field = issue.path.filter((p) => typeof p === 'string').pop() ?? 'INPUT';
  return badRequest(fallbackName(field, failure));
}

/**
 * Every name `paramError` can answer for `schema` (the OpenAPI document declares them): along each
 * path, the innermost named schema's names, or the field's fallback names for the bounds it has.
 */
export function paramErrorNames(schema: z.ZodType): RpcErrorName[] {
  const names = new Set<RpcErrorName>();
  collectNames(schema, 'INPUT', undefined, names);
  return [...names].sort();
}

function collectNames(node: z.ZodType, field: string, outer: FieldErrors | undefined, names: Set<RpcErrorName>): void {
  const errors = innermostNamed(node) ?? outer;
  if (errors) for (const name of Object.values(errors)) names.add(name);
  else for (const failure of failuresOf(node)) names.add(fallbackName(field, failure));
  const base = innermost(node);
  if (base instanceof z.ZodObject) {
    for (const [key, value] of Object.entries(base.shape)) collectNames(value as z.ZodType, key, errors, names);
  } else if (base instanceof z.ZodArray) {
    collectNames(base.element as z.ZodType, field, errors, names);
  } else if (base instanceof z.ZodDiscriminatedUnion && !errors) {
    for (const option of base.options) collectNames(option as z.ZodType, field, undefined, names);
  }
}

/** How an unnamed field can fail: always invalid; too long or empty only if it has that bound. */
function failuresOf(node: z.ZodType): FieldFailure[] {
  const bounds = z.toJSONSchema(node, { io: 'input', unrepresentable: 'any' });
  const has = (...keys: string[]) => keys.some((key) => key in bounds);
  return [
    'invalid',
    ...(has('maxLength', 'maxItems', 'maximum', 'exclusiveMaximum') ? (['tooLong'] as const) : []),
    ...(has('minLength', 'minItems', 'minimum', 'exclusiveMinimum') ? (['empty'] as const) : []),
  ];
}

function namedAlong(schema: z.ZodType, path: PropertyKey[]): FieldErrors | undefined {
  let found = errorsOf(schema);
  let node: z.ZodType | undefined = schema;
  for (const key of path) {
    node = child(node, key);
    if (!node) break;
    found = innermostNamed(node) ?? found;
  }
  return found;
}

/** The names on a schema or on what it wraps (optional, default, the input side of a transform). */
function innermostNamed(node: z.ZodType): FieldErrors | undefined {
  for (let current: z.ZodType | undefined = node; current; current = unwrap(current)) {
    const errors = errorsOf(current);
    if (errors) return errors;
  }
  return undefined;
}

function unwrap(node: z.ZodType): z.ZodType | undefined {
  if (node instanceof z.ZodOptional || node instanceof z.ZodDefault) return node.unwrap() as z.ZodType;
  if (node instanceof z.ZodPipe) return node.in as z.ZodType;
  return undefined;
}

/** What a schema wraps, all the way in. */
function innermost(node: z.ZodType): z.ZodType {
  const inner = unwrap(node);
  return inner ? innermost(inner) : node;
}

function child(node: z.ZodType | undefined, key: PropertyKey): z.ZodType | undefined {
  if (!node || typeof key === 'symbol') return undefined;
  const base = innermost(node);
  if (base instanceof z.ZodObject) return base.shape[key] as z.ZodType | undefined;
  if (base instanceof z.ZodArray) return base.element as z.ZodType;
  return undefined; // a discriminated union's own names cover its members
}
