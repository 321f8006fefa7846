/** Milliseconds as the report writes them: two decimals under 10, one under 100, whole above (with thousands separators). */
export function formatMs(value: number): string {
  return value < 10 ? value.toFixed(2) : value < 100 ? value.toFixed(1) : Math.round(value).toLocaleString('en-US');
}
