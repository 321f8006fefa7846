import { PairSide, PairState, UserId, initialPairState, sideOf } from '@app/links';

/** The link facts one `link_sides` row holds: what `owner_id` has about its peer. */
export interface LinkSideRow {
  readonly owner_id: UserId;
  readonly peer_id?: UserId;
  readonly has_contact: boolean;
  readonly phone_revealed: boolean;
  readonly blocked: boolean;
}

/** One `link_sides` row as an event leaves it. */
export interface LinkSideRecord {
  readonly owner_id: UserId;
  readonly peer_id: UserId;
  readonly has_contact: boolean;
  readonly phone_revealed: boolean;
  readonly blocked: boolean;
  /** The event that first revealed owner's phone to peer; null until a reveal. */
  readonly revealed_by: string | null;
  /** When owner blocked peer (the UserBlocked event's time); set by the event that blocks, null when unblocked or unchanged. */
  readonly blocked_at: string | null;
  /** The last event that changed this side. */
  readonly updated_by: string;
}

/** A pair's state from whichever of its `link_sides` rows are present in `rows`. */
export function pairFromRows(rows: readonly LinkSideRow[], a: UserId, b: UserId): PairState {
  const state = initialPairState(a, b);
  const side = (owner: UserId, peer: UserId): PairSide => {
    const row = rows.find((r) => r.owner_id === owner && (r.peer_id === undefined || r.peer_id === peer));
    return row ? { hasContact: row.has_contact, phoneRevealed: row.phone_revealed, blocked: row.blocked } : sideOf(state, owner);
  };
  return { ...state, lowSide: side(state.low, state.high), highSide: side(state.high, state.low) };
}

/** The event a side write comes from: its id and when it happened. */
export interface SideWriteCause {
  readonly event_id: string;
  readonly occurred_at: string;
}

/**
 * The rows an event writes: only the sides whose facts changed, `revealed_by` set only by the
 * event that newly reveals and `blocked_at` only by the event that newly blocks.
 */
export function sideWrites(before: PairState, after: PairState, cause: SideWriteCause): LinkSideRecord[] {
  const writes: LinkSideRecord[] = [];
  for (const [owner, peer] of [
    [after.low, after.high],
    [after.high, after.low],
  ]) {
    const was = sideOf(before, owner);
    const now = sideOf(after, owner);
    if (was.hasContact === now.hasContact && was.phoneRevealed === now.phoneRevealed && was.blocked === now.blocked) continue;
    const newlyRevealed = now.phoneRevealed && !was.phoneRevealed;
    const newlyBlocked = now.blocked && !was.blocked;
    writes.push({
      owner_id: owner,
      peer_id: peer,
      has_contact: now.hasContact,
      phone_revealed: now.phoneRevealed,
      blocked: now.blocked,
      revealed_by: newlyRevealed ? cause.event_id : null,
      blocked_at: newlyBlocked ? cause.occurred_at : null,
      updated_by: cause.event_id,
    });
  }
  return writes;
}

/**
 * A later write of the same row, as the table's upsert merges it: the first reveal's event is never
 * cleared, and a block keeps the time it began until an unblock clears it.
 */
export function mergeSideWrite(previous: LinkSideRecord | undefined, write: LinkSideRecord): LinkSideRecord {
  return {
    ...write,
    revealed_by: write.revealed_by ?? previous?.revealed_by ?? null,
    blocked_at: write.blocked ? (write.blocked_at ?? previous?.blocked_at ?? null) : null,
  };
}
