import { DomainEvent, decodeEvent } from '@app/events';
import { LinkProjection } from '@app/projection';

/**
 * The link projector's tables rebuilt in memory: the projector's own decoding and its one
 * projection (LinkProjection) run over the whole log from nothing, with the ledger's rule (an
 * event id counts once) and the dead-letter rule (what does not decode is counted and skipped).
 * Pair states stay in memory for the whole replay because any later event may move a pair; rows
 * are written once at the end.
 */
export class ProjectionFold {
  readonly projection = new LinkProjection();
  /** Event ids applied, in order: the projector's ledger after the same log. */
  readonly ledger = new Set<string>();
  readonly malformedReasons = new Map<string, number>();
  read = 0;
  duplicates = 0;

  get users() {
    return this.projection.users;
  }

  get chats() {
    return this.projection.chats;
  }

  get sides() {
    return this.projection.sides;
  }

  get names() {
    return this.projection.names;
  }

  get pending() {
    return this.projection.pending;
  }

  get malformed(): number {
    let total = 0;
    for (const n of this.malformedReasons.values()) total += n;
    return total;
  }

  /** Folds one raw log value; a value that does not decode is counted and skipped (dead-lettered live). */
  foldRaw(value: Buffer | null): void {
    this.read += 1;
    const decoded = decodeEvent(value);
    if (!decoded.ok) {
      const kind = decoded.reason.split(':')[0];
      this.malformedReasons.set(kind, (this.malformedReasons.get(kind) ?? 0) + 1);
      return;
    }
    this.apply(decoded.event);
  }

  apply(event: DomainEvent): void {
    if (this.ledger.has(event.event_id)) {
      this.duplicates += 1;
      return;
    }
    this.ledger.add(event.event_id);
    this.projection.apply(event);
  }
}
