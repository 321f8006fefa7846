import { PairEvent, evolvePair, initialPairState } from '@app/links';
import { mergeSideWrite, sideWrites } from './link-sides';

const A = 10;
const B = 20;
const fold = (...events: PairEvent[]) => events.reduce(evolvePair, initialPairState(A, B));
const cause = (event_id: string, occurred_at = '2026-01-01T00:00:00.000Z') => ({ event_id, occurred_at });

describe('sideWrites: the link_sides rows one event writes', () => {
  it('writes only the side that changed', () => {
    const before = fold();
    const after = fold({ type: 'ContactImported', owner: A, contact: B });
    expect(sideWrites(before, after, cause('e1'))).toEqual([
      {
        owner_id: A,
        peer_id: B,
        has_contact: true,
        phone_revealed: false,
        blocked: false,
        revealed_by: null,
        blocked_at: null,
        updated_by: 'e1',
      },
    ]);
    expect(sideWrites(after, after, cause('e2'))).toEqual([]);
  });

  it('names the revealing event once; later writes keep it', () => {
    const imported = fold({ type: 'ContactImported', owner: A, contact: B });
    const revealed = evolvePair(imported, { type: 'PrivateMessageSent', sender: B, recipient: A });
    const [reveal] = sideWrites(imported, revealed, cause('m1'));
    expect(reveal).toMatchObject({ owner_id: A, phone_revealed: true, revealed_by: 'm1', updated_by: 'm1' });

    const deleted = evolvePair(revealed, { type: 'ContactDeleted', owner: A, contact: B });
    const [later] = sideWrites(revealed, deleted, cause('d1'));
    expect(later.revealed_by).toBeNull();
    expect(mergeSideWrite(reveal, later)).toMatchObject({ has_contact: false, phone_revealed: true, revealed_by: 'm1', updated_by: 'd1' });
  });

  it('dates a block by the event that began it; a later write of the side keeps that date, an unblock clears it', () => {
    const blockedAt = '2026-03-04T05:06:07.000Z';
    const blocked = fold({ type: 'UserBlocked', owner: A, target: B });
    const [block] = sideWrites(fold(), blocked, cause('b1', blockedAt));
    expect(block).toMatchObject({ owner_id: A, blocked: true, blocked_at: blockedAt });

    const imported = evolvePair(blocked, { type: 'ContactImported', owner: A, contact: B });
    const [later] = sideWrites(blocked, imported, cause('i1', '2026-03-05T00:00:00.000Z'));
    expect(later.blocked_at).toBeNull();
    const merged = mergeSideWrite(block, later);
    expect(merged).toMatchObject({ has_contact: true, blocked: true, blocked_at: blockedAt, updated_by: 'i1' });

    const [unblock] = sideWrites(imported, evolvePair(imported, { type: 'UserUnblocked', owner: A, target: B }), cause('u1'));
    expect(mergeSideWrite(merged, unblock)).toMatchObject({ blocked: false, blocked_at: null, updated_by: 'u1' });
  });
});
