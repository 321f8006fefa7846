import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { TestUser } from '../support/api-client';
import { eventually } from '../support/deadline';
import { foreignPeer, meetInChat, nextPhone, nextRandomId, send, signUpMany } from '../support/scenario';
import { Run, runToEnd } from '../support/child-run';
import { Stack, freePort } from '../support/stack';

/** The built CLI; OPS_CLI points at another build (e.g. one kept apart from a shared dist/). */
const OPS = process.env.OPS_CLI ?? join(__dirname, '..', '..', 'dist', 'tools', 'ops', 'main.js');

/** The operator CLI as a child process against the stack (stdout is a pipe: plain output). */
function ops(stack: Stack, ...args: string[]): Promise<Run> {
  return runToEnd(process.execPath, [OPS, ...args], { ...process.env, DATABASE_URL: stack.databaseUrl, TOPIC_PREFIX: stack.topicPrefix });
}

async function opsJson(stack: Stack, ...args: string[]): Promise<any> {
  const run = await ops(stack, ...args, '--json');
  if (run.code !== 0) throw new Error(`ops ${args.join(' ')} exited ${run.code}: ${run.stderr}${run.stdout}`);
  return JSON.parse(run.stdout);
}

const importPhone = (owner: TestUser, phone: string, first_name: string) =>
  owner.ok('contacts.importContacts', { contacts: [{ _: 'inputPhoneContact', client_id: '1', phone, first_name, last_name: '' }] });

