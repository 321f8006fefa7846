import { PairEvent } from './link-events';
import { evolvePair } from './evolve';
import { linkView } from './link-view';
import { decidePrivateMessage } from './message-outcome';
import { PairState, initialPairState, phoneVisible } from './pair';

const A = 10;
const B = 20;

function given(...events: PairEvent[]): PairState {
  return events.reduce(evolvePair, initialPairState(A, B));
}

const imports = (owner: number, contact: number): PairEvent => ({ type: 'ContactImported', owner, contact });
const message = (sender: number, recipient: number): PairEvent => ({ type: 'PrivateMessageSent', sender, recipient });

describe.each([
  ['A → B', A, B],
  ['B → A', B, A],
])('seed scenarios, message %s', (_direction, sender, recipient) => {
  it('(a) A has B, B lacks A: the message reveals A’s phone to B, who then sees A as userRequest', () => {
    const before = given(imports(A, B));
    expect(linkView(before, B).userKind).toBe('userForeign');

    const outcome = decidePrivateMessage(before, sender, recipient);

    expect(outcome.reveals).toEqual([{ subject: A, viewer: B }]);
    expect(phoneVisible(outcome.next, B, A)).toBe(true);
    expect(phoneVisible(outcome.next, A, B)).toBe(true);
    expect(linkView(outcome.next, B)).toMatchObject({
      userKind: 'userRequest',
      foreignLink: { _: 'contacts.foreignLinkRequested', has_phone: true },
      myLink: { _: 'contacts.myLinkEmpty' },
    });
    expect(linkView(outcome.next, A).myLink).toEqual({ _: 'contacts.myLinkRequested', contact: true });
    expect(outcome.views.every((v) => v.changed)).toBe(true);
  });

  it('(b) strangers: messages reveal nothing; after B imports A’s card the next message reveals B to A', () => {
    const strangers = given();
    const silent = decidePrivateMessage(strangers, sender, recipient);
    expect(silent.reveals).toEqual([]);
    expect(silent.views.some((v) => v.changed)).toBe(false);
    expect(linkView(silent.next, A).userKind).toBe('userForeign');
    expect(linkView(silent.next, B).userKind).toBe('userForeign');

    // A sends its contact card (itself a message, still revealing nothing); B imports it.
    const afterCard = evolvePair(silent.next, message(A, B));
    const imported = evolvePair(afterCard, imports(B, A));
    expect(phoneVisible(imported, A, B)).toBe(false);

    const outcome = decidePrivateMessage(imported, sender, recipient);
    expect(outcome.reveals).toEqual([{ subject: B, viewer: A }]);
    expect(linkView(outcome.next, A).userKind).toBe('userRequest');
    expect(linkView(outcome.next, B).userKind).toBe('userContact');
  });

  it('(c) mutual contacts: messaging changes no link', () => {
    const mutual = given(imports(A, B), imports(B, A));
    const outcome = decidePrivateMessage(mutual, sender, recipient);
    expect(outcome.reveals).toEqual([]);
    expect(outcome.next).toEqual(mutual);
    expect(outcome.views.some((v) => v.changed)).toBe(false);
    expect(linkView(mutual, A).foreignLink).toEqual({ _: 'contacts.foreignLinkMutual' });
  });
});

describe('messages that change no link', () => {
  it('a message the recipient blocked is not delivered and reveals nothing', () => {
    const state = given(imports(A, B), { type: 'UserBlocked', owner: B, target: A });
    const outcome = decidePrivateMessage(state, A, B);
    expect(outcome.delivered).toBe(false);
    expect(outcome.reveals).toEqual([]);
  });

  it('the blocker’s own message still reveals (only the recipient’s block stops delivery)', () => {
    const state = given(imports(A, B), { type: 'UserBlocked', owner: B, target: A });
    const outcome = decidePrivateMessage(state, B, A);
    expect(outcome.delivered).toBe(true);
    expect(outcome.reveals).toEqual([{ subject: A, viewer: B }]);
  });

  it('a reveal survives deleting the contact: what B has seen cannot be unseen', () => {
    const revealed = given(imports(A, B), message(A, B), { type: 'ContactDeleted', owner: A, contact: B });
    expect(phoneVisible(revealed, B, A)).toBe(true);
    expect(linkView(revealed, A).myLink).toEqual({ _: 'contacts.myLinkRequested', contact: false });
  });
});
