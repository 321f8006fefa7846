import { DemoUser, freePhone } from './demo-client';
import { describeLink, describeSendResult, describeUpdate, describeUser } from './describe';

/**
 * `npm run demo`: plays the seed's three scenarios, a broadcast and a pending contact signing up against a running API (API_URL, default
 * http://127.0.0.1:$PORT, PORT as for `npm start`, 3000) and prints what each user sees at each step.
 */
const baseUrl = process.env.API_URL ?? `http://127.0.0.1:${process.env.PORT || 3000}`;
const say = (line: string) => process.stdout.write(`${line}\n`);
let randomId = Date.now();

async function view(viewer: DemoUser, subject: DemoUser, input: unknown): Promise<void> {
  const full = await viewer.call('users.getFullUser', { id: input });
  say(`    ${viewer.name} sees ${subject.name} as ${describeUser(full.user)}; ${describeLink(full.link)}`);
}

async function send(from: DemoUser, to: DemoUser, peer: unknown): Promise<void> {
  const result = await from.call('messages.sendMessage', { peer, message: `hi ${to.name}`, random_id: String(randomId++) });
  say(`  ${from.name} → ${to.name}: result ${describeSendResult(result)}`);
  const difference = await to.call('updates.getDifference', { pts: 0 });
  printOtherUpdates(to, difference);
}

function printOtherUpdates(user: DemoUser, difference: any): void {
  for (const update of difference.other_updates) say(`    ${user.name}'s feed: ${describeUpdate(update)}`);
}

async function importContacts(owner: DemoUser, others: DemoUser[]): Promise<void> {
  await owner.call('contacts.importContacts', {
    contacts: others.map((other, i) => ({
      _: 'inputPhoneContact',
      client_id: String(i),
      phone: other.phone,
      first_name: other.name,
      last_name: '',
    })),
  });
}

/** Strangers meet in a chat a host creates, and learn each other's access_hash from it. */
async function meet(host: DemoUser, a: DemoUser, b: DemoUser): Promise<Map<string, unknown>> {
  for (const user of [a, b])
    await host.call('contacts.importContacts', {
      contacts: [{ _: 'inputPhoneContact', client_id: '1', phone: user.phone, first_name: user.name, last_name: '' }],
    });
  await host.call('messages.createChat', { users: [a, b].map((u) => ({ _: 'inputUserContact', user_id: u.id })), title: 'demo' });
  const peers = new Map<string, unknown>();
  for (const [viewer, subject] of [
    [a, b],
    [b, a],
  ]) {
    const shown = (await viewer.call('updates.getDifference', { pts: 0 })).users.find((u: any) => u.id === subject.id);
    peers.set(`${viewer.id}>${subject.id}`, { _: 'inputPeerForeign', user_id: subject.id, access_hash: shown.access_hash });
  }
  return peers;
}

const asUser = (peer: any) => ({ ...peer, _: peer._.replace('inputPeer', 'inputUser') });

