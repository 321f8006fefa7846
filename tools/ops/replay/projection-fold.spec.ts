import { DomainEvent, encodeEvent } from '@app/events';
import { events } from '../../../libs/events/test/sample-events';
import { ProjectionFold } from './projection-fold';

const { imports, deletes, registers, createsChat, writes: message } = events;

function folded(...events: (DomainEvent | Buffer)[]): ProjectionFold {
  const fold = new ProjectionFold();
  for (const e of events) fold.foldRaw(Buffer.isBuffer(e) ? e : encodeEvent(e));
  return fold;
}

describe('ProjectionFold: the projector’s tables, rebuilt in memory', () => {
  it('seed (a): the import writes A’s side, the message reveals A’s phone with its event id', () => {
    const imported = imports(1, 2);
    const sent = message(2, { kind: 'user', user_id: 1 });
    const fold = folded(imported, sent);
    expect([...fold.sides.values()]).toEqual([
      {
        owner_id: 1,
        peer_id: 2,
        has_contact: true,
        phone_revealed: true,
        blocked: false,
        blocked_at: null,
        revealed_by: sent.event_id,
        updated_by: sent.event_id,
      },
    ]);
  });

  it('keeps a side row (and its first reveal) after the facts go back to empty, like the upsert', () => {
    const sent = message(1, { kind: 'user', user_id: 2 });
    const deleted = deletes(1, 2);
    const fold = folded(imports(1, 2), sent, deleted);
    expect(fold.sides.get('1>2')).toMatchObject({
      has_contact: false,
      phone_revealed: true,
      revealed_by: sent.event_id,
      updated_by: deleted.event_id,
    });
  });

  it('skips a repeated event id like the ledger, and counts what does not decode', () => {
    const imported = imports(1, 2);
    const deleted = deletes(1, 2);
    const fold = folded(imported, deleted, imported, Buffer.from('{not json'));
    expect(fold.sides.get('1>2')?.has_contact).toBe(false);
    expect(fold.duplicates).toBe(1);
    expect(fold.malformed).toBe(1);
    expect(fold.ledger.size).toBe(2);
  });

  it('first registration of an id or a phone wins; chats and group or self messages move no pair', () => {
    const fold = folded(
      registers(1, '15550001'),
      registers(1, '15550009'),
      registers(2, '15550001'),
      createsChat(5, 1, [1, 3]),
      message(1, { kind: 'chat', chat_id: 5 }),
      message(1, { kind: 'user', user_id: 1 }),
    );
    expect([...fold.users.keys()]).toEqual([1]);
    expect(fold.users.get(1)?.phone).toBe('15550001');
    expect(fold.chats.get(5)).toMatchObject({ title: 't', member_ids: [1, 3] });
    expect(fold.sides.size).toBe(0);
  });
});
