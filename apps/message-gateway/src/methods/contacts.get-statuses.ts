import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod/v4';
import { statusExpires } from '@app/links';
import type { ContactStatus } from '@app/tl';
import { UserDirectory, linkSides } from '@app/platform';
import { CallContext, RpcMethod } from '../rpc/rpc-method';

const params = z.object({});

/** The presence of the caller's contacts that it may see (visibleStatus), ascending by id; contacts never seen are left out. */
@Injectable()
export class GetStatuses implements RpcMethod<typeof params> {
  readonly name = 'contacts.getStatuses';
  readonly params = params;
  readonly requiresAuth = true;
  readonly results = ['contactStatus'] as const;
  readonly errors = [] as const;

  constructor(
    private readonly dataSource: DataSource,
    private readonly directory: UserDirectory,
  ) {}

  async execute(_input: z.infer<typeof params>, call: CallContext): Promise<ContactStatus[]> {
    const contacts = (await linkSides.contactsOf(this.dataSource, call.userId)).map((r) => r.peer_id);
    const snapshot = await this.directory.snapshot(
      this.dataSource,
      contacts.map((id) => [call.userId, id] as const),
    );
    return contacts.flatMap((user_id) => {
      const expires = statusExpires(snapshot.status(call.userId, user_id));
      return expires === undefined ? [] : [{ _: 'contactStatus' as const, user_id, expires }];
    });
  }
}
