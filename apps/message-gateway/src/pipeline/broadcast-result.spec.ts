import fc from 'fast-check';
import type { ContactsLink, User } from '@app/tl';
import { RpcError } from '@app/platform';
import { BROADCAST_MAX_RECIPIENTS, broadcastRandomIds, mergeBroadcastResults } from './broadcast-result';

const SENDER = 1;
const user = (id: number, _: string) => ({ _, id }) as unknown as User;
const link = (id: number) => ({ _: 'contacts.link', user: user(id, 'userContact') }) as unknown as ContactsLink;
const message = (id: number, to: number) => ({ _: 'message', id, to_id: { _: 'peerUser', user_id: to } }) as never;

/** The sender's result for one recipient, as the assembler stores it. */
function part(recipient: number, pts: number, changed: boolean) {
  const stated = {
    messages: [message(pts, recipient)],
    chats: [],
    users: [user(SENDER, 'userSelf'), user(recipient, changed ? 'userContact' : 'userForeign')],
    pts,
    seq: pts,
  };
  return changed
    ? { _: 'messages.statedMessagesLinks' as const, ...stated, links: [link(recipient)] }
    : { _: 'messages.statedMessages' as const, ...stated };
}

describe('a broadcast’s result, merged from its recipients’ (docs/api.md)', () => {
  it('holds the sender’s message per recipient in recipient order, each user once, the links of every recipient, the last pts and seq', () => {
    const merged = mergeBroadcastResults([part(3, 5, true), part(2, 4, true), part(4, 6, false)]);
    expect(merged).toEqual({
      _: 'messages.statedMessagesLinks',
      messages: [message(5, 3), message(4, 2), message(6, 4)],
      chats: [],
      users: [user(SENDER, 'userSelf'), user(2, 'userContact'), user(3, 'userContact'), user(4, 'userForeign')],
      links: [link(3), link(2)],
      pts: 6,
      seq: 6,
    });
  });

  it('is plain statedMessages when no recipient’s result carried links', () => {
    const merged = mergeBroadcastResults([part(2, 1, false), part(3, 2, false)]);
    expect(merged._).toBe('messages.statedMessages');
    expect('links' in merged).toBe(false);
  });

  it('for any recipients: as many messages as recipients, the links of exactly those that changed, the highest pts', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 2, max: 1000 }), { minLength: 1, maxLength: 20 }),
        fc.array(fc.boolean(), { minLength: 20 }),
        (ids, changed) => {
          const parts = ids.map((id, i) => part(id, i + 1, changed[i]));
          const merged = mergeBroadcastResults(parts);
          expect(merged.messages).toHaveLength(ids.length);
          expect(new Set(merged.users.map((u) => u.id)).size).toBe(merged.users.length);
          const linked = ids.filter((_, i) => changed[i]);
          expect(merged._ === 'messages.statedMessagesLinks' ? merged.links.map((l) => (l.user as { id: number }).id) : []).toEqual(linked);
          expect(merged.pts).toBe(ids.length);
        },
      ),
    );
  });

  it('refuses a part that is not a statedMessages: that would be a bug upstream, not a client error', () => {
    expect(() => mergeBroadcastResults([{ _: 'messages.sentMessage', id: 1, date: 0, pts: 1, seq: 1 }])).toThrow(
      /not messages.statedMessages/,
    );
  });
});

describe('a broadcast’s random_ids', () => {
  it('are the client’s, one per recipient', () => {
    expect(broadcastRandomIds(2, ['7', '-8'])).toEqual(['7', '-8']);
  });

  it('of another length than the recipients are RANDOM_ID_INVALID', () => {
    for (const given of [['1'], ['1', '2', '3'], []]) {
      expect(() => broadcastRandomIds(2, given)).toThrow(expect.objectContaining({ errorName: 'RANDOM_ID_INVALID' }) as RpcError);
    }
  });

  it('without the client’s, are picked by the server: one each, distinct, 64-bit', () => {
    const ids = broadcastRandomIds(BROADCAST_MAX_RECIPIENTS, undefined);
    expect(ids).toHaveLength(BROADCAST_MAX_RECIPIENTS);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(BigInt.asIntN(64, BigInt(id)).toString()).toBe(id);
  });
});
