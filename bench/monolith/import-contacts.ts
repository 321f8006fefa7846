import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { evolvePair } from '@app/links';
import { UserDirectory, loadPair, savePair, withTransientRetry } from '@app/platform';
import { RateLimits } from '../../apps/message-gateway/src/auth/rate-limits';
import { CallContext, RpcMethod } from '../../apps/message-gateway/src/rpc/rpc-method';
import { inputPhoneContact } from '../../apps/message-gateway/src/rpc/tl-inputs';

const params = z.object({ contacts: z.array(inputPhoneContact).max(1000), replace: z.boolean().default(false) });

/** contacts.importContacts: the Contact facts written directly, in one transaction (pairs locked in id order). */
@Injectable()
export class MonolithImportContacts implements RpcMethod<typeof params> {
  readonly name = 'contacts.importContacts';
  readonly params = params;
  readonly requiresAuth = true;

  constructor(
    private readonly dataSource: DataSource,
    private readonly directory: UserDirectory,
    private readonly limits: RateLimits,
  ) {}

  async execute(input: z.infer<typeof params>, call: CallContext) {
    await this.limits.take(this.limits.lookupsBy(call), new Set(input.contacts.map((c) => c.phone)).size);
    const found: { id: number; phone: string }[] = await this.dataSource.query(
      `SELECT id, phone FROM users WHERE phone = ANY($1::text[]) AND NOT deleted AND id <> $2`,
      [input.contacts.map((c) => c.phone), call.userId],
    );
    const idOf = new Map(found.map((u) => [u.phone, u.id]));
    const imported = input.contacts
      .filter((c) => idOf.has(c.phone))
      .map((c) => ({ _: 'importedContact', user_id: idOf.get(c.phone)!, client_id: c.client_id }));
    const contactIds = [...new Set(imported.map((c) => c.user_id))].sort((a, b) => a - b);
    await withTransientRetry(() =>
      this.dataSource.transaction(async (db) => {
        for (const contact of contactIds) {
          const before = await loadPair(db, call.userId, contact, 'for update');
          await savePair(db, before, evolvePair(before, { type: 'ContactImported', owner: call.userId, contact }), randomUUID());
        }
      }),
    );
    return {
      _: 'contacts.importedContacts',
      imported,
      users: await this.directory.render(this.dataSource.manager, call.userId, contactIds),
    };
  }
}
