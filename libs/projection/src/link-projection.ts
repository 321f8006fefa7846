import { DomainEvent, EventOf, PayloadOf, pairEventOf } from '@app/events';
import {
  LinkView,
  PairState,
  UserId,
  decidePrivateMessage,
  eventMembers,
  evolvePair,
  initialPairState,
  pairKey,
  viewChanges,
} from '@app/links';
import { LinkSideRecord, SideWriteCause, mergeSideWrite, sideWrites } from './link-sides';
import { Conversion, PendingContactRecord, PendingContacts, PendingStart } from './pending-contacts';

/** A user as the projection records it (the `users` table). */
export interface UserRecord {
  readonly id: number;
  readonly phone: string;
  readonly first_name: string;
  readonly last_name: string;
  /** When the registration happened (the event's time). */
  readonly registered_at: string;
}

/**
 * The name an owner saved for a contact (the `contact_names` table), from its last import; null
 * names: an import that saved none (a version-1 event), so the user's own name is shown. Kept
 * after a delete: it is shown only while the owner has the contact.
 */
export interface ContactNameRecord {
  readonly owner_id: number;
  readonly peer_id: number;
  readonly first_name: string | null;
  readonly last_name: string | null;
  readonly updated_by: string;
}

/** A chat as the projection records it (the `chats` table). */
export interface ChatRecord {
  readonly id: number;
  readonly title: string;
  readonly creator_id: number;
  readonly member_ids: number[];
  readonly created_at: string;
}

/** What a fold reads before it starts: the pairs, chats and phones (registrations, pending contacts) its events touch. */
export interface ProjectionNeeds {
  readonly pairs: readonly (readonly [UserId, UserId])[];
  readonly chats: readonly number[];
  readonly phones: readonly string[];
}

/**
 * The stored state a fold starts from, for its needs; a pair or chat that is absent has no facts
 * yet. `pending` (absent: none) are the phones' pending contacts and which of them have accounts.
 */
export interface ProjectionStart {
  readonly pairs: ReadonlyMap<string, PairState>;
  readonly chats: ReadonlyMap<number, Pick<ChatRecord, 'member_ids'>>;
  readonly pending?: PendingStart;
}

/** The LinkChanged outcome of a MessageSent, without its envelope: what the assembler delivers. */
export type MessageOutcome = Pick<PayloadOf<'LinkChanged'>, 'delivered' | 'views' | 'recipient_ids'>;

/** A view as events carry it (LinkChanged, ContactLinkChanged). */
export type PairViewPayload = PayloadOf<'LinkChanged'>['views'][number];

/** The ContactLinkChanged outcome of a contact event, without its envelope. */
export type ContactOutcome = PayloadOf<'ContactLinkChanged'>;

/** What one event did. */
export interface Effect {
  /** The pair it moved, if any: its facts before and after. */
  readonly pair?: { readonly before: PairState; readonly after: PairState };
  /** For a MessageSent: whom it reaches and how the pair's views changed. */
  readonly outcome?: MessageOutcome;
  /** For a ContactImported or ContactDeleted: how the pair's views changed. */
  readonly contact?: ContactOutcome;
  /** For a registration or a pending import: the pending contacts that became Contacts (the projector derives their ContactImported). */
  readonly conversions?: readonly Conversion[];
}

function viewPayload({ view, changed }: { view: LinkView; changed: boolean }): PairViewPayload {
  return {
    owner_id: view.owner,
    peer_id: view.peer,
    my_link: view.myLink,
    foreign_link: view.foreignLink,
    user_kind: view.userKind,
    changed,
  };
}

/** The rows a fold changed, merged as the tables' upserts merge them. */
export interface ProjectionRows {
  readonly sides: ReadonlyMap<string, LinkSideRecord>;
  readonly users: ReadonlyMap<number, UserRecord>;
  readonly chats: ReadonlyMap<number, ChatRecord>;
  /** Keyed `owner>peer`. */
  readonly names: ReadonlyMap<string, ContactNameRecord>;
  /** Keyed `owner>phone`; null: removed (converted, or left out by a replace). */
  readonly pending: ReadonlyMap<string, PendingContactRecord | null>;
}

/**
 * The link projection, defined once: the domain events folded into the link facts (`link_sides`),
 * users and chats, and each message's LinkChanged outcome. The projector runs it on a batch (from
 * the stored state of the batch's pairs), `ops replay` on the whole log (from nothing) and
 * `ops history` on one pair's events. No I/O: what it starts from is given, what it changed is read
 * from `rows`.
 */
export class LinkProjection implements ProjectionRows {
  readonly sides = new Map<string, LinkSideRecord>();
  readonly users = new Map<number, UserRecord>();
  readonly chats = new Map<number, ChatRecord>();
  readonly names = new Map<string, ContactNameRecord>();
  private readonly pendingContacts: PendingContacts;
  private readonly pairs: Map<string, PairState>;
  private readonly phones = new Set<string>();

  constructor(private readonly start: ProjectionStart = { pairs: new Map(), chats: new Map() }) {
    this.pairs = new Map(start.pairs);
    this.pendingContacts = new PendingContacts(start.pending ?? { pending: new Map(), accounts: new Map() });
  }

  get pending(): ReadonlyMap<string, PendingContactRecord | null> {
    return this.pendingContacts.rows;
  }

