import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { PairEvent } from '@app/links';
import { TestUser } from '../support/api-client';
import { ReferenceModel } from '../support/reference-model';
import { eventually } from '../support/deadline';
import { meetInChat, nextPhone, nextRandomId, signUpMany } from '../support/scenario';
import { Stack, StackMode } from '../support/stack';

const USERS = 5;
/** Phones imported before they sign up (pending contacts), which sign up along the way. */
const SPARES = 2;
const OPERATIONS = 150;

type Operation =
  | { kind: 'importSpare'; actor: number; spare: number }
  | { kind: 'registerSpare'; spare: number }
  | { kind: 'import' | 'delete' | 'block' | 'unblock'; actor: number; other: number }
  /** `layer` undefined: the send states none and is served in the layer the actor's session kept. */
  | { kind: 'send'; actor: number; other: number; layer: 1 | 3 | undefined; via: SendVia }
  /** A broadcast to `other` and `also` (distinct users, not the actor). */
  | { kind: 'broadcast'; actor: number; other: number; also: number[]; layer: 1 | 3 | undefined };

/** The method of a private send to one user: text, a contact card, or a forward of the sender's own note. */
type SendVia = 'sendMessage' | 'sendMedia' | 'forwardMessage';

type Shown = { id: number; _: string };

/** Every user object anywhere inside a response that `shows` (a phone, a status). */
function usersShowing(shows: (user: Record<string, unknown>) => boolean) {
  const find = (value: unknown, found: Shown[] = []): Shown[] => {
    if (Array.isArray(value)) value.forEach((v) => find(v, found));
    else if (value && typeof value === 'object') {
      const o = value as Record<string, unknown>;
      if (typeof o._ === 'string' && o._.startsWith('user') && shows(o)) found.push({ id: o.id as number, _: o._ });
      Object.values(o).forEach((v) => find(v, found));
    }
    return found;
  };
  return find;
}
const phonesShown = usersShowing((user) => 'phone' in user);
const statusesShown = usersShowing((user) => {
  const status = user.status as { _: string } | undefined;
  return status !== undefined && status._ !== 'userStatusEmpty';
});

/**
 * Random operations through the HTTP API (imports under saved names, deletes, blocks, sends both
 * ways on both layers, stated or left to the session: sendMessage, sendMedia, forwardMessage, and
 * sendBroadcast to several users at once; imports of phones that sign up later), checked after each
 * step against an independent model of
 * docs/link-rules.md, docs/views-by-layer.md: a phone shown to a viewer who may not see it fails
 * the test, and so does a presence status (docs/api.md) or a blocked list the model does not
 * allow, a send result whose constructor does not follow the session's layer, a contact not shown
 * under its owner's name, a contact change or a registration its other member does not hear of.
 */
