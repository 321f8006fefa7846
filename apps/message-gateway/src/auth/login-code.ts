import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';

/** Login codes have five digits, as Telegram's SMS codes. */
export const LOGIN_CODE_DIGITS = 5;

/**
 * Telegram's test numbers (development only): `99966XYYYY` signs in with the code X repeated five
 * times, and no code is sent. Undefined for any other number.
 */
export function testNumberCode(phone: string): string | undefined {
  const match = /^99966(\d)\d{4}$/.exec(phone);
  return match ? match[1].repeat(LOGIN_CODE_DIGITS) : undefined;
}

export function newLoginCode(): string {
  return String(randomInt(0, 10 ** LOGIN_CODE_DIGITS)).padStart(LOGIN_CODE_DIGITS, '0');
}

/**
 * What is stored of a code: an HMAC under the server secret, bound to its phone_code_hash. A
 * leaked table gives no code (five digits would fall to a plain hash at once).
 */
export function codeHmac(secret: string, phoneCodeHash: string, code: string): Buffer {
  return createHmac('sha256', secret).update(`login-code\0${phoneCodeHash}\0${code}`).digest();
}

export function sameHmac(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/** A stored code as one sign-in attempt finds it (its attempt already counted). */
export interface CodeAttempt {
  readonly attempts: number;
  readonly used: boolean;
  readonly expired: boolean;
  readonly matches: boolean;
  /** Until the code expires, rounded up. */
  readonly secondsLeft: number;
}

export type CodeVerdict =
  | { readonly ok: true }
  | { readonly ok: false; readonly error: 'PHONE_CODE_INVALID' | 'PHONE_CODE_EXPIRED' }
  | { readonly ok: false; readonly error: 'FLOOD_WAIT'; readonly seconds: number };

/**
 * The rule for one attempt. An unknown hash (or one for another phone), a used code and an expired
 * code are all PHONE_CODE_EXPIRED: the client must ask for a new one. Past the allowed attempts
 * even the right code is refused with FLOOD_WAIT until the code expires, so guessing a code takes
 * far more codes than the per-phone limit on sendCode allows.
 */
export function judgeAttempt(attempt: CodeAttempt | undefined, maxAttempts: number): CodeVerdict {
  if (!attempt || attempt.used || attempt.expired) return { ok: false, error: 'PHONE_CODE_EXPIRED' };
  if (attempt.attempts > maxAttempts) return { ok: false, error: 'FLOOD_WAIT', seconds: Math.max(1, attempt.secondsLeft) };
  return attempt.matches ? { ok: true } : { ok: false, error: 'PHONE_CODE_INVALID' };
}