/** Operators rebuild and question the projections from the log (README "Operations", invariant 4). */
describe('operator CLI against a real run', () => {
  let stack: Stack;
  let a: TestUser;
  let b: TestUser;
  let c: TestUser;
  let d: TestUser;
  let e: TestUser;
  let seen: Map<number, any[]>;
  let revealingRandomId: string;
  let broadcastRandomIds: string[];

  async function projectorCaughtUp(): Promise<void> {
    await eventually(
      'projector lag 0',
      async () => {
        const groups = await opsJson(stack, 'lag');
        return groups.every((g: any) => g.total === 0) ? true : undefined;
      },
      20_000,
      200,
    );
  }

  beforeAll(async () => {
    stack = await Stack.start();
    [a, b, c, d] = await signUpMany(stack.api(), ['Ann', 'Bob', 'Cid', 'Dan']);
    const [host] = await signUpMany(stack.api(), ['Host']);
    seen = await meetInChat(host, [a, b, c, d]);
    // Seed scenario (a): A has B, B lacks A, A writes.
    await a.importContact(b);
    revealingRandomId = nextRandomId();
    await a.ok('messages.sendMessage', { peer: { _: 'inputPeerContact', user_id: b.id }, message: 'hi', random_id: revealingRandomId });
    // A broadcast to a contact (revealing A to C) and to a stranger, then a forward to the contact.
    await a.importContact(c);
    broadcastRandomIds = [nextRandomId(), nextRandomId()];
    await a.ok('messages.sendBroadcast', {
      contacts: [
        { _: 'inputUserContact', user_id: c.id },
        { ...foreignPeer(seen, a, d), _: 'inputUserForeign' },
      ],
      message: 'to all',
      media: { _: 'inputMediaEmpty' },
      random_id: broadcastRandomIds,
    });
    const note = await a.ok('messages.sendMessage', { peer: { _: 'inputPeerSelf' }, message: 'note', random_id: nextRandomId() });
    await a.ok('messages.forwardMessage', { peer: { _: 'inputPeerContact', user_id: c.id }, id: note.id, random_id: nextRandomId() });
    // Strangers talk (nothing revealed); some deletes and blocks for the replay to get right too.
    await send(c, foreignPeer(seen, c, d));
    await send(d, foreignPeer(seen, d, c));
    await host.ok('contacts.deleteContact', { id: { _: 'inputUserContact', user_id: d.id } });
    await c.ok('contacts.block', { id: { ...foreignPeer(seen, c, b), _: 'inputUserForeign' } });
    await c.ok('contacts.unblock', { id: { ...foreignPeer(seen, c, b), _: 'inputUserForeign' } });
    // A pending contact that converts when its phone signs up (a derived ContactImported in the log), one that stays.
    const pendingPhone = nextPhone();
    await importPhone(a, pendingPhone, 'Eve');
    await importPhone(d, nextPhone(), 'Nobody yet');
    e = await TestUser.signUp(stack.api(), pendingPhone, 'Eve');
    await eventually('the pending contact converted', async () =>
      (await a.ok('contacts.getContacts', {})).contacts.length > 1 ? true : undefined,
    );
    // A block that stays: its date (link_sides.blocked_at) is rebuilt from the event's time.
    await b.ok('contacts.block', { id: { ...foreignPeer(seen, b, d), _: 'inputUserForeign' } });
    // One message no consumer can decode: the replay counts and skips it.
    const producer = new Kafka({
      brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
      logLevel: logLevel.NOTHING,
    }).producer();
    await producer.connect();
    await producer.send({ topic: `${stack.topicPrefix}.events`, messages: [{ key: 'junk', value: '{not json' }] });
    await producer.disconnect();
    await projectorCaughtUp();
  });
  afterAll(() => stack?.stop());

  it('replay of the real log equals live: --verify exits 0 and counts the malformed event', async () => {
    const run = await ops(stack, 'replay', '--into', 'shadow', '--verify');

    expect(run.stderr).toMatch(/replay: 100%/);
    expect(run.stdout).toContain('malformed skipped 1');
    expect(run.stdout).toContain('verify: live (public) equals shadow');
    expect(run.code).toBe(0);
    const [counts] = await stack.query(
      `SELECT (SELECT count(*) FROM shadow.link_sides)::int AS shadow, (SELECT count(*) FROM public.link_sides)::int AS live`,
    );
    expect(counts.shadow).toBe(counts.live);
    expect(counts.live).toBeGreaterThan(0);
    const blocks = `SELECT owner_id, peer_id, blocked_at FROM %s.link_sides WHERE blocked ORDER BY owner_id, peer_id`;
    const live = await stack.query(blocks.replace('%s', 'public'));
    expect(live).toEqual([{ owner_id: b.id, peer_id: d.id, blocked_at: expect.any(Date) }]);
    expect(await stack.query(blocks.replace('%s', 'shadow'))).toEqual(live);
  });

  it('replay rebuilds the saved names and pending contacts too', async () => {
    for (const table of ['contact_names', 'pending_contacts']) {
      const [{ n }] = await stack.query(`SELECT count(*)::int AS n FROM shadow.${table}`);
      expect(n).toBe((await stack.query(`SELECT count(*)::int AS n FROM public.${table}`))[0].n);
    }
    expect(await stack.query(`SELECT first_name FROM shadow.pending_contacts WHERE owner_id = $1`, [d.id])).toEqual([
      { first_name: 'Nobody yet' },
    ]);
    expect(await stack.query(`SELECT first_name FROM shadow.contact_names WHERE owner_id = $1 AND peer_id = $2`, [a.id, e.id])).toEqual([
      { first_name: 'Eve' },
    ]);
  });

  it('history of a converted pending contact shows the derived import', async () => {
    const history = await opsJson(stack, 'history', '--pair', `${a.id},${e.id}`);
    expect(history.events.map((x: any) => [x.type, x.what])).toEqual([
      ['ContactImported', `${e.id} signs up with a phone ${a.id} had imported (a pending contact)`],
    ]);
    const why = await opsJson(stack, 'why', '--viewer', String(a.id), '--subject', String(e.id));
    expect(why).toMatchObject({ visible: true, live_agrees: true, reasons: [{ kind: 'contact', type: 'ContactImported' }] });
  });

  it('history of a pair shows its blocks', async () => {
    const history = await opsJson(stack, 'history', '--pair', `${b.id},${d.id}`);
    expect(history.events.map((e: any) => e.what)).toEqual([`${b.id} blocks ${d.id}`]);
  });

  it('history of (a): the import, then the message, with both views after each', async () => {
    const history = await opsJson(stack, 'history', '--pair', `${a.id},${b.id}`);

    expect(history.events.map((e: any) => [e.type, e.what])).toEqual([
      ['ContactImported', `${a.id} imports ${b.id}`],
      ['MessageSent', `${a.id} → ${b.id} (messages.sendMessage)`],
    ]);
    expect(history.views).toEqual([
      {
        owner: a.id,
        peer: b.id,
        my_link: { _: 'contacts.myLinkRequested', contact: true },
        foreign_link: { _: 'contacts.foreignLinkUnknown' },
        user: 'userContact',
      },
      {
        owner: b.id,
        peer: a.id,
        my_link: { _: 'contacts.myLinkEmpty' },
        foreign_link: { _: 'contacts.foreignLinkRequested', has_phone: true },
        user: 'userRequest',
      },
    ]);

    const atImport = await opsJson(stack, 'history', '--pair', `${b.id},${a.id}`, '--at', history.events[0].offset);
    expect(atImport.events).toHaveLength(1);
    expect(atImport.views.map((v: any) => [v.owner, v.my_link._, v.foreign_link._, v.user])).toEqual([
      [b.id, 'contacts.myLinkEmpty', 'contacts.foreignLinkUnknown', 'userForeign'],
      [a.id, 'contacts.myLinkContact', 'contacts.foreignLinkUnknown', 'userContact'],
    ]);

    const text = await ops(stack, 'history', '--pair', `${a.id},${b.id}`);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`ContactImported: ${a.id} imports ${b.id}`);
    expect(text.stdout).toContain(
      `${b.id} about ${a.id}: my_link contacts.myLinkEmpty, foreign_link contacts.foreignLinkRequested{has_phone:true}, user userRequest`,
    );
  });

  it('why: B sees A’s phone because A’s message revealed it; A sees B’s as a contact; strangers see nothing', async () => {
    const [sent] = await stack.query(`SELECT event_id, result FROM sends WHERE sender_id = $1 AND random_id = $2`, [
      a.id,
      revealingRandomId,
    ]);

    const bSeesA = await opsJson(stack, 'why', '--viewer', String(b.id), '--subject', String(a.id));
    expect(bSeesA).toMatchObject({ visible: true, live_agrees: true, live: { visible: true, revealed_by: sent.event_id } });
    expect(bSeesA.reasons).toEqual([
      expect.objectContaining({
        kind: 'reveal',
        type: 'MessageSent',
        event_id: sent.event_id,
        what: `${a.id} → ${b.id} (messages.sendMessage)`,
        message_id: sent.result.id,
      }),
    ]);

    const aSeesB = await opsJson(stack, 'why', '--viewer', String(a.id), '--subject', String(b.id));
    expect(aSeesB).toMatchObject({ visible: true, live_agrees: true });
    expect(aSeesB.reasons).toEqual([
      expect.objectContaining({ kind: 'contact', type: 'ContactImported', what: `${a.id} imports ${b.id}` }),
    ]);

    const strangers = await ops(stack, 'why', '--viewer', String(c.id), '--subject', String(d.id));
    expect(strangers.code).toBe(0);
    expect(strangers.stdout).toContain(`can ${c.id} see ${d.id}'s phone? no`);
    expect(strangers.stdout).toContain('live projection agrees');

    const text = await ops(stack, 'why', '--viewer', String(b.id), '--subject', String(a.id));
    expect(text.stdout).toContain(`can ${b.id} see ${a.id}'s phone? yes`);
    expect(text.stdout).toContain(`Reveal(${a.id} → ${b.id})`);
  });

  it('history and why show a broadcast’s and a forward’s messages by their method', async () => {
    const history = await opsJson(stack, 'history', '--pair', `${a.id},${c.id}`);
    expect(history.events.map((e: any) => e.what)).toEqual([
      `${a.id} imports ${c.id}`,
      `${a.id} → ${c.id} (messages.sendBroadcast)`,
      `${a.id} → ${c.id} (messages.forwardMessage)`,
    ]);
    const stranger = await opsJson(stack, 'history', '--pair', `${a.id},${d.id}`);
    expect(stranger.events.map((e: any) => e.what)).toEqual([`${a.id} → ${d.id} (messages.sendBroadcast)`]);

    const [sent] = await stack.query(`SELECT event_id, result FROM sends WHERE sender_id = $1 AND random_id = $2`, [
      a.id,
      broadcastRandomIds[0],
    ]);
    const cSeesA = await opsJson(stack, 'why', '--viewer', String(c.id), '--subject', String(a.id));
    expect(cSeesA).toMatchObject({ visible: true, live_agrees: true, live: { revealed_by: sent.event_id } });
    expect(cSeesA.reasons).toEqual([
      expect.objectContaining({
        kind: 'reveal',
        event_id: sent.event_id,
        what: `${a.id} → ${c.id} (messages.sendBroadcast)`,
        message_id: sent.result.messages[0].id,
      }),
    ]);
    expect((await opsJson(stack, 'why', '--viewer', String(d.id), '--subject', String(a.id))).visible).toBe(false);
  });

  it('lag lists both groups per partition', async () => {
    const run = await ops(stack, 'lag');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`${stack.topicPrefix}.link-projector`);
    expect(run.stdout).toContain(`${stack.topicPrefix}.result-assembler`);
    expect(run.stdout).toMatch(/total lag 0/);
  });

  it('rejects bad arguments with exit 1', async () => {
    expect((await ops(stack, 'history', '--pair', '7')).code).toBe(1);
    expect((await ops(stack, 'replay', '--into', 'public')).code).toBe(1);
  });

  describe('after drift is injected into live', () => {
    const low = () => Math.min(a.id, b.id);
    const high = () => Math.max(a.id, b.id);

    beforeAll(async () => {
      await stack.query(`UPDATE link_sides SET has_contact = false WHERE owner_id = $1 AND peer_id = $2`, [a.id, b.id]);
    });

    it('--verify exits 2 with a row-level diff naming the pair and side', async () => {
      const run = await ops(stack, 'replay', '--into', 'shadow', '--verify');

      expect(run.code).toBe(2);
      expect(run.stdout).toContain('verify: DRIFT');
      expect(run.stdout).toContain(`pair ${low()}:${high()} side ${a.id}→${b.id}: has_contact live=false shadow=true`);
      expect(run.stdout).toContain('users: equal');
    });

    it('why notices that live disagrees with the log', async () => {
      const run = await ops(stack, 'why', '--viewer', String(a.id), '--subject', String(b.id));
      expect(run.code).toBe(2);
      expect(run.stdout).toContain('DRIFT');
    });

    it('--promote refuses while the projector runs', async () => {
      const run = await ops(stack, 'replay', '--into', 'shadow', '--promote');
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('is running; stop it');
    });

    it('--promote with the projector stopped repairs live; the restarted projector applies what arrived meanwhile', async () => {
      await d.importContact(c); // so that c's next message reveals d's phone to c
      await projectorCaughtUp();
      await stack.service('link-projector').stop();
      const randomId = nextRandomId();
      const pending = c.call('messages.sendMessage', { peer: foreignPeer(seen, c, d), message: 'while stopped', random_id: randomId });

      const run = await ops(stack, 'replay', '--into', 'shadow', '--verify', '--promote');

      expect(run.stdout).toContain(`pair ${low()}:${high()} side ${a.id}→${b.id}: has_contact live=false shadow=true`);
      expect(run.stdout).toContain('promote: shadow is live');
      expect(run.code).toBe(0);
      const [side] = await stack.query(`SELECT has_contact FROM link_sides WHERE owner_id = $1 AND peer_id = $2`, [a.id, b.id]);
      expect(side.has_contact).toBe(true);
      expect((await ops(stack, 'replay', '--into', 'shadow', '--verify', '--upto', 'projector')).code).toBe(0);

      await stack.service('link-projector').start();
      let sent = await pending;
      if (sent.status === 503)
        sent = await c.call('messages.sendMessage', { peer: foreignPeer(seen, c, d), message: 'while stopped', random_id: randomId });
      expect(sent.status).toBe(200);
      expect(sent.body._).toBe('messages.sentMessageLink');
      await projectorCaughtUp();
      const delivered = await stack.query(
        `SELECT count(*)::int AS n FROM messages WHERE user_id = $1 AND body->>'message' = 'while stopped'`,
        [d.id],
      );
      expect(delivered).toEqual([{ n: 1 }]);
      const after = await ops(stack, 'replay', '--into', 'shadow', '--verify');
      expect(after.stdout).toContain('verify: live (public) equals shadow');
      expect(after.code).toBe(0);
    });
  });
});