describe.each<StackMode>(['distributed', 'embedded'])('privacy model check through the API (%s)', (mode) => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await Stack.start({ mode });
  });
  afterAll(() => stack?.stop());

  it(`${OPERATIONS} random operations among ${USERS} users (and ${SPARES} pending phones) never show a phone or a status the viewer may not see`, async () => {
    const [host, ...users] = await signUpMany(stack.api(), ['Host', ...Array.from({ length: USERS }, (_, i) => `U${i}`)]);
    const seen = await meetInChat(host, users);
    const model = new ReferenceModel();
    users.forEach((u) => model.apply({ type: 'ContactImported', owner: host.id, contact: u.id }));
    const lastPts = new Map<number, number>();
    // Each user's note to itself, the message its forwards copy (a message to oneself changes no link).
    const notes = new Map<number, number>();
    for (const user of users) {
      const note = await user.ok('messages.sendMessage', { peer: { _: 'inputPeerSelf' }, message: 'note', random_id: nextRandomId() });
      notes.set(user.id, note.id);
    }
    // Every user stated layer 3 in meetInChat (signUpMany's users state it on each call): the sessions keep 3.
    const sessionLayer = new Map(users.map((u) => [u.id, 3]));

    const check = (viewer: TestUser, response: unknown) => {
      for (const shown of phonesShown(response)) {
        if (!model.visible(viewer.id, shown.id))
          throw new Error(`user ${viewer.id} was shown ${shown.id}'s phone (${shown._}) without visibility`);
      }
      for (const shown of statusesShown(response)) {
        if (!model.statusVisible(viewer.id, shown.id)) throw new Error(`user ${viewer.id} was shown ${shown.id}'s status (${shown._})`);
      }
    };
    const peerFor = (viewer: TestUser, subject: TestUser, input: 'peer' | 'user') => {
      const prefix = input === 'peer' ? 'inputPeer' : 'inputUser';
      if (model.contacts.has(`${viewer.id}>${subject.id}`)) return { _: `${prefix}Contact`, user_id: subject.id };
      const hash = seen.get(viewer.id)!.find((u) => u.id === subject.id).access_hash;
      return { _: `${prefix}Foreign`, user_id: subject.id, access_hash: hash };
    };
    const checkNewFeed = async (viewer: TestUser) => {
      const difference = await viewer.ok('updates.getDifference', { pts: lastPts.get(viewer.id) ?? 0 });
      check(viewer, difference);
      if (difference.state) lastPts.set(viewer.id, difference.state.pts);
    };

    const pair = fc.tuple(fc.nat(USERS - 1), fc.nat(USERS - 1)).filter(([a, b]) => a !== b);
    const spares = Array.from({ length: SPARES }, () => nextPhone());
    const registered = new Map<number, TestUser>();
    const spare = fc.nat(SPARES - 1);
    const operation: fc.Arbitrary<Operation> = fc.oneof(
      { weight: 1, arbitrary: fc.tuple(fc.nat(USERS - 1), spare).map(([actor, s]) => ({ kind: 'importSpare' as const, actor, spare: s })) },
      { weight: 1, arbitrary: spare.map((s) => ({ kind: 'registerSpare' as const, spare: s })) },
      { weight: 2, arbitrary: pair.map(([actor, other]) => ({ kind: 'import' as const, actor, other })) },
      { weight: 1, arbitrary: pair.map(([actor, other]) => ({ kind: 'delete' as const, actor, other })) },
      { weight: 1, arbitrary: pair.map(([actor, other]) => ({ kind: 'block' as const, actor, other })) },
      { weight: 1, arbitrary: pair.map(([actor, other]) => ({ kind: 'unblock' as const, actor, other })) },
      {
        weight: 5,
        arbitrary: fc
          .tuple(
            pair,
            fc.constantFrom<1 | 3 | undefined>(1, 3, undefined),
            fc.constantFrom<SendVia>('sendMessage', 'sendMedia', 'forwardMessage'),
          )
          .map(([[actor, other], layer, via]) => ({ kind: 'send' as const, actor, other, layer, via })),
      },
      {
        weight: 2,
        arbitrary: fc
          .tuple(pair, fc.subarray([...Array(USERS).keys()]), fc.constantFrom<1 | 3 | undefined>(1, 3, undefined))
          .map(([[actor, other], more, layer]) => ({
            kind: 'broadcast' as const,
            actor,
            other,
            also: more.filter((u) => u !== actor && u !== other),
            layer,
          })),
      },
    );
    const operations = fc.sample(operation, { numRuns: OPERATIONS, seed: 20261126 });

    /** The feed of `viewer` once its pts passed where it was checked last, checked against the facts now. */
    const checkGrownFeed = async (viewer: TestUser) => {
      await eventually(`${viewer.id}'s feed grows`, async () =>
        (await viewer.ok('updates.getState', {})).pts > (lastPts.get(viewer.id) ?? 0) ? true : undefined,
      );
      await checkNewFeed(viewer);
    };
    const savedName = (owner: number, peer: number) => `N${owner}-${peer}`;

    for (const op of operations) {
      if (op.kind === 'importSpare') {
        const actor = users[op.actor];
        const name = `Pending${op.spare}`;
        const response = await actor.ok('contacts.importContacts', {
          contacts: [{ _: 'inputPhoneContact', client_id: '1', phone: spares[op.spare], first_name: name, last_name: '' }],
        });
        model.importPhone(actor.id, spares[op.spare], name, registered.get(op.spare)?.id);
        check(actor, response);
        continue;
      }
      if (op.kind === 'registerSpare') {
        if (registered.has(op.spare)) continue;
        const user = await TestUser.signUp(stack.api(), spares[op.spare], `Spare${op.spare}`);
        registered.set(op.spare, user);
        // Each importer hears updateContactRegistered, with the new user under its name for it.
        for (const owner of model.register(spares[op.spare], user.id)) {
          const importer = users.find((u) => u.id === owner)!;
          const from = lastPts.get(owner) ?? 0;
          await checkGrownFeed(importer);
          const { other_updates, users: shown } = await importer.ok('updates.getDifference', { pts: from });
          expect(other_updates).toContainEqual({ _: 'updateContactRegistered', user_id: user.id, date: expect.any(Number) });
          expect(shown.find((u: any) => u.id === user.id)).toMatchObject({
            _: 'userContact',
            first_name: model.names.get(`${owner}>${user.id}`),
          });
        }
        check(user, await user.ok('updates.getDifference', { pts: 0 }));
        continue;
      }
      const actor = users[op.actor];
      const other = users[op.other];
      let events: PairEvent[];
      let response: unknown;
      switch (op.kind) {
        case 'import':
          response = await actor.ok('contacts.importContacts', {
            contacts: [
              { _: 'inputPhoneContact', client_id: '1', phone: other.phone, first_name: savedName(actor.id, other.id), last_name: '' },
            ],
          });
          events = [{ type: 'ContactImported', owner: actor.id, contact: other.id }];
          break;
        case 'delete':
          response = await actor.ok('contacts.deleteContact', { id: peerFor(actor, other, 'user') });
          events = [{ type: 'ContactDeleted', owner: actor.id, contact: other.id }];
          break;
        case 'block':
        case 'unblock':
          response = await actor.ok(`contacts.${op.kind}`, { id: peerFor(actor, other, 'user') });
          events = [{ type: op.kind === 'block' ? 'UserBlocked' : 'UserUnblocked', owner: actor.id, target: other.id }];
          break;
        case 'send': {
          actor.layer = op.layer;
          const peer = peerFor(actor, other, 'peer');
          const random_id = nextRandomId();
          const params = {
            sendMessage: { peer, message: 'hello', random_id },
            sendMedia: { peer, media: { _: 'inputMediaContact', phone_number: actor.phone, first_name: 'me', last_name: '' }, random_id },
            forwardMessage: { peer, id: notes.get(actor.id), random_id },
          }[op.via];
          response = await actor.ok(`messages.${op.via}`, params);
          events = [{ type: 'PrivateMessageSent', sender: actor.id, recipient: other.id }];
          break;
        }
        case 'broadcast': {
          actor.layer = op.layer;
          const recipients = [other, ...op.also.map((u) => users[u])];
          response = await actor.ok('messages.sendBroadcast', {
            contacts: recipients.map((recipient) => peerFor(actor, recipient, 'user')),
            message: 'hello all',
            media: { _: 'inputMediaEmpty' },
            random_id: recipients.map(() => nextRandomId()),
          });
          events = ReferenceModel.broadcast(
            actor.id,
            recipients.map((recipient) => recipient.id),
          );
          break;
        }
      }
      const revealsBefore = model.reveals.size;
      const mutual = () => model.contacts.has(`${actor.id}>${other.id}`) && model.contacts.has(`${other.id}>${actor.id}`);
      const mutualBefore = mutual();
      events.forEach((event) => model.apply(event));
      if (op.kind === 'import') model.names.set(`${actor.id}>${other.id}`, savedName(actor.id, other.id));
      // The response is checked against the facts after the operation, when the call answered.
      check(actor, response);
      if (op.kind === 'send' || op.kind === 'broadcast') {
        // A reveal is the only change a message makes, and either direction changes a view of the sender's.
        if (op.layer !== undefined) sessionLayer.set(actor.id, op.layer);
        const withLinks = /Links?$/.test((response as { _: string })._);
        expect(withLinks).toBe(sessionLayer.get(actor.id) === 3 && model.reveals.size > revealsBefore);
      }
      // Feeds are checked as soon as they change, against the facts they were written under.
      if (op.kind === 'send') for (const user of [actor, other]) await checkNewFeed(user);
      if (op.kind === 'broadcast') for (const user of [actor, other, ...op.also.map((u) => users[u])]) await checkNewFeed(user);
      // A contact change reaches the other member exactly when its view changed: the pair became, or stopped being, mutual.
      if (mutual() !== mutualBefore) await checkGrownFeed(other);
      const [viewed] = await actor.ok('users.getUsers', { id: [peerFor(actor, other, 'user')] });
      check(actor, [viewed]);
      expect('phone' in viewed).toBe(model.visible(actor.id, other.id));
      // A contact shows the name its owner saved, everyone else the user's own.
      const key = `${actor.id}>${other.id}`;
      expect(viewed.first_name).toBe(model.contacts.has(key) ? (model.names.get(key) ?? `U${op.other}`) : `U${op.other}`);
      // Every user here has made calls, so a status shows exactly where the model allows one.
      expect(viewed.status._ !== 'userStatusEmpty').toBe(model.statusVisible(actor.id, other.id));
    }

    for (const user of users) {
      const { blocked } = await user.ok('contacts.getBlocked', {});
      expect(blocked.map((b: any) => b.user_id).sort()).toEqual(model.blockedBy(user.id).sort());
      for (const status of await user.ok('contacts.getStatuses')) {
        expect(model.contacts.has(`${user.id}>${status.user_id}`) && model.statusVisible(user.id, status.user_id)).toBe(true);
      }
    }

    // Phone numbers never reach the services' logs.
    const logs = readdirSync(stack.logDir)
      .map((file) => readFileSync(join(stack.logDir, file), 'utf8'))
      .join('\n');
    expect(logs.length).toBeGreaterThan(0);
    for (const user of [host, ...users]) expect(logs).not.toContain(user.phone);
  });
});
