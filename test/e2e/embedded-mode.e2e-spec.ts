import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EmbeddedDatabaseKind, postmasterPid } from '@app/platform';
import { TestUser } from '../support/api-client';
import { runToEnd } from '../support/child-run';
import { readFeed } from '../support/feed-reader';
import { signUpMany } from '../support/scenario';
import { Stack, freePort } from '../support/stack';
import { callTl } from '../support/tl-client';

const DIST = process.env.CONTACT_LINKS_DIST ?? join(__dirname, '..', '..', 'dist');
const ROOT = join(__dirname, '..', '..');

/** The environment of a tool run against the stack's data folder: no Kafka or Postgres named. */
function embeddedEnv(stack: Stack): NodeJS.ProcessEnv {
  const { KAFKA_BROKERS: _brokers, DATABASE_URL: _url, ...env } = process.env;
  return { ...env, DATA_DIR: stack.dataDir };
}

const retries = { afterConnectionError: 0, after503: 0 };

/** Sends until the API answers 200 (same random_id each time), across restarts of the process. */
async function sendReliably(stack: Stack, sender: TestUser, recipient: number, randomId: string, text: string): Promise<any> {
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (Date.now() > deadline) throw new Error(`send ${sender.id}:${randomId} never succeeded`);
    try {
      const response = await fetch(`${stack.apiService().url}/v1/messages.sendMessage`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${sender.token}`, 'x-tl-layer': '3' },
        body: JSON.stringify({ peer: { _: 'inputPeerContact', user_id: recipient }, message: text, random_id: randomId }),
        signal: AbortSignal.timeout(20_000),
      });
      if (response.status === 200) return response.json();
      if (response.status !== 503) throw new Error(`unexpected ${response.status}: ${await response.text()}`);
      retries.after503++;
    } catch (error) {
      if (String(error).includes('unexpected')) throw error;
      retries.afterConnectionError++;
    }
    await new Promise((resolve) => setTimeout(resolve, 100)); // the process is restarting: back off, not a sync
  }
}

/** Both embedded databases: the PostgreSQL server of the process's own (the default) and PGlite. */
describe.each<EmbeddedDatabaseKind>(['postgres', 'pglite'])(
  'embedded mode on %s: one process with the event log in a table',
  (database) => {
    let stack: Stack;
    beforeAll(async () => {
      stack = await Stack.start({ mode: 'embedded', env: { EMBEDDED_DATABASE: database } });
    });
    afterAll(() => stack?.stop());

    it('says in its first log line that it runs embedded and where its data is, and names the bound URL once it listens', async () => {
      const lines = readFileSync(stack.apiService().logFile, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line));
      expect(lines[0]).toMatchObject({ mode: 'embedded', data_dir: stack.dataDir });
      // Before it is ready, it says what a crash can cost.
      const durability = lines.findIndex((line) => line.database === database);
      expect(lines[durability].msg).toContain(
        database === 'postgres'
          ? 'fsync on: acknowledged sends survive a crash of the process or the machine'
          : 'PGlite (no fsync): a crash of the machine can lose acknowledged sends',
      );
      expect(durability).toBeLessThan(lines.findIndex((line) => line.msg?.startsWith('embedded mode: ready')));
      const ready = lines.find((line) => line.msg?.startsWith('embedded mode: ready'));
      expect(ready).toMatchObject({ mode: 'embedded', data_dir: stack.dataDir, url: stack.apiService().url });
      expect((await fetch(`${ready.url}/health/live`)).status).toBe(200);
    });

    it('refuses a second process on the same data folder, naming the holder', async () => {
      const second = await runToEnd(process.execPath, [join(DIST, 'apps', 'embedded', 'src', 'main.js')], {
        ...process.env,
        DATA_DIR: stack.dataDir,
        PORT: '0',
      });
      expect(second.code).toBe(1);
      expect(second.stdout + second.stderr).toContain(`is in use by process ${stack.apiService().process!.pid}`);
    });

    it('npm start refuses half a distributed configuration', async () => {
      const { DATABASE_URL: _url, ...env } = process.env;
      const run = await runToEnd('bash', [join(ROOT, 'deploy', 'local', 'start.sh')], { ...env, KAFKA_BROKERS: '127.0.0.1:9092' });
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('set both KAFKA_BROKERS and DATABASE_URL');
    });

    it('plays the seed scenarios, a broadcast and a pending contact signing up with `npm run demo`', async () => {
      const demo = await runToEnd(process.execPath, [join(DIST, 'tools', 'demo', 'main.js')], {
        ...process.env,
        API_URL: stack.apiService().url,
      });
      expect(demo.code).toBe(0);
      for (const heading of ['(a) Ann has Bob', '(b) Cid and Dee', '(c) Eve and Fay', '(d) Gus has Hal and Ivy', '(e) Jon imports'])
        expect(demo.stdout).toContain(heading);
      expect(demo.stdout).toContain('Gus → Hal, Ivy: result messages.statedMessagesLinks with 2 link(s)');
      expect(demo.stdout).toMatch(/Ivy sees Gus as userRequest \(phone \d+ shown\)/);
      expect(demo.stdout).toContain('result messages.sentMessageLink');
      expect(demo.stdout).toContain('updateContactLink');
      expect(demo.stdout).toMatch(/Jon's feed: updateContactRegistered: user \d+ signed up\n.*Jon's feed: updateContactLink/);
      expect(demo.stdout).toContain('Jon sees Kim as userContact (phone');
      expect(demo.stdout).toContain('named "Kim (work)"');
    });

    it('`npm run demo` against nothing says where it looked and how to point it elsewhere', async () => {
      const { API_URL: _url, ...env } = process.env;
      const port = String(await freePort());
      const demo = await runToEnd(process.execPath, [join(DIST, 'tools', 'demo', 'main.js')], { ...env, PORT: port });
      expect(demo.code).toBe(1);
      expect(demo.stderr).toContain(`demo: nothing answers at http://127.0.0.1:${port}`);
      expect(demo.stderr).toContain("'npm start'");
      expect(demo.stderr).toContain('API_URL=');
    });

    it('binary TL calls keep the layer invokeWithLayer3 stated for the session, across a restart', async () => {
      const [ann, bob] = await signUpMany(stack.api(), ['Tla', 'Tlb'], 1);
      await ann.importContact(bob);
      const state = await callTl(stack.apiService().url, ann.token, { _: 'updates.getState' }, { layer: 3, init: true });
      expect(state).toMatchObject({ status: 200, layer: 3, value: { _: 'updates.state' } });
      await stack.apiService().stop('SIGTERM');
      await stack.apiService().start();
      const sent = await callTl(stack.apiService().url, ann.token, {
        _: 'messages.sendMessage',
        peer: { _: 'inputPeerContact', user_id: bob.id },
        message: 'bare',
        random_id: '77',
      });
      expect(sent).toMatchObject({ status: 200, layer: 3, value: { _: 'messages.sentMessageLink', links: [{ user: { id: bob.id } }] } });
    });

    /**
     * Sends in three workers while `crash` strikes three times at random moments (the process is
     * started again after each): every acknowledged send is in both feeds exactly once, the feeds are
     * gapless, the data survives a graceful restart and the projection equals a replay of the log.
     */
    async function sendThroughCrashes(tag: string, crash: () => Promise<void>): Promise<void> {
      const users = await signUpMany(
        stack.api(),
        [0, 1, 2, 3].map((i) => `${tag}${i}`),
      );
      for (const [i, user] of users.entries()) await user.importContact(users[(i + 1) % users.length]);
      let killsDone = false;
      let failed = false;
      const sent: { sender: TestUser; recipient: number; text: string }[] = [];
      const workers = Array.from({ length: 3 }, async (_, w) => {
        for (let n = 0; !failed && (n < 15 || !killsDone); n++) {
          const s = (w + n) % users.length;
          const [sender, recipient] = [users[s], users[(s + 1) % users.length].id]; // each user has the next in contacts
          const text = `${tag}-w${w}-n${n}`;
          await sendReliably(stack, sender, recipient, String(w * 1000 + n), text).catch((error) => {
            failed = true;
            throw error;
          });
          sent.push({ sender, recipient, text });
        }
      });
      const kills = (async () => {
        for (let k = 0; k < 3 && !failed; k++) {
          await new Promise((resolve) => setTimeout(resolve, 500 + Math.random() * 1000)); // a random moment, not a sync
          await crash();
          await stack.apiService().start();
        }
      })().finally(() => (killsDone = true));
      // Every worker and the crash loop ended before the test does: a restart still under way would outlive the stack's stop.
      const failure = (await Promise.allSettled([...workers, kills])).find((outcome) => outcome.status === 'rejected');
      if (failure) throw failure.reason;
      console.log(`embedded ${tag}: ${sent.length} acknowledged sends, 3 crashes, retries ${JSON.stringify(retries)}`);

      const feeds = new Map<number, Awaited<ReturnType<typeof readFeed>>>();
      for (const user of users) feeds.set(user.id, await readFeed(user));
      const count = (user: number, text: string) => feeds.get(user)!.filter((e) => e.kind === 'message' && e.body.message === text).length;
      for (const { sender, recipient, text } of sent) expect([count(sender.id, text), count(recipient, text)]).toEqual([1, 1]);
      const messages = [...feeds.values()].flat().filter((e) => e.kind === 'message');
      expect(messages).toHaveLength(2 * sent.length);
      for (const entries of feeds.values()) {
        expect(entries.map((e) => e.pts)).toEqual(entries.map((_, i) => i + 1));
        entries.forEach(
          (entry, i) =>
            entry.kind === 'link' && expect(entries[i + 1]).toMatchObject({ kind: 'message', body: { from_id: entry.body.user_id } }),
        );
      }

      // The folder's state survives a graceful restart too; then the ops CLI replays the table log.
      await stack.apiService().stop('SIGTERM');
      const replay = await runToEnd(
        process.execPath,
        [join(DIST, 'tools', 'ops', 'main.js'), 'replay', '--into', 'shadow', '--verify'],
        embeddedEnv(stack),
      );
      expect(replay.stdout).toContain('verify: live (public) equals shadow');
      expect(replay.code).toBe(0);
      await stack.apiService().start();
      expect((await readFeed(users[0])).length).toBe(feeds.get(users[0].id)!.length);
    }

    it('kill -9 under load: every acknowledged send exactly once, feeds gapless, data kept across restarts, projection equal to a replay', async () => {
      await sendThroughCrashes('K', () =>
        stack
          .apiService()
          .stop('SIGKILL')
          .then(() => undefined),
      );
    });

    if (database === 'postgres') {
      it('power loss under load (the server stopped without a checkpoint, the process killed): every acknowledged send kept', async () => {
        const serverFolder = join(stack.dataDir, 'postgres');
        await sendThroughCrashes('P', async () => {
          // SIGQUIT: immediate shutdown, no checkpoint; what was acknowledged is only in the fsynced WAL.
          process.kill(postmasterPid(join(serverFolder, 'data'))!, 'SIGQUIT');
          await stack.apiService().stop('SIGKILL');
        });
        const recoveries = readFileSync(join(serverFolder, 'server.log'), 'utf8').match(/was interrupted|not properly shut down/g) ?? [];
        expect(recoveries.length).toBeGreaterThanOrEqual(3); // each start after a crash replayed the WAL
      });
    }
  },
);
