import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { UserDirectory } from '@app/platform';
import { CallContext, RpcMethod } from '../rpc/rpc-method';
import { text } from '../rpc/tl-inputs';

const params = z.object({ hash: text({ invalid: 'HASH_INVALID' }, { max: 64 }).optional() });

@Injectable()
export class GetContacts implements RpcMethod<typeof params> {
  readonly name = 'contacts.getContacts';
  readonly params = params;
  readonly requiresAuth = true;

  constructor(
    private readonly dataSource: DataSource,
    private readonly directory: UserDirectory,
  ) {}

  async execute(_input: z.infer<typeof params>, call: CallContext) {
    const rows: { peer_id: number; mutual: boolean }[] = await this.dataSource.query(
      `SELECT mine.peer_id, COALESCE(theirs.has_contact, false) AS mutual
       FROM link_sides mine LEFT JOIN link_sides theirs ON theirs.owner_id = mine.peer_id AND theirs.peer_id = mine.owner_id
       WHERE mine.owner_id = $1 AND mine.has_contact ORDER BY mine.peer_id`,
      [call.userId],
    );
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
