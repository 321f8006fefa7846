import { DomainEvent, makeEvent, newMeta } from '@app/events';

/** A small seeded generator (xorshift32), so the same seed writes the same mix. */
function seeded(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 2 ** 32;
  };
}

const FIRST_USER_ID = 100_000;
/** People message a circle of acquaintances: recipients are within this distance on the id ring. */
const CIRCLE = 50;

/**
 * A valid event log shaped like the send workload: the users' registrations first, then mostly
 * private messages (some along imported contacts, so the link rule reveals phones), contact
 * imports and deletes, and a few blocks and unblocks.
 */
export class SyntheticLog {
  private readonly random: () => number;
  private readonly imported: [number, number][] = [];
  private readonly blocked: [number, number][] = [];
  private written = 0;

  constructor(
    private readonly users: number,
    seed = 8,
  ) {
    this.random = seeded(seed);
  }

  /** The i-th event of the log. */
  next(): DomainEvent {
    const i = this.written++;
    const meta = newMeta({ correlation_id: `bench-log-${i}` });
    if (i < this.users) {
      return makeEvent(
        'UserRegistered',
        { user_id: FIRST_USER_ID + i, phone: `3${String(i).padStart(9, '0')}`, first_name: `Log${i}`, last_name: '' },
        meta,
      );
    }
    const roll = this.random();
    if (roll < 0.1) {
      const [owner_id, contact_id] = this.acquaintances();
      this.imported.push([owner_id, contact_id]);
      return makeEvent('ContactImported', { owner_id, contact_id }, meta);
    }
    if (roll < 0.12 && this.imported.length > 0) {
      const [owner_id, contact_id] = this.imported[Math.floor(this.random() * this.imported.length)];
      return makeEvent('ContactDeleted', { owner_id, contact_id }, meta);
    }
    if (roll < 0.13) {
      const [owner_id, target_id] = this.acquaintances();
      this.blocked.push([owner_id, target_id]);
      return makeEvent('UserBlocked', { owner_id, target_id }, meta);
    }
    if (roll < 0.14 && this.blocked.length > 0) {
      const [owner_id, target_id] = this.blocked.splice(Math.floor(this.random() * this.blocked.length), 1)[0];
      return makeEvent('UserUnblocked', { owner_id, target_id }, meta);
    }
    const alongContact = this.random() < 0.3 && this.imported.length > 0;
    const [a, b] = alongContact ? this.imported[Math.floor(this.random() * this.imported.length)] : this.acquaintances();
    const [sender_id, user_id] = this.random() < 0.5 ? [a, b] : [b, a];
    const date = Math.floor(Date.parse(meta.occurred_at) / 1000);
    return makeEvent(
      'MessageSent',
      {
        sender_id,
        random_id: String(i),
        method: 'messages.sendMessage',
        layer: 3,
        peer: { kind: 'user', user_id },
        date,
        items: [{ content: { kind: 'text', text: `log message ${i}` } }],
      },
      meta,
    );
  }

  private acquaintances(): [number, number] {
    const a = Math.floor(this.random() * this.users);
    const b = (a + 1 + Math.floor(this.random() * CIRCLE)) % this.users;
    return [FIRST_USER_ID + a, FIRST_USER_ID + b];
  }
}
