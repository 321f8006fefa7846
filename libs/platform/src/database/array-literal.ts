/** C0 controls: JSON escapes them (`\n`, `\u0000`), an array literal keeps them as they are. */
const CONTROL = /[\u0000-\u001f]/; // eslint-disable-line no-control-regex -- matching controls is the point

/**
 * A string array as the Postgres array literal pg would send for it (`{"a","b \" c"}`: every
 * element quoted, `"` and `\` escaped), built natively. pg's own serializer escapes element by
 * element and concatenates: on a batch's feed and results (megabytes of JSON texts) it cost the
 * result-assembler about as much as the rest of its batch. JSON.stringify quotes and escapes the
 * same way for any string without control characters or unpaired surrogates (JSON texts among
 * them), so the array's JSON is the literal but for its brackets; other arrays are escaped here
 * element by element, with one pass each.
 */
export function textArray(items: readonly string[]): string {
  if (items.every((item) => item.isWellFormed() && !CONTROL.test(item))) return `{${JSON.stringify(items).slice(1, -1)}}`;
  return `{${items.map((item) => `"${item.replace(/[\\"]/g, '\\$&')}"`).join(',')}}`;
}

/** A number array as its literal: the numbers as pg writes them (String), unquoted, which Postgres reads the same. */
export function numberArray(items: readonly number[]): string {
  return `{${items.join(',')}}`;
}

/**
 * A statement parameter with an array of only strings or only numbers replaced by its literal (the
 * arrays of a batch's unnest statements); anything else is left for pg to serialize.
 */
export function arrayLiteral(value: unknown): unknown {
  if (!Array.isArray(value) || value.length === 0) return value;
  if (value.every((item) => typeof item === 'string')) return textArray(value);
  if (value.every((item) => typeof item === 'number')) return numberArray(value);
  return value;
}
