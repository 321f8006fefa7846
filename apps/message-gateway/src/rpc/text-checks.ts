/** What makes a string unfit for a text field, whatever its length. */
export type TextProblem = 'nul' | 'unpaired-surrogate' | 'control' | 'invisible';

/** A lone UTF-16 surrogate: with the u flag, well-formed pairs read as one code point and never match. */
const UNPAIRED_SURROGATE = /\p{Cs}/u;
/** C0 and C1 controls and DEL; `multiline` text may hold tab, line feed and carriage return. */
/* eslint-disable no-control-regex -- matching control characters is the point */
const CONTROL = /[\u0001-\u001f\u007f-\u009f]/;
const CONTROL_MULTILINE = /[\u0001-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
/* eslint-enable no-control-regex */
/**
 * Characters that show nothing on their own: white space, format characters (zero-width space and
 * joiners, bidi marks, BOM), combining marks with nothing to combine with, and the fillers clients
 * render as blank (Hangul fillers, braille blank).
 */
const INVISIBLE_ONLY = /^[\s\p{Cf}\p{Zs}\p{Mn}\p{Me}\u115f\u1160\u3164\uffa0\u2800]*$/u;

/**
 * Why `value` cannot be stored as text, if it cannot: Postgres refuses NUL in text and json, a lone
 * surrogate is not Unicode (Postgres refuses it, or a driver silently alters it), controls break
 * what shows the text, and a non-empty string of only invisible characters is empty to a reader.
 */
export function textProblem(value: string, { multiline = false } = {}): TextProblem | undefined {
  if (value.includes('\u0000')) return 'nul';
  if (UNPAIRED_SURROGATE.test(value)) return 'unpaired-surrogate';
  if ((multiline ? CONTROL_MULTILINE : CONTROL).test(value)) return 'control';
  if (value !== '' && INVISIBLE_ONLY.test(value)) return 'invisible';
  return undefined;
}

/** A TL `long`: a decimal string of a signed 64-bit integer, checked before anything converts it. */
export function isLong(value: string): boolean {
  if (!/^(0|-?[1-9]\d{0,18})$/.test(value)) return false;
  const n = BigInt(value);
  return n >= -(2n ** 63n) && n < 2n ** 63n;
}
