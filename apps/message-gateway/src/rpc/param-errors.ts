import { z } from 'zod';
import { RpcError, badRequest } from './rpc-error';

/**
 * Maps the first schema violation to a TL-style name: a schema may name its own error with
 * `.describe('PEER_ID_INVALID')`, otherwise `<FIELD>_INVALID` from the path.
 */
export function paramError(error: z.ZodError, schema: z.ZodTypeAny): RpcError {
  const issue = error.issues[0];
  const named = findDescription(schema, issue.path);
  if (named) return badRequest(named);
  const field = issue.path.filter((p) => typeof p === 'string').pop() ?? 'INPUT';
  const suffix = issue.code === 'too_big' ? 'TOO_LONG' : issue.code === 'too_small' ? 'EMPTY' : 'INVALID';
  return badRequest(`${String(field).toUpperCase()}_${suffix}`);
}

function findDescription(schema: z.ZodTypeAny, path: (string | number)[]): string | undefined {
  let node: z.ZodTypeAny | undefined = schema;
  let found = schema.description;
  for (const key of path) {
    node = child(node, key);
    if (!node) break;
    found = node.description ?? found;
  }
  return found;
}

function child(node: z.ZodTypeAny | undefined, key: string | number): z.ZodTypeAny | undefined {
  if (!node) return undefined;
  if (node instanceof z.ZodObject) return node.shape[key];
  if (node instanceof z.ZodArray) return node.element;
  if (node instanceof z.ZodOptional || node instanceof z.ZodDefault) return child(node._def.innerType, key);
  if (node instanceof z.ZodEffects) return child(node._def.schema, key);
  return undefined;
}
