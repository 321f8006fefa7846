import { DeclaredRpcError } from '@app/platform';

/**
 * What any call to a method can answer before or around the method itself (read-body, read-call,
 * stated-layer, the controller): a body too large or unreadable, a bad layer, the call's deadline, a
 * bug. An unknown method is METHOD_INVALID, which belongs to no method.
 */
export const CALL_ERRORS = [
  ...(['REQUEST_TOO_LARGE', 'JSON_INVALID', 'INPUT_INVALID'] as const), // the body (read-body, read-call)
  ...(['TL_INVALID', 'TL_METHOD_MISMATCH'] as const), // a binary call (read-call)
  'LAYER_INVALID', // the stated layer (stated-layer)
  ...(['RESULT_TIMEOUT', 'INTERNAL'] as const), // the call's deadline, a fault (rpc.controller)
  'SERVER_OVERLOADED', // too many calls in hand (call-admission)
  'SERVICE_UNAVAILABLE', // a transient fault: the database connection lost, a deadlock (failure-kind)
] as const satisfies readonly DeclaredRpcError[];

/** What a method that needs a session answers without a valid one. */
export const SESSION_ERRORS = ['AUTH_KEY_UNREGISTERED'] as const satisfies readonly DeclaredRpcError[];
