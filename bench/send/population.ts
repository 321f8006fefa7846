import { randomInt } from 'node:crypto';
import { JsonHttp, inParallel } from '../lib/json-http';

export interface BenchUser {
  readonly id: number;
  readonly phone: string;
  readonly token: string;
}

/** A directed pair: `from` has `to` in its contacts, so it can address it as inputPeerContact. */
export interface Pair {
  readonly from: BenchUser;
  readonly to: BenchUser;
}

export interface Population {
  readonly users: readonly BenchUser[];
  /** Mutual contacts: messages between them never change a link. */
  readonly steady: readonly Pair[];
  /** One-sided contacts never messaged: the first message reveals `from`'s phone to `to` (a link change). */
  readonly fresh: Pair[];
}

/** Contacts each user has in both directions (the k nearest neighbours either side on a ring). */
const MUTUAL_EACH_SIDE = 4;
/** One-sided contacts each user imports further along the ring (never imported back). */
const FRESH_PER_USER = 20;
const PARALLEL = 16;

/**
 * Signs up `count` users and imports contacts through the API under test, so the same population
 * exists on the pipeline and on the monolith: user i imports i±1…i±MUTUAL_EACH_SIDE (mutual) and
 * i+MUTUAL_EACH_SIDE+1 … +FRESH_PER_USER (one-sided; nobody imports i back from that distance).
 */
export async function buildPopulation(http: JsonHttp, count: number): Promise<Population> {
  if (count > 100_000) throw new Error('test numbers allow 100,000 users');
  if (count <= 2 * (MUTUAL_EACH_SIDE + FRESH_PER_USER)) throw new Error(`need more than ${2 * (MUTUAL_EACH_SIDE + FRESH_PER_USER)} users`);
  const users: BenchUser[] = new Array(count);
  const indexes = Array.from({ length: count }, (_, i) => i);
  await inParallel(indexes, PARALLEL, async (i) => {
    // Test numbers (99966XYYYY, code X five times): Telegram's login without a code reaching a phone.
    const phone = `99966${String(i).padStart(5, '0')}`;
    const sent = await http.ok('auth.sendCode', { phone_number: phone, sms_type: 0, api_id: 1, api_hash: 'bench', lang_code: 'en' });
    const code = phone[5].repeat(5);
    const auth = await http.ok('auth.signUp', {
      phone_number: phone,
      phone_code_hash: sent.phone_code_hash,
      phone_code: code,
      first_name: `Bench${i}`,
      last_name: 'User',
    });
    users[i] = { id: auth.user.id, phone, token: auth.token };
  });
  const at = (i: number) => users[((i % count) + count) % count];
  const steady: Pair[] = [];
  const fresh: Pair[] = [];
  await inParallel(indexes, PARALLEL, async (i) => {
    const mutual = Array.from({ length: MUTUAL_EACH_SIDE }, (_, k) => [at(i + k + 1), at(i - k - 1)]).flat();
    const oneSided = Array.from({ length: FRESH_PER_USER }, (_, k) => at(i + MUTUAL_EACH_SIDE + 1 + k));
    const contacts = [...mutual, ...oneSided].map((u, k) => ({
      _: 'inputPhoneContact',
      client_id: String(k + 1),
      phone: u.phone,
      first_name: 'C',
      last_name: '',
    }));
    await withRetries(() => http.ok('contacts.importContacts', { contacts, replace: false }, users[i].token));
    mutual.forEach((to) => steady.push({ from: users[i], to }));
    oneSided.forEach((to) => fresh.push({ from: users[i], to }));
  });
  shuffle(fresh);
  return { users, steady, fresh };
}

/** Importing the same contacts again changes nothing, so a call that timed out (503) is simply repeated. */
async function withRetries<T>(call: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (attempt >= attempts || !String(error).includes(' answered 503')) throw error;
    }
  }
}

function shuffle<T>(list: T[]): void {
  for (let i = list.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [list[i], list[j]] = [list[j], list[i]];
  }
}
