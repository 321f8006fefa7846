import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod/v4';
import { EventOf, makeEvent, newMeta } from '@app/events';
import type { ContactsImportedContacts } from '@app/tl';
import { FLOOD_WAIT_N, UserDirectory, linkSides, users } from '@app/platform';
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
 * contacts.importContacts, whatever records the Contacts (`record`: the gateway publishes the
 * events and waits until they are applied, the bench's monolith applies them in its transaction).
 */
export async function importContacts(
  { dataSource, directory, limits }: ImportDependencies,
  input: z.infer<typeof importParams>,
  call: CallContext,
  record: (events: EventOf<'ContactImported'>[]) => Promise<void>,
): Promise<ContactsImportedContacts> {
  const phones = [...new Set(input.contacts.map((c) => c.phone))];
  // Each phone asks "is there an account?": one lookup each, per user and per address.
  await limits.take(limits.lookupsBy(call), phones.length);
  const idOf = new Map((await users.byPhones(dataSource, phones, call.userId)).map((u) => [u.phone, u.id]));
  const imported = input.contacts
    .filter((c) => idOf.has(c.phone))
    .map((c) => ({ _: 'importedContact' as const, user_id: idOf.get(c.phone)!, client_id: c.client_id }));
  const userIds = [...new Set(imported.map((c) => c.user_id))];
  if ((await linkSides.contactsBesides(dataSource, call.userId, userIds)) + userIds.length > MAX_CONTACTS)
    throw badRequest('CONTACTS_TOO_MUCH');
  await record(userIds.map((contact_id) => makeEvent('ContactImported', { owner_id: call.userId, contact_id }, newMeta(call.cause))));
  return { _: 'contacts.importedContacts', imported, users: await directory.render(dataSource, call.userId, userIds) };
}

/** Adds Contacts for the phones that belong to users (no reveal, docs/link-rules.md); unknown phones are skipped. */
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
