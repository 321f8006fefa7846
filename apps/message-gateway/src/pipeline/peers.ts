import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { isValidAccessHash } from '@app/links';
import { AppConfig, CONFIG, chats, linkSides, users } from '@app/platform';
import type { InputPeer, InputUser } from '@app/tl';
import { badRequest } from '@app/platform';

export type ResolvedPeer = { kind: 'user'; user_id: number } | { kind: 'chat'; chat_id: number };

/**
 * Resolves input peers and users for a caller: Contact forms only for the caller's contacts,
 * Foreign forms only with the caller's own access_hash (docs/views-by-layer.md).
 */
@Injectable()
export class Peers {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(CONFIG) private readonly config: AppConfig,
  ) {}

  async user(
    caller: number,
    input: InputUser | InputPeer,
    error: 'USER_ID_INVALID' | 'PEER_ID_INVALID' = 'USER_ID_INVALID',
  ): Promise<number> {
    switch (input._) {
      case 'inputUserSelf':
      case 'inputPeerSelf':
        return caller;
      case 'inputUserContact':
      case 'inputPeerContact':
        if (!(await linkSides.isContact(this.dataSource, caller, input.user_id))) throw badRequest(error);
        return input.user_id;
      case 'inputUserForeign':
      case 'inputPeerForeign':
        if (!isValidAccessHash(this.config.accessHashSecret, caller, input.user_id, input.access_hash)) throw badRequest(error);
        if (!(await users.exists(this.dataSource, input.user_id))) throw badRequest(error);
        return input.user_id;
      case 'inputPeerChat':
      case 'inputPeerEmpty':
      case 'inputUserEmpty':
        throw badRequest(error);
    }
  }

  async peer(caller: number, input: InputPeer): Promise<ResolvedPeer> {
    if (input._ !== 'inputPeerChat') return { kind: 'user', user_id: await this.user(caller, input, 'PEER_ID_INVALID') };
    if (!(await chats.isMember(this.dataSource, input.chat_id, caller))) throw badRequest('PEER_ID_INVALID');
    return { kind: 'chat', chat_id: input.chat_id };
  }
}
