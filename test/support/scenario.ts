import { ApiClient, TestUser } from './api-client';

let phoneCounter = 0;

/** A fresh test number (99966XYYYY) per call within a test file; each stack has its own database. */
export function nextPhone(): string {
  phoneCounter += 1;
  return `99966${String(phoneCounter % 100_000).padStart(5, '0')}`;
}

export async function signUpMany(api: ApiClient, names: string[], layer = 3): Promise<TestUser[]> {
  const users: TestUser[] = [];
  for (const name of names) users.push(await TestUser.signUp(api, nextPhone(), name, layer));
  return users;
}

/**
 * Strangers meet the Telegram way: a host who has them all in contacts puts them in a chat, and
 * each member learns the others (and their access_hash) from the service message's users vector.
 * Returns, per member id, the users vector it received.
 */
export async function meetInChat(host: TestUser, members: TestUser[]): Promise<Map<number, any[]>> {
  for (const member of members) await host.importContact(member);
  await host.ok('messages.createChat', { users: members.map((m) => ({ _: 'inputUserContact', user_id: m.id })), title: 'meeting' });
  const seen = new Map<number, any[]>();
  for (const member of members) {
    const difference = await member.ok('updates.getDifference', { pts: 0 });
    seen.set(member.id, difference.users);
  }
  return seen;
}

/** The input peer `viewer` uses for `subject`, taken from what the viewer was shown. */
export function foreignPeer(seen: Map<number, any[]>, viewer: TestUser, subject: TestUser) {
  const shown = seen.get(viewer.id)?.find((u) => u.id === subject.id);
  if (!shown?.access_hash) throw new Error(`${viewer.id} was never shown ${subject.id} with an access_hash`);
  return { _: 'inputPeerForeign', user_id: subject.id, access_hash: shown.access_hash };
}

let randomCounter = 1000;
export function nextRandomId(): string {
  randomCounter += 1;
  return String(randomCounter);
}

export function send(from: TestUser, peer: unknown, text = 'hi') {
  return from.ok('messages.sendMessage', { peer, message: text, random_id: nextRandomId() });
}
