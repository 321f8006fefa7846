import { Sql } from './sql';
import { arrayLiteral } from './array-literal';

/** The parameters of a statement being built: each value gets the next `$n`; an array of strings or numbers goes as its literal (arrayLiteral). */
export class Parameters {
  readonly values: unknown[] = [];

  add(value: unknown): string {
    this.values.push(arrayLiteral(value));
    return `$${this.values.length}`;
  }
}

/**
 * One store's share of a statement that several stores write in together: data-modifying
 * statements (each becomes a part of the WITH list) and at most one SELECT (notifications: the
 * SELECTs of all parts form the final query). The stores keep their tables' SQL; a batch pays
 * one round trip for all its writes. The parts see one snapshot, so they must touch different
 * tables (or rows no other part reads).
 */
export interface StatementPart {
  readonly modifies?: (parameters: Parameters) => string[];
  readonly selects?: (parameters: Parameters) => string;
}

/** Runs the parts as one statement (nothing when there are none); Postgres delivers notifications at commit. */
export async function runTogether(db: Sql, parts: readonly (StatementPart | undefined)[]): Promise<void> {
  const present = parts.filter((part): part is StatementPart => part !== undefined);
  if (present.length === 0) return;
  const parameters = new Parameters();
  const writes = present.flatMap((part) => part.modifies?.(parameters) ?? []);
  const selects = present.flatMap((part) => (part.selects ? [part.selects(parameters)] : []));
  const withList = writes.length > 0 ? `WITH ${writes.map((sql, i) => `w${i} AS (${sql})`).join(', ')} ` : '';
  await db.query(`${withList}${selects.length > 0 ? selects.map((s) => `(${s})`).join(' UNION ALL ') : 'SELECT 1'}`, parameters.values);
}
