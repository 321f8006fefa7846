import { EntityManager } from 'typeorm';
import { PairSide, PairState, UserId, initialPairState, sideOf } from '@app/links';

/** Loads and saves a pair's link facts (two `link_sides` rows), locking them for the batch. */
export async function loadPair(db: EntityManager, a: UserId, b: UserId): Promise<PairState> {
  const rows: { owner_id: number; has_contact: boolean; phone_revealed: boolean; blocked: boolean }[] = await db.query(
    `SELECT owner_id, has_contact, phone_revealed, blocked FROM link_sides
     WHERE (owner_id, peer_id) IN (($1, $2), ($2, $1)) FOR UPDATE`,
    [a, b],
  );
  const state = initialPairState(a, b);
  const side = (owner: UserId): PairSide => {
    const row = rows.find((r) => r.owner_id === owner);
    return row ? { hasContact: row.has_contact, phoneRevealed: row.phone_revealed, blocked: row.blocked } : sideOf(state, owner);
  };
  return { ...state, lowSide: side(state.low), highSide: side(state.high) };
}

export async function savePair(db: EntityManager, before: PairState, after: PairState, eventId: string): Promise<void> {
  for (const [owner, peer] of [[after.low, after.high], [after.high, after.low]]) {
    const was = sideOf(before, owner);
    const now = sideOf(after, owner);
    if (was.hasContact === now.hasContact && was.phoneRevealed === now.phoneRevealed && was.blocked === now.blocked) continue;
    const newlyRevealed = now.phoneRevealed && !was.phoneRevealed;
    await db.query(
      `INSERT INTO link_sides (owner_id, peer_id, has_contact, phone_revealed, blocked, revealed_by, updated_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (owner_id, peer_id) DO UPDATE SET has_contact = $3, phone_revealed = $4, blocked = $5,
         revealed_by = COALESCE($6, link_sides.revealed_by), updated_by = $7`,
      [owner, peer, now.hasContact, now.phoneRevealed, now.blocked, newlyRevealed ? eventId : null, eventId],
    );
  }
}