async function main(): Promise<void> {
  say(`contact-links demo against ${baseUrl}`);
  say(
    '(users sign up the Telegram way: auth.sendCode, then auth.signUp with the code; test numbers 99966XYYYY, whose code is X five times)',
  );
  const host = await DemoUser.signUp(baseUrl, 'Host');

  say('\n(a) Ann has Bob in contacts, Bob lacks Ann; Ann writes to Bob');
  const [ann, bob] = [await DemoUser.signUp(baseUrl, 'Ann'), await DemoUser.signUp(baseUrl, 'Bob')];
  const peersA = await meet(host, ann, bob);
  await ann.call('contacts.importContacts', {
    contacts: [{ _: 'inputPhoneContact', client_id: '1', phone: bob.phone, first_name: 'Bob', last_name: '' }],
  });
  await view(bob, ann, asUser(peersA.get(`${bob.id}>${ann.id}`)));
  await send(ann, bob, { _: 'inputPeerContact', user_id: bob.id });
  await view(bob, ann, asUser(peersA.get(`${bob.id}>${ann.id}`)));

  say('\n(b) Cid and Dee are strangers; messages reveal nothing until Dee imports Cid’s contact card');
  const [cid, dee] = [await DemoUser.signUp(baseUrl, 'Cid'), await DemoUser.signUp(baseUrl, 'Dee')];
  const peersB = await meet(host, cid, dee);
  await send(cid, dee, peersB.get(`${cid.id}>${dee.id}`));
  const card = await cid.call('messages.sendMedia', {
    peer: peersB.get(`${cid.id}>${dee.id}`),
    media: { _: 'inputMediaContact', phone_number: cid.phone, first_name: 'Cid', last_name: '' },
    random_id: String(randomId++),
  });
  say(`  Cid → Dee: contact card, result ${describeSendResult(card)}`);
  await dee.call('contacts.importContacts', {
    contacts: [{ _: 'inputPhoneContact', client_id: '1', phone: cid.phone, first_name: 'Cid', last_name: '' }],
  });
  say('  Dee imports the phone from the card');
  await view(cid, dee, asUser(peersB.get(`${cid.id}>${dee.id}`)));
  await send(dee, cid, { _: 'inputPeerContact', user_id: cid.id });
  await view(cid, dee, asUser(peersB.get(`${cid.id}>${dee.id}`)));

  say('\n(c) Eve and Fay have each other in contacts; messaging changes nothing');
  const [eve, fay] = [await DemoUser.signUp(baseUrl, 'Eve'), await DemoUser.signUp(baseUrl, 'Fay')];
  for (const [owner, other] of [
    [eve, fay],
    [fay, eve],
  ]) {
    await owner.call('contacts.importContacts', {
      contacts: [{ _: 'inputPhoneContact', client_id: '1', phone: other.phone, first_name: other.name, last_name: '' }],
    });
  }
  await send(eve, fay, { _: 'inputPeerContact', user_id: fay.id });
  await send(fay, eve, { _: 'inputPeerContact', user_id: eve.id });
  await view(eve, fay, { _: 'inputUserContact', user_id: fay.id });

  say('\n(d) Gus has Hal and Ivy in contacts, they lack Gus; one messages.sendBroadcast to both reveals Gus to each');
  const [gus, hal, ivy] = [
    await DemoUser.signUp(baseUrl, 'Gus'),
    await DemoUser.signUp(baseUrl, 'Hal'),
    await DemoUser.signUp(baseUrl, 'Ivy'),
  ];
  await importContacts(gus, [hal, ivy]);
  const broadcast = await gus.call('messages.sendBroadcast', {
    contacts: [hal, ivy].map((u) => ({ _: 'inputUserContact', user_id: u.id })),
    message: 'hi both',
    media: { _: 'inputMediaEmpty' },
    random_id: [String(randomId++), String(randomId++)],
  });
  say(`  Gus → Hal, Ivy: result ${describeSendResult(broadcast)}`);
  for (const recipient of [hal, ivy]) {
    const seen = await recipient.call('updates.getDifference', { pts: 0 });
    printOtherUpdates(recipient, seen);
    say(`    ${recipient.name} sees Gus as ${describeUser(seen.users.find((u: any) => u.id === gus.id))}`);
  }

  say('\n(e) Jon imports a phone no one has yet, under the name "Kim (work)"; Kim signs up with it');
  const jon = await DemoUser.signUp(baseUrl, 'Jon');
  const kimPhone = await freePhone(baseUrl);
  const imported = await jon.call('contacts.importContacts', {
    contacts: [{ _: 'inputPhoneContact', client_id: '1', phone: kimPhone, first_name: 'Kim (work)', last_name: '' }],
  });
  say(`  Jon imports it: ${imported.imported.length} imported now (a pending contact is kept)`);
  const kim = await DemoUser.signUpWith(baseUrl, 'Kim', kimPhone);
  say('  Kim signs up');
  // The projector converts the pending contact and the assembler writes Jon's feed a moment after the sign-up answered.
  const difference = await until(
    () => jon.call('updates.getDifference', { pts: 0 }),
    (d) => d.other_updates?.length >= 2,
  );
  printOtherUpdates(jon, difference);
  const shown = difference.users.find((u: any) => u.id === kim.id);
  say(`    Jon sees Kim as ${describeUser(shown)}, named "${shown.first_name}"`);
}

/** Asks again (every 100 ms, for up to 10 s) until the answer is `ready`. */
async function until<T>(ask: () => Promise<T>, ready: (answer: T) => boolean): Promise<T> {
  for (let tries = 0; ; tries += 1) {
    const answer = await ask();
    if (ready(answer) || tries === 100) return answer;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** fetch's own failure (nothing listens, no such host), as opposed to an answer the API gave. */
const unreachable = (error: unknown) => error instanceof TypeError && error.message === 'fetch failed';

main().catch((error: unknown) => {
  process.stderr.write(
    unreachable(error)
      ? `demo: nothing answers at ${baseUrl} (${String((error as TypeError).cause ?? error)}).\n` +
          `Start the system in another terminal with 'npm start', or point the demo at it: API_URL=http://host:port npm run demo\n`
      : `demo failed: ${String(error)}\n`,
  );
  process.exit(1);
});
