/** A TL-style error: HTTP status = error_code, body `{"_":"rpc_error",...}` (SPEC §5). */
export class RpcError extends Error {
  constructor(
    readonly code: number,
    readonly name_: string,
    /** For 420 FLOOD_WAIT_N and 503s: seconds the client should wait (also sent as Retry-After). */
    readonly retryAfterSeconds?: number,
  ) {
    super(name_);
  }

  toJSON() {
    return { _: 'rpc_error', error_code: this.code, error_message: this.name_ };
  }
}

export const badRequest = (name: string) => new RpcError(400, name);
export const unauthorized = () => new RpcError(401, 'AUTH_KEY_UNREGISTERED');
export const internal = () => new RpcError(500, 'INTERNAL');
export const resultTimeout = () => new RpcError(503, 'RESULT_TIMEOUT');
export const eventLogUnavailable = () => new RpcError(503, 'EVENT_LOG_UNAVAILABLE');
/** Telegram's flood control: wait N seconds before asking again. */
export const floodWait = (seconds: number) => new RpcError(420, `FLOOD_WAIT_${seconds}`, seconds);
/** The login code could not be handed to the SMS gateway (Telegram's name for it). */
export const codeNotSent = () => new RpcError(503, 'SMS_CODE_CREATE_FAILED');
