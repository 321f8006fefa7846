import { PayloadOf } from '@app/events';
import { UserKind } from '@app/links';
import type { User } from '@app/tl';
import { Outcome, assemble, assemblyNeeds } from './assembly';
import { MailboxCounters } from './mailbox-changes';

type LinkChanged = PayloadOf<'LinkChanged'>;
const ANN = 1;
const BOB = 2;
const CID = 3;

/** Users as the fake directory renders them: the pinned kind, else userForeign; enough to see who was shown how. */
const users = {
  render: (viewer: number, subjects: readonly number[], known: ReadonlyMap<number, UserKind> = new Map()) =>
    [...new Set(subjects)].map((id) => ({ _: id === viewer ? 'userSelf' : (known.get(id) ?? 'userForeign'), id }) as unknown as User),
};

const message = (
  sender: number,
  to: number,
  layer = 3,
  method: 'messages.sendMessage' | 'messages.sendMedia' = 'messages.sendMessage',
): LinkChanged['message'] => ({
  sender_id: sender,
  random_id: `r${sender}`,
  method,
  layer,
  peer: { kind: 'user', user_id: to },
  date: 100,
  items: [{ content: { kind: 'text', text: 'hi' } }],
});

const view = (owner: number, peer: number, user_kind: UserKind, changed: boolean): LinkChanged['views'][number] => ({
  owner_id: owner,
  peer_id: peer,
  my_link: { _: 'contacts.myLinkEmpty' },
  foreign_link: changed ? { _: 'contacts.foreignLinkRequested', has_phone: true } : { _: 'contacts.foreignLinkUnknown' },
  user_kind,
  changed,
});

/** Ann (who has Bob) writes to Bob: both views change, Bob now sees Ann as userRequest. */
const reveal = (layer = 3): LinkChanged => ({
  message_event_id: '00000000-0000-4000-8000-000000000001',
  message: message(ANN, BOB, layer),
  delivered: true,
  views: [view(ANN, BOB, 'userContact', true), view(BOB, ANN, 'userRequest', true)],
  recipient_ids: [BOB],
});

/** Given the boxes' counters, when the batch's LinkChanged outcomes are assembled, then what each box and sender gets. */
function given(counters: Record<number, MailboxCounters>) {
  return {
    when: (...changes: Outcome[]) =>
      assemble({ counters: new Map(Object.entries(counters).map(([id, c]) => [Number(id), c])), users, chats: new Map() }, changes),
  };
}
const empty = { pts: 0, seq: 0, last_message_id: 0 };

