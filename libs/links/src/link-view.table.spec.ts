import { linkView, UserKind, MyLink, ForeignLink } from './link-view';
import { PairState, initialPairState, withSide } from './pair';

const O = 1;
const P = 2;

/** Every combination of the four view-relevant facts, with the expected view of O about P (docs/views-by-layer.md). */
const table: [boolean, boolean, boolean, boolean, MyLink, ForeignLink, UserKind][] = [
  // C(O,P) C(P,O) R(O→P) R(P→O)  my_link                                       foreign_link                                        user
  [false, false, false, false, { _: 'contacts.myLinkEmpty' }, { _: 'contacts.foreignLinkUnknown' }, 'userForeign'],
  [false, false, false, true, { _: 'contacts.myLinkEmpty' }, { _: 'contacts.foreignLinkRequested', has_phone: true }, 'userRequest'],
  [false, false, true, false, { _: 'contacts.myLinkRequested', contact: false }, { _: 'contacts.foreignLinkUnknown' }, 'userForeign'],
  [
    false,
    false,
    true,
    true,
    { _: 'contacts.myLinkRequested', contact: false },
    { _: 'contacts.foreignLinkRequested', has_phone: true },
    'userRequest',
  ],
  [false, true, false, false, { _: 'contacts.myLinkEmpty' }, { _: 'contacts.foreignLinkUnknown' }, 'userForeign'],
  [false, true, false, true, { _: 'contacts.myLinkEmpty' }, { _: 'contacts.foreignLinkRequested', has_phone: true }, 'userRequest'],
  [false, true, true, false, { _: 'contacts.myLinkRequested', contact: false }, { _: 'contacts.foreignLinkUnknown' }, 'userForeign'],
  [
    false,
    true,
    true,
    true,
    { _: 'contacts.myLinkRequested', contact: false },
    { _: 'contacts.foreignLinkRequested', has_phone: true },
    'userRequest',
  ],
  [true, false, false, false, { _: 'contacts.myLinkContact' }, { _: 'contacts.foreignLinkUnknown' }, 'userContact'],
  [true, false, false, true, { _: 'contacts.myLinkContact' }, { _: 'contacts.foreignLinkRequested', has_phone: true }, 'userContact'],
  [true, false, true, false, { _: 'contacts.myLinkRequested', contact: true }, { _: 'contacts.foreignLinkUnknown' }, 'userContact'],
  [
    true,
    false,
    true,
    true,
    { _: 'contacts.myLinkRequested', contact: true },
    { _: 'contacts.foreignLinkRequested', has_phone: true },
    'userContact',
  ],
  [true, true, false, false, { _: 'contacts.myLinkContact' }, { _: 'contacts.foreignLinkMutual' }, 'userContact'],
  [true, true, false, true, { _: 'contacts.myLinkContact' }, { _: 'contacts.foreignLinkMutual' }, 'userContact'],
  [true, true, true, false, { _: 'contacts.myLinkRequested', contact: true }, { _: 'contacts.foreignLinkMutual' }, 'userContact'],
  [true, true, true, true, { _: 'contacts.myLinkRequested', contact: true }, { _: 'contacts.foreignLinkMutual' }, 'userContact'],
];

function facts(contactOP: boolean, contactPO: boolean, revealOP: boolean, revealPO: boolean, blocks: boolean): PairState {
  const base = initialPairState(O, P);
  const withO = withSide(base, O, { hasContact: contactOP, phoneRevealed: revealOP, blocked: blocks });
  return withSide(withO, P, { hasContact: contactPO, phoneRevealed: revealPO, blocked: blocks });
}

describe('view of O about P for every combination of facts', () => {
  it('covers all 16 combinations', () => {
    expect(new Set(table.map((row) => row.slice(0, 4).join())).size).toBe(16);
  });

  describe.each([false, true])('with blocks on both sides = %s (blocking changes no link)', (blocks) => {
    it.each(table)('C(O,P)=%s C(P,O)=%s R(O→P)=%s R(P→O)=%s', (cOP, cPO, rOP, rPO, myLink, foreignLink, userKind) => {
      const view = linkView(facts(cOP, cPO, rOP, rPO, blocks), O);
      expect(view).toEqual({ owner: O, peer: P, myLink, foreignLink, userKind });
    });
  });

  it('a deleted peer is shown as userDeleted whatever the links', () => {
    for (const row of table) {
      expect(linkView(facts(row[0], row[1], row[2], row[3], false), O, { peerDeleted: true }).userKind).toBe('userDeleted');
    }
  });
});
