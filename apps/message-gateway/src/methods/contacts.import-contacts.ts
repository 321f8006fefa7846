import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { DomainEvent, makeEvent, newMeta } from '@app/events';
import type { ContactsImportedContacts } from '@app/tl';
import { UserDirectory, linkSides, users } from '@app/platform';
import { RateLimits } from '../auth/rate-limits';
import { CommandLog } from '../pipeline/command-log';
import { badRequest } from '@app/platform';
import { named } from '../rpc/field-errors';
import { CallContext, RpcMethod } from '../rpc/rpc-method';
import { inputPhoneContact } from '../rpc/tl-inputs';

export const importParams = z.object({
  contacts: named(z.array(inputPhoneContact).max(1000), { invalid: 'CONTACTS_INVALID', tooLong: 'CONTACTS_TOO_MUCH' }),
  replace: z.boolean().default(false),
});

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
  const phones = [...new Set(input.contacts.map((c) => c.phone))];
  // Each phone asks "is there an account?": one lookup each, per user and per address.
  await limits.take(limits.lookupsBy(call), phones.length);
  const idOf = new Map((await users.byPhones(dataSource, phones, call.userId)).map((u) => [u.phone, u.id]));
  const imported = input.contacts
    .filter((c) => idOf.has(c.phone))
    .map((c) => ({ _: 'importedContact' as const, user_id: idOf.get(c.phone)!, client_id: c.client_id }));
  // The same user twice in one list is saved under the name it was given last.
  const namesOf = new Map(input.contacts.filter((c) => idOf.has(c.phone)).map((c) => [idOf.get(c.phone)!, c] as const));
  const userIds = [...namesOf.keys()];
  // replace: the list is the owner's whole list, so the contacts it lacks are deleted.
  const dropped = input.replace ? await contactsNotIn(dataSource, call.userId, userIds) : [];
  const kept = input.replace ? 0 : await linkSides.contactsBesides(dataSource, call.userId, userIds);
  if (kept + userIds.length > MAX_CONTACTS) throw badRequest('CONTACTS_TOO_MUCH');
  const meta = () => newMeta(call.cause);
  await record([
    ...dropped.map((contact_id) => makeEvent('ContactDeleted', { owner_id: call.userId, contact_id }, meta())),
    ...[...namesOf].map(([contact_id, { first_name, last_name }]) =>
      makeEvent('ContactImported', { owner_id: call.userId, contact_id, names: { first_name, last_name } }, meta()),
    ),
  ]);
  return { _: 'contacts.importedContacts', imported, users: await directory.render(dataSource, call.userId, userIds) };
}

async function contactsNotIn(db: DataSource, owner: number, keep: readonly number[]): Promise<number[]> {
  const kept = new Set(keep);
  return (await linkSides.contactsOf(db, owner)).map((c) => c.peer_id).filter((id) => !kept.has(id));
}

/**
 * Adds Contacts, under the names given, for the phones that belong to users (no reveal,
 * docs/link-rules.md); unknown phones are skipped. `replace` deletes the contacts the list lacks.
 */
@Injectable()
export class ImportContacts implements RpcMethod<typeof importParams> {
  readonly name = 'contacts.importContacts';
  readonly params = importParams;
  readonly requiresAuth = true;

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
