import type { RpcError as RpcErrorTl } from '@app/tl';

/**
 * Every error name the API answers with (docs/api.md): Telegram's where one exists, named the same way
 * where none does. A field without a name of its own answers `<FIELD>_INVALID`, `_EMPTY` or
 * `_TOO_LONG` (param-errors.ts); flood control answers FLOOD_WAIT_<seconds>.
 */
export const RPC_ERROR_NAMES = [
  // transport and call
  'METHOD_INVALID',
  'INPUT_INVALID',
  'JSON_INVALID',
  'REQUEST_TOO_LARGE',
  'LAYER_INVALID',
  /** A binary TL body that does not decode (truncated, unknown id, trailing bytes, bad UTF-8, a wrapper twice). */
  'TL_INVALID',
  /** A binary TL body calling another method than the URL names. */
  'TL_METHOD_MISMATCH',
  'NOT_FOUND',
  'BAD_REQUEST',
  'AUTH_KEY_UNREGISTERED',
  'INTERNAL',
  'RESULT_TIMEOUT',
  'EVENT_LOG_UNAVAILABLE',
  /** The process has MAX_CALLS_IN_FLIGHT calls in hand: come back after Retry-After. */
  'SERVER_OVERLOADED',
  /** An infrastructure fault that passes (the database connection lost, a deadlock): nothing acknowledged, retry. */
  'SERVICE_UNAVAILABLE',
  // login
  'PHONE_NUMBER_INVALID',
  'PHONE_NUMBER_OCCUPIED',
  'PHONE_NUMBER_UNOCCUPIED',
  'PHONE_CODE_EMPTY',
  'PHONE_CODE_INVALID',
  'PHONE_CODE_EXPIRED',
  'PHONE_CODE_HASH_EMPTY',
  'PHONE_CODE_HASH_INVALID',
  'SMS_CODE_CREATE_FAILED',
  'API_HASH_INVALID',
  'LANG_CODE_INVALID',
  'FIRSTNAME_INVALID',
  'LASTNAME_INVALID',
  // peers and users
  'PEER_ID_INVALID',
  'USER_ID_INVALID',
  'USER_ID_DUPLICATE',
  // contacts
  'CONTACTS_INVALID',
  'CONTACTS_TOO_MUCH',
  /** sendBroadcast to no one. */
  'CONTACTS_EMPTY',
  'CLIENT_ID_INVALID',
  'HASH_INVALID',
  // messages
  'MESSAGE_EMPTY',
  'MESSAGE_INVALID',
  'MESSAGE_TOO_LONG',
  'MESSAGE_ID_INVALID',
  'MESSAGE_IDS_EMPTY',
  'MESSAGE_ID_DUPLICATE',
  'MEDIA_INVALID',
  'RANDOM_ID_INVALID',
  'RANDOM_ID_DUPLICATE',
  'CHAT_TITLE_EMPTY',
  'CHAT_TITLE_INVALID',
  'CHAT_TITLE_TOO_LONG',
  'OFFSET_INVALID',
  // updates
  'PTS_INVALID',
] as const;

/** A name of the vocabulary above. */
export type KnownRpcErrorName = (typeof RPC_ERROR_NAMES)[number];

/** How declarations and documents write flood control's FLOOD_WAIT_<seconds>. */
export const FLOOD_WAIT_N = 'FLOOD_WAIT_N';

/** What a method declares it answers with (RpcMethod.errors, the OpenAPI document). */
export type DeclaredRpcError = KnownRpcErrorName | typeof FLOOD_WAIT_N;

export type RpcErrorName =
  | KnownRpcErrorName
  | `FLOOD_WAIT_${number}`
  /** A field's fallback name (param-errors.ts). */
  | `${string}_${'INVALID' | 'EMPTY' | 'TOO_LONG'}`;

/** A TL-style error: HTTP status = error_code, body `{"_":"rpc_error",...}` (docs/api.md). The one place that body is written. */
export class RpcError extends Error {
  constructor(
    readonly code: number,
    readonly errorName: RpcErrorName,
    /** For 420 FLOOD_WAIT_N and 503s: seconds the client should wait (also sent as Retry-After). */
    readonly retryAfterSeconds?: number,
  ) {
    super(errorName);
  }

  toJSON(): RpcErrorTl {
    return { _: 'rpc_error', error_code: this.code, error_message: this.errorName };
  }
}

/** The HTTP status of each name that is not a 400 (flood control is 420). */
const STATUS_OF: Partial<Record<KnownRpcErrorName, number>> = {
  AUTH_KEY_UNREGISTERED: 401,
  INTERNAL: 500,
  RESULT_TIMEOUT: 503,
  EVENT_LOG_UNAVAILABLE: 503,
  SERVER_OVERLOADED: 503,
  SERVICE_UNAVAILABLE: 503,
  SMS_CODE_CREATE_FAILED: 503,
};

export function statusOf(name: DeclaredRpcError | RpcErrorName): number {
  return name === FLOOD_WAIT_N || name.startsWith('FLOOD_WAIT_') ? 420 : (STATUS_OF[name as KnownRpcErrorName] ?? 400);
}

export const badRequest = (name: RpcErrorName) => new RpcError(400, name);
export const unauthorized = () => new RpcError(statusOf('AUTH_KEY_UNREGISTERED'), 'AUTH_KEY_UNREGISTERED');
export const internal = () => new RpcError(statusOf('INTERNAL'), 'INTERNAL');
/** The send is in the log and its result on the way: the same call again (same random_id) soon answers it. */
export const resultTimeout = () => new RpcError(statusOf('RESULT_TIMEOUT'), 'RESULT_TIMEOUT', 1);
/** The log did not take the event: nothing happened yet, try again once it is back. */
export const eventLogUnavailable = () => new RpcError(statusOf('EVENT_LOG_UNAVAILABLE'), 'EVENT_LOG_UNAVAILABLE', 5);
/** Refused before any work: the process is at its bound of calls in flight (call-admission.ts). */
export const serverOverloaded = () => new RpcError(statusOf('SERVER_OVERLOADED'), 'SERVER_OVERLOADED', 1);
/** A call cut short by a transient fault (failure-kind.ts): the same call again soon is safe. */
export const serviceUnavailable = () => new RpcError(statusOf('SERVICE_UNAVAILABLE'), 'SERVICE_UNAVAILABLE', 1);
/** Telegram's flood control: wait N seconds before asking again. */
export const floodWait = (seconds: number) => new RpcError(statusOf(FLOOD_WAIT_N), `FLOOD_WAIT_${seconds}`, seconds);
/** The login code could not be handed to the SMS gateway (Telegram's name for it). */
export const codeNotSent = () => new RpcError(statusOf('SMS_CODE_CREATE_FAILED'), 'SMS_CODE_CREATE_FAILED', 5);
