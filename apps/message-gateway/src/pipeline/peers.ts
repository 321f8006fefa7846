import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { isValidAccessHash } from '@app/links';
import { AppConfig, CONFIG } from '@app/platform';
import { badRequest } from '../rpc/rpc-error';
import { InputPeer, InputUser } from '../rpc/tl-inputs';

export type ResolvedPeer = { kind: 'user'; user_id: number } | { kind: 'chat'; chat_id: number };

/**
 * Resolves input peers and users for a caller: Contact forms only for the caller's contacts,
 * Foreign forms only with the caller's own access_hash (SPEC §3).
 */
@Injectable()
export class Peers {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(CONFIG) private readonly config: AppConfig,
  ) {}

  async user(caller: number, input: InputUser | InputPeer, error = 'USER_ID_INVALID'): Promise<number> {
    switch (input._) {
      case 'inputUserSelf':
      case 'inputPeerSelf':
        return caller;
      case 'inputUserContact':
      case 'inputPeerContact': {
        const rows = await this.dataSource.query(`SELECT 1 FROM link_sides WHERE owner_id = $1 AND peer_id = $2 AND has_contact`, [
          caller,
          input.user_id,
        ]);
        if (rows.length === 0) throw badRequest(error);
        return input.user_id;
      }
      case 'inputUserForeign':
      case 'inputPeerForeign': {
        if (!isValidAccessHash(this.config.accessHashSecret, caller, input.user_id, input.access_hash)) throw badRequest(error);
        const rows = await this.dataSource.query(`SELECT 1 FROM users WHERE id = $1 AND NOT deleted`, [input.user_id]);
        if (rows.length === 0) throw badRequest(error);
        return input.user_id;
      }
      case 'inputPeerChat':
        throw badRequest(error);
    }
  }

  async peer(caller: number, input: InputPeer): Promise<ResolvedPeer> {
    if (input._ !== 'inputPeerChat') return { kind: 'user', user_id: await this.user(caller, input, 'PEER_ID_INVALID') };
    const rows = await this.dataSource.query(`SELECT 1 FROM chats WHERE id = $1 AND $2 = ANY(member_ids)`, [input.chat_id, caller]);
    if (rows.length === 0) throw badRequest('PEER_ID_INVALID');
    return { kind: 'chat', chat_id: input.chat_id };
  }
}
