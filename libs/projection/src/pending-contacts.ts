import { EventOf } from '@app/events';
import { UserId } from '@app/links';

/** A pending contact as the projection records it (the `pending_contacts` table): a phone an owner imported before it had an account. */
export interface PendingContactRecord {
  readonly owner_id: number;
  readonly phone: string;
  readonly first_name: string;
  readonly last_name: string;
  /** The PendingContactImported that saved it. */
  readonly imported_by: string;
}

/** A pending contact whose phone now has an account: the Contact (owner, user) to derive, under the owner's name for it. */
export interface Conversion {
  readonly owner_id: number;
  readonly user_id: number;
  readonly names: { readonly first_name: string; readonly last_name: string };
}

/** What the pending contacts of a batch start from: the stored ones of its phones, and which of its phones have an account. */
export interface PendingStart {
  readonly pending: ReadonlyMap<string, readonly PendingContactRecord[]>;
  readonly accounts: ReadonlyMap<string, UserId>;
}

const keyOf = (owner: number, phone: string) => `${owner}>${phone}`;

/**
 * The pending contacts' part of the link projection. Their events and the registration of their
 * phone share a partition (keyed by the phone), so whichever comes first, the conversion happens
 * once: a registration converts the phone's pending contacts, and a pending import of a phone that
 * already has an account converts at once. `rows` holds each changed row, null for one removed.
 */
export class PendingContacts {
  readonly rows = new Map<string, PendingContactRecord | null>();
  private readonly accounts: Map<string, UserId>;

  constructor(private readonly start: PendingStart) {
    this.accounts = new Map(start.accounts);
  }

  imported({ payload, event_id }: EventOf<'PendingContactImported'>): Conversion[] {
    const { owner_id, phone, names } = payload;
    const account = this.accounts.get(phone);
    if (account === owner_id) return [];
    if (account !== undefined) return [{ owner_id, user_id: account, names }];
    this.rows.set(keyOf(owner_id, phone), { owner_id, phone, ...names, imported_by: event_id });
    return [];
  }

  deleted({ payload }: EventOf<'PendingContactDeleted'>): void {
    if (this.current(payload.phone).some((row) => row.owner_id === payload.owner_id))
      this.rows.set(keyOf(payload.owner_id, payload.phone), null);
  }

  /** The phone has an account now: its pending contacts become Contacts (an owner's own phone converts to nothing). */
  registered(phone: string, user: UserId): Conversion[] {
    this.accounts.set(phone, user);
    const conversions: Conversion[] = [];
    for (const row of this.current(phone)) {
      this.rows.set(keyOf(row.owner_id, phone), null);
      if (row.owner_id !== user)
        conversions.push({ owner_id: row.owner_id, user_id: user, names: { first_name: row.first_name, last_name: row.last_name } });
    }
    return conversions;
  }

  /** The phone's pending contacts as the fold has them now: the stored ones the batch did not change, and those it added. */
  private current(phone: string): PendingContactRecord[] {
    const stored = (this.start.pending.get(phone) ?? []).filter((row) => !this.rows.has(keyOf(row.owner_id, phone)));
    const added = [...this.rows.values()].filter((row): row is PendingContactRecord => row !== null && row.phone === phone);
    return [...stored, ...added];
  }
}
