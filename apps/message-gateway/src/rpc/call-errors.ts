import { DeclaredRpcError } from '@app/platform';

/**
 * What any call to a method can answer before or around the method itself (read-body, read-call,
 * stated-layer, the controller): a body too large or unreadable, a bad layer, the call's deadline, a
 * bug. An unknown method is METHOD_INVALID, which belongs to no method.
 */
export const CALL_ERRORS = [
  'INPUT_INVALID',
  'JSON_INVALID',
  'REQUEST_TOO_LARGE',
  'LAYER_INVALID',
  'TL_INVALID',
  'TL_METHOD_MISMATCH',
  'RESULT_TIMEOUT',
  'INTERNAL',
] as const satisfies readonly DeclaredRpcError[];

/** What a method that needs a session answers without a valid one. */
export const SESSION_ERRORS = ['AUTH_KEY_UNREGISTERED'] as const satisfies readonly DeclaredRpcError[];
