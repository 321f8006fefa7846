import { makeEvent, newMeta } from './index';
import { eventKey, pairEventOf } from './catalog';

const meta = () => newMeta({ correlation_id: 'req-1' });
const message = (sender_id: number, peer: { kind: 'user'; user_id: number } | { kind: 'chat'; chat_id: number }) =>
  makeEvent(
    'MessageSent',
    {
      sender_id,
      random_id: '1',
      method: 'messages.sendMessage',
      layer: 3,
      peer,
      date: 0,
      items: [{ content: { kind: 'text', text: 'hi' } }],
    },
    meta(),
  );

describe('pairEventOf: what a logged event does to a pair', () => {
  it.each([
    [makeEvent('ContactImported', { owner_id: 1, contact_id: 2 }, meta()), { type: 'ContactImported', owner: 1, contact: 2 }],
    [makeEvent('ContactDeleted', { owner_id: 2, contact_id: 1 }, meta()), { type: 'ContactDeleted', owner: 2, contact: 1 }],
    [makeEvent('UserBlocked', { owner_id: 1, target_id: 2 }, meta()), { type: 'UserBlocked', owner: 1, target: 2 }],
    [makeEvent('UserUnblocked', { owner_id: 1, target_id: 2 }, meta()), { type: 'UserUnblocked', owner: 1, target: 2 }],
    [message(2, { kind: 'user', user_id: 1 }), { type: 'PrivateMessageSent', sender: 2, recipient: 1 }],
  ])('maps %#', (event, expected) => {
    expect(pairEventOf(event)).toEqual(expected);
  });

  it.each([
    ['a registration', makeEvent('UserRegistered', { user_id: 1, phone: '15550001', first_name: 'A', last_name: '' }, meta())],
    ['a chat', makeEvent('ChatCreated', { chat_id: 1, creator_id: 1, title: 't', member_ids: [1, 2] }, meta())],
    ['a group message', message(1, { kind: 'chat', chat_id: 7 })],
    ['a message to oneself', message(1, { kind: 'user', user_id: 1 })],
    ['a self import', makeEvent('ContactImported', { owner_id: 3, contact_id: 3 }, meta())],
  ])('moves no pair for %s', (_name, event) => {
    expect(pairEventOf(event)).toBeUndefined();
  });
});

describe('eventKey: the partition key', () => {
  it.each([
    [makeEvent('UserRegistered', { user_id: 7, phone: '15550001', first_name: 'A', last_name: '' }, meta()), 'user:7'],
    [makeEvent('ContactImported', { owner_id: 9, contact_id: 2 }, meta()), '2:9'],
    [makeEvent('UserBlocked', { owner_id: 2, target_id: 9 }, meta()), '2:9'],
    [makeEvent('ChatCreated', { chat_id: 4, creator_id: 1, title: 't', member_ids: [1] }, meta()), 'chat:4'],
    [message(9, { kind: 'user', user_id: 2 }), '2:9'],
    [message(9, { kind: 'chat', chat_id: 4 }), 'chat:4'],
  ])('%#: %s', (event, key) => {
    expect(eventKey(event)).toBe(key);
  });
});
