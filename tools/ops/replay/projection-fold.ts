import { DomainEvent, decodeEvent, pairEventOf } from '@app/events';
import { PairState, eventMembers, evolvePair, initialPairState, pairKey } from '@app/links';
import { LinkSideRecord, mergeSideWrite, sideWrites } from '@app/platform';

export interface UserRecord {
  readonly id: number;
  readonly phone: string;
  readonly first_name: string;
  readonly last_name: string;
  readonly deleted: boolean;
  readonly created_at: string;
}

export interface ChatRecord {
  readonly id: number;
  readonly title: string;
  readonly creator_id: number;
  readonly member_ids: number[];
  readonly created_at: string;
}

/**
 * The link projector's tables rebuilt in memory: the same decoding, the same ledger rule (an event
 * id counts once), the same pair fold (pairEventOf → evolvePair → sideWrites) and the same
 * first-wins inserts for users and chats. Pair states stay in memory for the whole replay because
 * any later event may move a pair; rows are written once at the end.
 */
export class ProjectionFold {
  readonly users = new Map<number, UserRecord>();
  readonly chats = new Map<number, ChatRecord>();
  readonly sides = new Map<string, LinkSideRecord>();
  /** Event ids applied, in order: the projector's ledger after the same log. */
  readonly ledger = new Set<string>();
  readonly malformedReasons = new Map<string, number>();
  read = 0;
  duplicates = 0;
  private readonly pairs = new Map<string, PairState>();
  private readonly phones = new Set<string>();

  get malformed(): number {
    let total = 0;
    for (const n of this.malformedReasons.values()) total += n;
    return total;
  }

  /** Folds one raw log value; a value that does not decode is counted and skipped (dead-lettered live). */
  foldRaw(value: Buffer | null): void {
    this.read += 1;
    const decoded = decodeEvent(value);
    if (!decoded.ok) {
      const kind = decoded.reason.split(':')[0];
      this.malformedReasons.set(kind, (this.malformedReasons.get(kind) ?? 0) + 1);
      return;
    }
    this.apply(decoded.event);
  }

  apply(event: DomainEvent): void {
    if (this.ledger.has(event.event_id)) {
      this.duplicates += 1;
      return;
    }
    this.ledger.add(event.event_id);
    switch (event.type) {
      case 'UserRegistered': {
        const { user_id, phone, first_name, last_name } = event.payload;
        // INSERT … ON CONFLICT DO NOTHING: the first registration of an id or a phone wins.
        if (this.users.has(user_id) || this.phones.has(phone)) return;
        this.phones.add(phone);
        this.users.set(user_id, { id: user_id, phone, first_name, last_name, deleted: false, created_at: event.occurred_at });
        return;
      }
      case 'ChatCreated': {
        const { chat_id, title, creator_id, member_ids } = event.payload;
        if (!this.chats.has(chat_id))
          this.chats.set(chat_id, { id: chat_id, title, creator_id, member_ids, created_at: event.occurred_at });
        return;
      }
      default:
        this.applyToPair(event);
    }
  }

  private applyToPair(event: DomainEvent): void {
    const pairEvent = pairEventOf(event);
    if (!pairEvent) return;
    const [a, b] = eventMembers(pairEvent);
    const key = pairKey(a, b);
    const before = this.pairs.get(key) ?? initialPairState(a, b);
    const after = evolvePair(before, pairEvent);
    const writes = sideWrites(before, after, event.event_id);
    if (writes.length === 0) return;
    this.pairs.set(key, after);
    for (const write of writes) {
      const side = `${write.owner_id}:${write.peer_id}`;
      this.sides.set(side, mergeSideWrite(this.sides.get(side), write));
    }
  }
}