/** A newcomer's mistakes: the CLI says which system or folder is wrong and what to do. */
describe('operator CLI failures that name their cause', () => {
  const run = (env: NodeJS.ProcessEnv, ...args: string[]) => {
    const { KAFKA_BROKERS: _brokers, DATABASE_URL: _url, DATA_DIR: _dir, ...base } = process.env;
    return runToEnd(process.execPath, [OPS, ...args], { ...base, ...env });
  };

  it('refuses a DATA_DIR without a database, and leaves no folder behind', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'ops-')), 'mistyped');
    const result = await run({ DATA_DIR: dataDir }, 'lag');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`ops: no contact-links database in ${dataDir} (DATA_DIR)`);
    expect(existsSync(dataDir)).toBe(false);
  });

  it('names Kafka when the broker does not answer', async () => {
    const port = await freePort();
    const result = await run({ KAFKA_BROKERS: `127.0.0.1:${port}`, DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/postgres' }, 'lag');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`^ops: Kafka at 127\\.0\\.0\\.1:${port} \\(KAFKA_BROKERS\\): .*npm run kafka -- start`, 'm'));
  });

  it('names PostgreSQL when the database does not answer', async () => {
    // The log answers (an empty events topic of its own): why reads it, then asks the live tables.
    const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
    const prefix = `ops-failures-${process.pid}`;
    const admin = new Kafka({ brokers, logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: `${prefix}.events`, numPartitions: 1 }], waitForLeaders: true });
    const port = await freePort();
    const result = await run(
      { KAFKA_BROKERS: brokers.join(','), TOPIC_PREFIX: prefix, DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/contact_links` },
      'why',
      '--viewer',
      '1',
      '--subject',
      '2',
    );
    await admin.deleteTopics({ topics: [`${prefix}.events`] });
    await admin.disconnect();
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      new RegExp(`^ops: PostgreSQL at 127\\.0\\.0\\.1:${port}/contact_links \\(DATABASE_URL\\): .*ECONNREFUSED`, 'm'),
    );
  });
});
