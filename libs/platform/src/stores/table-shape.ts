/**
 * A table as the operator tools copy and compare it (ops replay into a shadow schema, verify,
 * promote): its columns with their SQL types, its key, the columns that must agree between live
 * and shadow, and whether promote removes live rows the replay did not produce.
 */
export interface TableShape {
  readonly table: string;
  readonly columns: Readonly<Record<string, string>>;
  readonly key: readonly string[];
  readonly compared: readonly string[];
  readonly deleteLiveOnly: boolean;
}
