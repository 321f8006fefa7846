import { createHash } from 'node:crypto';
import { eventKey, pairEventOf } from './catalog';
import { events } from '../test/sample-events';

const { imports, deletes, blocks, unblocks, registers, createsChat, writes } = events;

describe('pairEventOf: what a logged event does to a pair', () => {
  it.each([
    [imports(1, 2), { type: 'ContactImported', owner: 1, contact: 2 }],
    [deletes(2, 1), { type: 'ContactDeleted', owner: 2, contact: 1 }],
    [blocks(1, 2), { type: 'UserBlocked', owner: 1, target: 2 }],
    [unblocks(1, 2), { type: 'UserUnblocked', owner: 1, target: 2 }],
    [writes(2, { kind: 'user', user_id: 1 }), { type: 'PrivateMessageSent', sender: 2, recipient: 1 }],
  ])('maps %#', (event, expected) => {
    expect(pairEventOf(event)).toEqual(expected);
  });

  it.each([
    ['a registration', registers(1, '15550001')],
    ['a chat', createsChat(1, 1, [1, 2])],
    ['a group message', writes(1, { kind: 'chat', chat_id: 7 })],
    ['a message to oneself', writes(1, { kind: 'user', user_id: 1 })],
    ['a self import', imports(3, 3)],
  ])('moves no pair for %s', (_name, event) => {
    expect(pairEventOf(event)).toBeUndefined();
  });
});

describe('eventKey: the partition key', () => {
  it.each([
    [registers(7, '15550001'), `phone:${createHash('sha256').update('15550001').digest('hex').slice(0, 32)}`],
    [imports(9, 2), '2:9'],
    [blocks(2, 9), '2:9'],
    [createsChat(4, 1, [1]), 'chat:4'],
    [writes(9, { kind: 'user', user_id: 2 }), '2:9'],
    [writes(9, { kind: 'chat', chat_id: 4 }), 'chat:4'],
  ])('%#: %s', (event, key) => {
    expect(eventKey(event)).toBe(key);
  });
});