  /** The pairs and chats `events` touch: what to read before folding them. */
  static needs(events: readonly DomainEvent[]): ProjectionNeeds {
    return {
      pairs: events.map(pairEventOf).flatMap((e) => (e ? [eventMembers(e)] : [])),
      chats: events.flatMap((e) => (e.type === 'MessageSent' && e.payload.peer.kind === 'chat' ? [e.payload.peer.chat_id] : [])),
      phones: events.flatMap((e) =>
        e.type === 'UserRegistered' || e.type === 'PendingContactImported' || e.type === 'PendingContactDeleted' ? [e.payload.phone] : [],
      ),
    };
  }

  /** The pair's facts as the fold has them now. */
  pair(a: UserId, b: UserId): PairState {
    return this.pairs.get(pairKey(a, b)) ?? initialPairState(a, b);
  }

  apply(event: DomainEvent): Effect {
    switch (event.type) {
      case 'UserRegistered':
        return { conversions: this.register(event) };
      case 'PendingContactImported':
        return { conversions: this.pendingContacts.imported(event) };
      case 'PendingContactDeleted':
        this.pendingContacts.deleted(event);
        return {};
      case 'ChatCreated':
        this.createChat(event);
        return {};
      case 'ContactImported':
        return this.contactOutcome(event, this.importContact(event), event.payload.registered === true);
      case 'ContactDeleted':
        return this.contactOutcome(event, this.movePair(event), false);
      case 'UserBlocked':
      case 'UserUnblocked':
        return { pair: this.movePair(event) };
      case 'MessageSent':
        return this.message(event);
      case 'LinkChanged':
      case 'ContactLinkChanged':
        return {};
    }
  }

  /** First registration of an id or a phone wins, as the table's unique keys decide; it converts the phone's pending contacts. */
  private register({ payload, occurred_at }: EventOf<'UserRegistered'>): Conversion[] {
    const { user_id, phone, first_name, last_name } = payload;
    if (this.users.has(user_id) || this.phones.has(phone)) return [];
    this.phones.add(phone);
    this.users.set(user_id, { id: user_id, phone, first_name, last_name, registered_at: occurred_at });
    return this.pendingContacts.registered(phone, user_id);
  }

  /** First creation of a chat id wins. */
  private createChat({ payload, occurred_at }: EventOf<'ChatCreated'>): void {
    const { chat_id, title, creator_id, member_ids } = payload;
    if (this.chats.has(chat_id) || this.start.chats.has(chat_id)) return;
    this.chats.set(chat_id, { id: chat_id, title, creator_id, member_ids, created_at: occurred_at });
  }

  /** A contact event's effect with the views it left: the owner's and the contact's. */
  private contactOutcome(event: EventOf<'ContactImported' | 'ContactDeleted'>, pair: Effect['pair'], registered: boolean): Effect {
    if (!pair) return {};
    const { owner_id, contact_id } = event.payload;
    const views = viewChanges(pair.before, pair.after, [owner_id, contact_id]).map(viewPayload);
    const date = Math.floor(Date.parse(event.occurred_at) / 1000);
    return { pair, contact: { cause_event_id: event.event_id, owner_id, contact_id, date, registered, views } };
  }

  /** A Contact, and the name the owner saved for it (an import that saved none shows the user's own). */
  private importContact(event: EventOf<'ContactImported'>): Effect['pair'] {
    const moved = this.movePair(event);
    if (!moved) return undefined;
    const { owner_id, contact_id, names } = event.payload;
    this.names.set(`${owner_id}>${contact_id}`, {
      owner_id,
      peer_id: contact_id,
      first_name: names?.first_name ?? null,
      last_name: names?.last_name ?? null,
      updated_by: event.event_id,
    });
    return moved;
  }

  private movePair(event: DomainEvent): Effect['pair'] {
    const pairEvent = pairEventOf(event);
    if (!pairEvent) return undefined;
    const before = this.pair(...eventMembers(pairEvent));
    return this.record(before, evolvePair(before, pairEvent), event);
  }

  private message(event: EventOf<'MessageSent'>): Effect {
    const { sender_id: sender, peer } = event.payload;
    const pairEvent = pairEventOf(event);
    if (pairEvent?.type === 'PrivateMessageSent') {
      const recipient = pairEvent.recipient;
      const before = this.pair(sender, recipient);
      const decided = decidePrivateMessage(before, sender, recipient);
      const views = decided.views.map(viewPayload);
      const outcome = { delivered: decided.delivered, recipient_ids: decided.delivered ? [recipient] : [], views };
      return { pair: this.record(before, decided.next, event), outcome };
    }
    const members = peer.kind === 'chat' ? ((this.chats.get(peer.chat_id) ?? this.start.chats.get(peer.chat_id))?.member_ids ?? []) : [];
    return { outcome: { delivered: true, views: [], recipient_ids: members.filter((id) => id !== sender) } };
  }

  private record(before: PairState, after: PairState, cause: SideWriteCause): { before: PairState; after: PairState } {
    for (const write of sideWrites(before, after, cause)) {
      const side = `${write.owner_id}>${write.peer_id}`;
      this.sides.set(side, mergeSideWrite(this.sides.get(side), write));
    }
    this.pairs.set(pairKey(after.low, after.high), after);
    return { before, after };
  }
}
