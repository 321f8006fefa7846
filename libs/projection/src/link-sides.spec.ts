import { PairEvent, evolvePair, initialPairState } from '@app/links';
import { mergeSideWrite, sideWrites } from './link-sides';

const A = 10;
const B = 20;
const fold = (...events: PairEvent[]) => events.reduce(evolvePair, initialPairState(A, B));

describe('sideWrites: the link_sides rows one event writes', () => {
  it('writes only the side that changed', () => {
    const before = fold();
    const after = fold({ type: 'ContactImported', owner: A, contact: B });
    expect(sideWrites(before, after, 'e1')).toEqual([
      { owner_id: A, peer_id: B, has_contact: true, phone_revealed: false, blocked: false, revealed_by: null, updated_by: 'e1' },
    ]);
    expect(sideWrites(after, after, 'e2')).toEqual([]);
  });

  it('names the revealing event once; later writes keep it', () => {
    const imported = fold({ type: 'ContactImported', owner: A, contact: B });
    const revealed = evolvePair(imported, { type: 'PrivateMessageSent', sender: B, recipient: A });
    const [reveal] = sideWrites(imported, revealed, 'm1');
    expect(reveal).toMatchObject({ owner_id: A, phone_revealed: true, revealed_by: 'm1', updated_by: 'm1' });

    const deleted = evolvePair(revealed, { type: 'ContactDeleted', owner: A, contact: B });
    const [later] = sideWrites(revealed, deleted, 'd1');
    expect(later.revealed_by).toBeNull();
    expect(mergeSideWrite(reveal, later)).toMatchObject({ has_contact: false, phone_revealed: true, revealed_by: 'm1', updated_by: 'd1' });
  });
});
