import { events } from '../../events/test/sample-events';
import { EventOf, PayloadOf, derivedEventId } from '@app/events';
import { given } from '../test/given';

const { imports, importsPhone, dropsPhone, deletes, blocks, unblocks, registers, createsChat, writes } = events;
const ANN = 1;
const BOB = 2;
const CID = 3;
const toUser = (user_id: number) => ({ kind: 'user' as const, user_id });

describe('the projector’s batch (given / when / then)', () => {
  it('seed (a): given Ann has Bob, when Ann writes, then Ann’s phone is revealed to Bob and both views change', () => {
    const message = writes(ANN, toUser(BOB));
    const { rows, outcomes, applied } = given(imports(ANN, BOB)).when(message);
    expect([...rows.sides.values()]).toEqual([
      {
        owner_id: ANN,
        peer_id: BOB,
        has_contact: true,
        phone_revealed: true,
        blocked: false,
        blocked_at: null,
        revealed_by: message.event_id,
        updated_by: message.event_id,
      },
    ]);
    expect(outcomes).toHaveLength(1);
    expect(outcomes[0].outcome).toMatchObject({ delivered: true, recipient_ids: [BOB] });
    expect(outcomes[0].outcome.views.map((v) => [v.owner_id, v.user_kind, v.changed])).toEqual([
      [ANN, 'userContact', true],
      [BOB, 'userRequest', true],
    ]);
    expect(applied).toEqual([]); // a send is answered by its result, not by "applied"
  });

  it('seed (c): given mutual contacts, when they write, then no view changes and no row is written', () => {
    const { rows, outcomes } = given(imports(ANN, BOB), imports(BOB, ANN)).when(writes(BOB, toUser(ANN)));
    expect(rows.sides.size).toBe(0);
    expect(outcomes[0].outcome.views.every((v) => !v.changed)).toBe(true);
  });

  it('given Bob blocked Ann, when Ann writes, then nothing is delivered and nothing revealed', () => {
    const { rows, outcomes } = given(imports(ANN, BOB), blocks(BOB, ANN)).when(writes(ANN, toUser(BOB)));
    expect(rows.sides.size).toBe(0);
    expect(outcomes[0].outcome).toMatchObject({ delivered: false, recipient_ids: [] });
  });

  it('when Bob blocks Ann, then his side is blocked from the event’s time and no link moves', () => {
    const block = blocks(BOB, ANN);
    const { rows, outcomes } = given(imports(ANN, BOB)).when(block);
    expect([...rows.sides.values()]).toEqual([
      {
        owner_id: BOB,
        peer_id: ANN,
        has_contact: false,
        phone_revealed: false,
        blocked: true,
        blocked_at: block.occurred_at,
        revealed_by: null,
        updated_by: block.event_id,
      },
    ]);
    expect(outcomes).toEqual([]);
  });

  it('given Bob blocked Ann, when he blocks her again, then nothing is written (the block keeps its first date)', () => {
    const { rows } = given(blocks(BOB, ANN)).when(blocks(BOB, ANN));
    expect(rows.sides.size).toBe(0);
  });

  it('given Bob blocked Ann, when he unblocks her and she writes, then the block and its date are gone and the message is delivered', () => {
    const unblock = unblocks(BOB, ANN);
    const { rows, outcomes } = given(blocks(BOB, ANN)).when(unblock, writes(ANN, toUser(BOB)));
    expect(rows.sides.get(`${BOB}>${ANN}`)).toMatchObject({ blocked: false, blocked_at: null, updated_by: unblock.event_id });
    expect(outcomes[0].outcome).toMatchObject({ delivered: true, recipient_ids: [BOB] });
  });

  it('when a batch imports, deletes and writes, then each side row is written once with its last state and its first reveal', () => {
    const reveal = writes(BOB, toUser(ANN));
    const deleted = deletes(ANN, BOB);
    const { rows, applied } = given().when(imports(ANN, BOB), reveal, deleted);
    expect([...rows.sides.values()]).toEqual([
      {
        owner_id: ANN,
        peer_id: BOB,
        has_contact: false,
        phone_revealed: true,
        blocked: false,
        blocked_at: null,
        revealed_by: reveal.event_id,
        updated_by: deleted.event_id,
      },
    ]);
    expect(applied).toHaveLength(2);
  });

  it('when Ann imports Bob under a name, then the name is her row only; a later import without one shows his own again', () => {
    const named = imports(ANN, BOB, { first_name: 'Bobby', last_name: 'B' });
    expect([...given().when(named).rows.names.values()]).toEqual([
      { owner_id: ANN, peer_id: BOB, first_name: 'Bobby', last_name: 'B', updated_by: named.event_id },
    ]);
    const unnamed = imports(ANN, BOB);
    expect(given(named).when(unnamed).rows.names.get(`${ANN}>${BOB}`)).toMatchObject({ first_name: null, last_name: null });
    expect(given().when(imports(ANN, ANN, { first_name: 'Me', last_name: '' })).rows.names.size).toBe(0);
  });

  it('when Bob imports Ann who has him, then a ContactLinkChanged tells of the mutual pair; a one-sided import derives none', () => {
    const oneSided = given().when(imports(ANN, BOB));
    expect(oneSided.derived).toEqual([]);
    const back = imports(BOB, ANN);
    const { derived } = given(imports(ANN, BOB)).when(back);
    expect(derived).toHaveLength(1);
    expect(derived[0]).toMatchObject({ type: 'ContactLinkChanged', event_id: derivedEventId(back.event_id, 'ContactLinkChanged') });
    expect(derived[0].payload).toMatchObject({ cause_event_id: back.event_id, owner_id: BOB, contact_id: ANN });
    const { views } = derived[0].payload as PayloadOf<'ContactLinkChanged'>;
    expect(views.map((v) => [v.owner_id, v.foreign_link._, v.changed])).toEqual([
      [BOB, 'contacts.foreignLinkMutual', true],
      [ANN, 'contacts.foreignLinkMutual', true],
    ]);
  });

  it('when Ann deletes Bob of a mutual pair, then Bob hears of it; after a reveal, deleting changes only the deleter’s view', () => {
    const ended = given(imports(ANN, BOB), imports(BOB, ANN)).when(deletes(ANN, BOB)).derived;
    expect(ended.map((e) => e.type)).toEqual(['ContactLinkChanged']);
    const revealed = given(imports(ANN, BOB), writes(ANN, toUser(BOB))).when(deletes(ANN, BOB)).derived;
    expect(revealed).toEqual([]);
  });

  it('derives in the batch’s order: a message’s LinkChanged after the contact change before it', () => {
    const { derived } = given(imports(ANN, BOB)).when(imports(BOB, ANN), writes(ANN, toUser(BOB)));
    expect(derived.map((e) => e.type)).toEqual(['ContactLinkChanged', 'LinkChanged']);
  });

  it('given Ann imported a phone with no account, when Bob signs up with it, then the pending contact becomes her Contact, derived', () => {
    const pending = importsPhone(ANN, '15550002', 'Bobby');
    const registration = registers(BOB, '15550002');
    const { rows, derived } = given(pending).when(registration);
    expect(rows.pending.get(`${ANN}>15550002`)).toBeNull();
    expect(derived).toHaveLength(1);
    expect(derived[0]).toMatchObject({
      type: 'ContactImported',
      event_id: derivedEventId(registration.event_id, `ContactImported:${ANN}`),
      payload: { owner_id: ANN, contact_id: BOB, names: { first_name: 'Bobby', last_name: '' }, registered: true },
    });
    // The derived import, folded in the pair's partition, tells Ann (the one who did not call) that Bob signed up.
    const { derived: told } = given().when(derived[0] as EventOf<'ContactImported'>);
    expect(told.map((e) => [e.type, (e.payload as PayloadOf<'ContactLinkChanged'>).registered])).toEqual([['ContactLinkChanged', true]]);
  });

  it('given the phone already signed up, when a pending import of it comes (the race), then it converts at once and stores nothing', () => {
    const { rows, derived } = given(registers(BOB, '15550002')).when(importsPhone(ANN, '15550002'));
    expect(rows.pending.size).toBe(0);
    expect(derived.map((e) => e.type)).toEqual(['ContactImported']);
  });

  it('when a pending contact is dropped (replace), then its phone signing up converts nothing; one’s own phone never converts', () => {
    const dropped = given(importsPhone(ANN, '15550002')).when(dropsPhone(ANN, '15550002'), registers(BOB, '15550002'));
    expect(dropped.derived).toEqual([]);
    expect([...dropped.rows.pending.values()]).toEqual([null]);
    expect(given(importsPhone(ANN, '15550002')).when(registers(ANN, '15550002')).derived).toEqual([]);
    expect(given().when(importsPhone(ANN, '15550002')).rows.pending.get(`${ANN}>15550002`)).toMatchObject({ first_name: 'Saved' });
  });

  it('given a chat, when a member writes to it, then every other member receives it and no pair moves', () => {
    const { rows, outcomes } = given(createsChat(9, ANN, [ANN, BOB, CID])).when(writes(BOB, { kind: 'chat', chat_id: 9 }));
    expect(rows.sides.size).toBe(0);
    expect(outcomes[0].outcome).toEqual({ delivered: true, views: [], recipient_ids: [ANN, CID] });
  });

  it('when a registration and a chat come, then they are rows and applied commands; a second registration of the phone keeps the first', () => {
    const first = registers(5, '15550001');
    const { rows, applied } = given().when(first, registers(6, '15550001'), createsChat(4, 5, [5]));
    expect([...rows.users.keys()]).toEqual([5]);
    expect([...rows.chats.keys()]).toEqual([4]);
    expect(applied).toHaveLength(3);
  });

  it('when someone writes to themself, then it reaches no one and moves no pair', () => {
    const { rows, outcomes } = given().when(writes(ANN, toUser(ANN)));
    expect(rows.sides.size).toBe(0);
    expect(outcomes[0].outcome).toEqual({ delivered: true, views: [], recipient_ids: [] });
  });
});
