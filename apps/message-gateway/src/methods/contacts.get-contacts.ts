import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod/v4';
import type { ContactsContacts } from '@app/tl';
import { UserDirectory, linkSides } from '@app/platform';
import { CallContext, RpcMethod } from '../rpc/rpc-method';
import { text } from '../rpc/tl-inputs';
import { contactsHash } from './contacts-hash';

const params = z.object({ hash: text({ invalid: 'HASH_INVALID' }, { max: 64 }).optional() });

/** The caller's contacts, or contactsNotModified when the client's `hash` says it has this list already. */
@Injectable()
export class GetContacts implements RpcMethod<typeof params> {
  readonly name = 'contacts.getContacts';
  readonly params = params;
  readonly requiresAuth = true;
  readonly results = ['contacts.contacts', 'contacts.contactsNotModified'] as const;
  readonly errors = [] as const;

  constructor(
    private readonly dataSource: DataSource,
    private readonly directory: UserDirectory,
  ) {}

  async execute(input: z.infer<typeof params>, call: CallContext): Promise<ContactsContacts> {
    const rows = await linkSides.contactsOf(this.dataSource, call.userId);
    if (input.hash === contactsHash(rows.map((r) => r.peer_id))) return { _: 'contacts.contactsNotModified' };
    return {
      _: 'contacts.contacts',
      contacts: rows.map((r) => ({ _: 'contact', user_id: r.peer_id, mutual: r.mutual })),
      users: await this.directory.render(
        this.dataSource.manager,
        call.userId,
        rows.map((r) => r.peer_id),
      ),
    };
  }
}
