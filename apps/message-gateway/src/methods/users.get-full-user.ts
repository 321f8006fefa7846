import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod/v4';
import type { ContactsLink, UserFull } from '@app/tl';
import { UserDirectory, linkSides, users } from '@app/platform';
import { sideOf } from '@app/links';
import { Peers } from '../pipeline/peers';
import { CallContext, RpcMethod } from '../rpc/rpc-method';
import { inputUser } from '../rpc/tl-inputs';

const params = z.object({ id: inputUser });

@Injectable()
export class GetFullUser implements RpcMethod<typeof params> {
  readonly name = 'users.getFullUser';
  readonly params = params;
  readonly requiresAuth = true;
  readonly results = ['userFull'] as const;
  readonly errors = ['USER_ID_INVALID'] as const;

  constructor(
    private readonly dataSource: DataSource,
    private readonly peers: Peers,
    private readonly directory: UserDirectory,
  ) {}

  async execute(input: z.infer<typeof params>, call: CallContext): Promise<UserFull> {
    const db = this.dataSource.manager;
    const id = await this.peers.user(call.userId, input.id);
    const [user] = await this.directory.render(db, call.userId, [id]);
    const self = id === call.userId;
    const link: ContactsLink = self
      ? { _: 'contacts.link', my_link: { _: 'contacts.myLinkEmpty' }, foreign_link: { _: 'contacts.foreignLinkUnknown' }, user }
      : await this.directory.contactLink(db, call.userId, id);
    const blocked = !self && sideOf(await linkSides.pair(db, call.userId, id), call.userId).blocked;
    const [profile] = await users.profiles(db, [id]);
    return {
      _: 'userFull',
      user,
      link,
      profile_photo: { _: 'photoEmpty', id: '0' },
      notify_settings: { _: 'peerNotifySettingsEmpty' },
      blocked,
      real_first_name: profile.first_name,
      real_last_name: profile.last_name,
    };
  }
}
