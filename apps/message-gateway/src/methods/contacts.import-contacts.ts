import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod/v4';
import { DomainEvent, makeEvent, newMeta } from '@app/events';
import type { ContactsImportedContacts } from '@app/tl';
import { FLOOD_WAIT_N, UserDirectory, linkSides, pendingContacts, users } from '@app/platform';
import { RateLimits } from '../auth/rate-limits';
import { COMMAND_LOG_ERRORS, CommandLog } from '../pipeline/command-log';
import { badRequest } from '@app/platform';
import { named } from '../rpc/field-errors';
import { CallContext, MethodContract, RpcMethod } from '../rpc/rpc-method';
import { inputPhoneContact } from '../rpc/tl-inputs';

export const importParams = z.object({
  contacts: named(z.array(inputPhoneContact).max(1000), { invalid: 'CONTACTS_INVALID', tooLong: 'CONTACTS_TOO_MUCH' }),
  replace: z.boolean().default(false),
});

export const importContract = {
  results: ['contacts.importedContacts'],
  errors: [FLOOD_WAIT_N, 'CONTACTS_TOO_MUCH', ...COMMAND_LOG_ERRORS],
} as const satisfies MethodContract;

/** Contacts one user may hold: bounds getContacts' answer and every list built from it. */
export const MAX_CONTACTS = 10_000;

/** What an import needs besides a way to record the contacts. */
export interface ImportDependencies {
  readonly dataSource: DataSource;
  readonly directory: UserDirectory;
  readonly limits: RateLimits;
}

/**
 * contacts.importContacts, whatever records the events (`record`: the gateway publishes them and
 * waits until they are applied, the bench's monolith applies them in its transaction).
 */
export async function importContacts(
  { dataSource, directory, limits }: ImportDependencies,
  input: z.infer<typeof importParams>,
  call: CallContext,
  record: (events: DomainEvent[]) => Promise<void>,
): Promise<ContactsImportedContacts> {
  const owner = call.userId;
  const phones = [...new Set(input.contacts.map((c) => c.phone))];
  // Each phone asks "is there an account?": one lookup each, per user and per address.
  await limits.take(limits.lookupsBy(call), phones.length);
  const accounts = await users.byPhones(dataSource, phones);
  // The caller's own phone is neither a contact nor pending.
  const listed = input.contacts.filter((c) => accounts.get(c.phone) !== owner);
  const imported = listed
    .filter((c) => accounts.has(c.phone))
    .map((c) => ({ _: 'importedContact' as const, user_id: accounts.get(c.phone)!, client_id: c.client_id }));
  // The same user or phone twice in one list is saved under the name it was given last.
  const nameOf = ({ first_name, last_name }: (typeof listed)[number]) => ({ first_name, last_name });
  const contacts = new Map(listed.filter((c) => accounts.has(c.phone)).map((c) => [accounts.get(c.phone)!, nameOf(c)]));
  const pending = new Map(listed.filter((c) => !accounts.has(c.phone)).map((c) => [c.phone, nameOf(c)]));
  const userIds = [...contacts.keys()];
  const stored = {
    contacts: (await linkSides.contactsOf(dataSource, owner)).map((c) => c.peer_id),
    pending: await pendingContacts.phonesOf(dataSource, owner),
  };
  const others = {
    contacts: stored.contacts.filter((id) => !contacts.has(id)),
    pending: stored.pending.filter((phone) => !pending.has(phone)),
  };
  // replace: the list is the owner's whole list, so the contacts and pending contacts it lacks go.
  const kept = input.replace ? 0 : others.contacts.length + others.pending.length;
  if (kept + contacts.size + pending.size > MAX_CONTACTS) throw badRequest('CONTACTS_TOO_MUCH');
  const meta = () => newMeta(call.cause);
  const dropped = input.replace ? others : { contacts: [], pending: [] };
  await record([
    ...dropped.contacts.map((contact_id) => makeEvent('ContactDeleted', { owner_id: owner, contact_id }, meta())),
    ...dropped.pending.map((phone) => makeEvent('PendingContactDeleted', { owner_id: owner, phone }, meta())),
    ...[...contacts].map(([contact_id, names]) => makeEvent('ContactImported', { owner_id: owner, contact_id, names }, meta())),
    ...[...pending].map(([phone, names]) => makeEvent('PendingContactImported', { owner_id: owner, phone, names }, meta())),
  ]);
  return { _: 'contacts.importedContacts', imported, users: await directory.render(dataSource, owner, userIds) };
}

/**
 * Adds Contacts, under the names given, for the phones that belong to users (no reveal,
 * docs/link-rules.md), and pending contacts for the phones that do not yet (they become Contacts
 * when the phone signs up). `replace` removes the contacts and pending contacts the list lacks.
 */
@Injectable()
export class ImportContacts implements RpcMethod<typeof importParams> {
  readonly name = 'contacts.importContacts';
  readonly params = importParams;
  readonly requiresAuth = true;
  readonly results = importContract.results;
  readonly errors = importContract.errors;

  constructor(
    readonly dataSource: DataSource,
    private readonly log: CommandLog,
    readonly directory: UserDirectory,
    readonly limits: RateLimits,
  ) {}

  execute(input: z.infer<typeof importParams>, call: CallContext) {
    return importContacts(this, input, call, (events) => this.log.publishAndAwaitApplied(events, call.deadline));
  }
}
