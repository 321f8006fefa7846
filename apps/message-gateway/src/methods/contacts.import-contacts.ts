import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { makeEvent, newMeta } from '@app/events';
import { UserDirectory } from '@app/platform';
import { RateLimits } from '../auth/rate-limits';
import { CommandLog } from '../pipeline/command-log';
import { badRequest } from '../rpc/rpc-error';
import { named } from '../rpc/field-errors';
import { CallContext, RpcMethod } from '../rpc/rpc-method';
import { inputPhoneContact } from '../rpc/tl-inputs';

const params = z.object({
  contacts: named(z.array(inputPhoneContact).max(1000), { invalid: 'CONTACTS_INVALID', tooLong: 'CONTACTS_TOO_MUCH' }),
  replace: z.boolean().default(false),
});

/** Contacts one user may hold: bounds getContacts' answer and every list built from it. */
export const MAX_CONTACTS = 10_000;

/** Adds Contacts for the phones that belong to users (no reveal, SPEC §2); unknown phones are skipped. */
@Injectable()
export class ImportContacts implements RpcMethod<typeof params> {
  readonly name = 'contacts.importContacts';
  readonly params = params;
  readonly requiresAuth = true;

  constructor(
    private readonly dataSource: DataSource,
    private readonly log: CommandLog,
    private readonly directory: UserDirectory,
    private readonly limits: RateLimits,
  ) {}

  async execute(input: z.infer<typeof params>, call: CallContext) {
    const phones = [...new Set(input.contacts.map((c) => c.phone))];
    // Each phone asks "is there an account?": one lookup each, per user and per address.
    await this.limits.take(this.limits.lookupsBy(call), phones.length);
    const found: { id: number; phone: string }[] = await this.dataSource.query(
      `SELECT id, phone FROM users WHERE phone = ANY($1::text[]) AND NOT deleted AND id <> $2`,
      [phones, call.userId],
    );
    const idOf = new Map(found.map((u) => [u.phone, u.id]));
    const imported = input.contacts
      .filter((c) => idOf.has(c.phone))
      .map((c) => ({ _: 'importedContact', user_id: idOf.get(c.phone)!, client_id: c.client_id }));
    const userIds = [...new Set(imported.map((c) => c.user_id))];
    const [{ others }]: { others: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS others FROM link_sides WHERE owner_id = $1 AND has_contact AND NOT (peer_id = ANY($2::int[]))`,
      [call.userId, userIds],
    );
    if (others + userIds.length > MAX_CONTACTS) throw badRequest('CONTACTS_TOO_MUCH');
    const meta = call.cause;
    await this.log.publishAndAwaitApplied(
      userIds.map((contact_id) => makeEvent('ContactImported', { owner_id: call.userId, contact_id }, newMeta(meta))),
      call.deadline,
    );
    return { _: 'contacts.importedContacts', imported, users: await this.directory.render(this.dataSource.manager, call.userId, userIds) };
  }
}