describe('the assembler’s batch (given / when / then)', () => {
  it('the recipient gets the updateContactLink, then the message, with consecutive pts after its own', () => {
    const { mailboxes } = given({ [ANN]: empty, [BOB]: { pts: 7, seq: 3, last_message_id: 4 } }).when(reveal());
    const bob = mailboxes.feed.filter((f) => f.userId === BOB);
    expect(bob.map((f) => [f.pts, f.entry.kind, f.entry.body._])).toEqual([
      [8, 'link', 'updateContactLink'],
      [9, 'message', 'message'],
    ]);
    expect(bob[0].entry.users).toEqual([{ _: 'userRequest', id: ANN }]);
    expect(mailboxes.counters(BOB)).toEqual({ pts: 9, seq: 4, last_message_id: 5 });
    expect(mailboxes.messages.find((m) => m.userId === BOB)).toMatchObject({
      peer: { kind: 'user', id: ANN },
      body: { id: 5, out: false, from_id: ANN },
    });
  });

  it('the sender gets its own message in its feed and box but never a link update; on layer 3 its result carries the changed link', () => {
    const { mailboxes, results } = given({ [ANN]: empty, [BOB]: empty }).when(reveal());
    expect(mailboxes.feed.filter((f) => f.userId === ANN).map((f) => f.entry.kind)).toEqual(['message']);
    expect(results).toEqual([
      {
        sender: ANN,
        randomId: `r${ANN}`,
        result: {
          _: 'messages.sentMessageLink',
          id: 1,
          date: 100,
          pts: 1,
          seq: 1,
          links: [
            {
              _: 'contacts.link',
              my_link: view(ANN, BOB, 'userContact', true).my_link,
              foreign_link: view(ANN, BOB, 'userContact', true).foreign_link,
              user: { _: 'userContact', id: BOB },
            },
          ],
        },
      },
    ]);
  });

  it('on layer 1 the result is the plain constructor, whatever changed', () => {
    const { results } = given({ [ANN]: empty, [BOB]: empty }).when(reveal(1));
    expect(results[0].result).toEqual({ _: 'messages.sentMessage', id: 1, date: 100, pts: 1, seq: 1 });
  });

  it.each([
    ['messages.forwardMessage', 3, { _: 'messages.statedMessageLink', message: { id: 1 } }],
    ['messages.forwardMessage', 1, { _: 'messages.statedMessage', message: { id: 1 } }],
    ['messages.sendBroadcast', 3, { _: 'messages.statedMessagesLinks', messages: [{ id: 1 }] }],
    ['messages.sendBroadcast', 1, { _: 'messages.statedMessages', messages: [{ id: 1 }] }],
  ] as const)('%s on layer %i answers %o', (method, layer, expected) => {
    const change = reveal(layer);
    const { results } = given({ [ANN]: empty, [BOB]: empty }).when({ ...change, message: { ...change.message, method } });
    expect(results[0].result).toMatchObject(expected);
    expect('links' in results[0].result).toBe(layer === 3);
  });

  it('a message no one receives (blocked) is only in the sender’s box', () => {
    const blocked: LinkChanged = {
      ...reveal(),
      delivered: false,
      recipient_ids: [],
      views: [view(ANN, BOB, 'userContact', false), view(BOB, ANN, 'userForeign', false)],
    };
    const { mailboxes, results } = given({ [ANN]: empty }).when(blocked);
    expect(mailboxes.feed.map((f) => f.userId)).toEqual([ANN]);
    expect(results[0].result._).toBe('messages.sentMessage');
  });

  it('two changes in one batch number each box on from the other', () => {
    const second: LinkChanged = { ...reveal(), message: { ...message(BOB, ANN), random_id: 'rB' }, views: [], recipient_ids: [ANN] };
    const { mailboxes } = given({ [ANN]: empty, [BOB]: empty }).when(reveal(), second);
    expect(mailboxes.feed.filter((f) => f.userId === BOB).map((f) => f.pts)).toEqual([1, 2, 3]);
    expect(mailboxes.messages.filter((m) => m.userId === BOB).map((m) => m.body.id)).toEqual([1, 2]);
  });

  it('needs: the boxes of sender and recipients, what each owner is shown, the chats named', () => {
    const needs = assemblyNeeds([
      reveal(),
      { ...reveal(), message: { ...message(CID, 0), peer: { kind: 'chat', chat_id: 4 } }, recipient_ids: [ANN, BOB], views: [] },
    ]);
    expect(needs.owners).toEqual([ANN, BOB, CID, ANN, BOB]);
    expect(needs.chats).toEqual([4]);
    expect(needs.sightings).toContainEqual([BOB, ANN]);
  });

  /** Bob (whom Ann has) imports Ann: the pair is mutual, Ann's view of Bob changes and so does Bob's own. */
  const mutual = (): PayloadOf<'ContactLinkChanged'> => ({
    cause_event_id: '00000000-0000-4000-8000-000000000002',
    owner_id: BOB,
    contact_id: ANN,
    date: 200,
    registered: false,
    views: [
      { ...view(BOB, ANN, 'userContact', true), foreign_link: { _: 'contacts.foreignLinkMutual' } },
      {
        ...view(ANN, BOB, 'userContact', true),
        my_link: { _: 'contacts.myLinkContact' },
        foreign_link: { _: 'contacts.foreignLinkMutual' },
      },
    ],
  });

  it('a contact change reaches the other member as updateContactLink, never the member who made the call', () => {
    const { mailboxes, results } = given({ [ANN]: { pts: 4, seq: 2, last_message_id: 1 } }).when(mutual());
    expect(mailboxes.feed.map((f) => [f.userId, f.pts, f.entry.date, f.entry.body])).toEqual([
      [
        ANN,
        5,
        200,
        {
          _: 'updateContactLink',
          user_id: BOB,
          my_link: { _: 'contacts.myLinkContact' },
          foreign_link: { _: 'contacts.foreignLinkMutual' },
        },
      ],
    ]);
    expect(mailboxes.feed[0].entry.users).toEqual([{ _: 'userContact', id: BOB }]);
    expect(results).toEqual([]);
    expect(assemblyNeeds([mutual()])).toEqual({ owners: [ANN], sightings: [[ANN, BOB]], chats: [] });
  });

  it('a contact change and a message of one batch keep their order in the feed', () => {
    const { mailboxes } = given({ [ANN]: empty, [BOB]: empty }).when(mutual(), {
      ...reveal(),
      message: message(BOB, ANN),
      recipient_ids: [ANN],
      views: [],
    });
    expect(mailboxes.feed.filter((f) => f.userId === ANN).map((f) => [f.pts, f.entry.kind])).toEqual([
      [1, 'link'],
      [2, 'message'],
    ]);
  });

  it('a converted pending contact gives its owner updateContactRegistered, then updateContactLink; the new user hears nothing', () => {
    const converted: PayloadOf<'ContactLinkChanged'> = {
      cause_event_id: '00000000-0000-4000-8000-000000000003',
      owner_id: ANN,
      contact_id: BOB,
      date: 300,
      registered: true,
      views: [
        {
          ...view(ANN, BOB, 'userContact', true),
          my_link: { _: 'contacts.myLinkContact' },
          foreign_link: { _: 'contacts.foreignLinkUnknown' },
        },
        view(BOB, ANN, 'userForeign', false),
      ],
    };
    const { mailboxes } = given({ [ANN]: empty }).when(converted);
    expect(mailboxes.feed.map((f) => [f.userId, f.pts, f.entry.kind, f.entry.body._])).toEqual([
      [ANN, 1, 'registered', 'updateContactRegistered'],
      [ANN, 2, 'link', 'updateContactLink'],
    ]);
    expect(mailboxes.feed[0].entry.body).toEqual({ _: 'updateContactRegistered', user_id: BOB, date: 300 });
    expect(mailboxes.feed[0].entry.users).toEqual([{ _: 'userContact', id: BOB }]);
  });
});
