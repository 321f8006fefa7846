/** Errors carry the path of the offending value (`$.users[2].phone`) so a caller can say what was wrong. */

export class TlEncodeError extends Error {
  override readonly name = 'TlEncodeError';
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`${reason} at ${path}`);
  }
}

export class TlDecodeError extends Error {
  override readonly name = 'TlDecodeError';
  constructor(
    readonly path: string,
    readonly offset: number,
    readonly reason: string,
  ) {
    super(`${reason} at ${path} (byte ${offset})`);
  }
}
