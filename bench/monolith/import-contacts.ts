import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod/v4';
import { UserDirectory, linkSides, projectionWriteParts, runTogether, withTransientRetry } from '@app/platform';
import { LinkProjection, projectBatch } from '@app/projection';
import { RateLimits } from '../../apps/message-gateway/src/auth/rate-limits';
import { importContacts, importContract, importParams } from '../../apps/message-gateway/src/methods/contacts.import-contacts';
import { CallContext, RpcMethod } from '../../apps/message-gateway/src/rpc/rpc-method';

/** contacts.importContacts as the gateway answers it, the Contacts applied by the projector's core in one transaction (pairs locked in key order). */
@Injectable()
export class MonolithImportContacts implements RpcMethod<typeof importParams> {
  readonly name = 'contacts.importContacts';
  readonly params = importParams;
  readonly requiresAuth = true;
  readonly results = importContract.results;
  readonly errors = importContract.errors;

  constructor(
    readonly dataSource: DataSource,
    readonly directory: UserDirectory,
    readonly limits: RateLimits,
  ) {}

  execute(input: z.infer<typeof importParams>, call: CallContext) {
    return importContacts(this, input, call, (events) =>
      withTransientRetry(() =>
        this.dataSource.transaction(async (db) => {
          const pairs = await linkSides.pairs(db, LinkProjection.needs(events).pairs, { lock: true });
          const { rows } = projectBatch({ pairs, chats: new Map() }, events);
          await runTogether(db, projectionWriteParts(rows));
        }),
      ),
    );
  }
}
