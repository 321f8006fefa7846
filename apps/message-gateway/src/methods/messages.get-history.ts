import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod/v4';
import { UserDirectory, chats, mailboxes } from '@app/platform';
import type { Message, MessagesMessages } from '@app/tl';
import { Peers } from '../pipeline/peers';
import { CallContext, RpcMethod } from '../rpc/rpc-method';
import { pageParams } from '../rpc/page-params';
import { inputPeer } from '../rpc/tl-inputs';

/** `count` of messagesSlice saturates here: counting a conversation never reads more rows than this. */
export const HISTORY_COUNT_LIMIT = 100_000;

const params = z.object({
  peer: inputPeer,
  offset: pageParams.offset,
  // Pages deeper than the offset allows are read by max_id (each page's lowest id), which costs the same at any depth.
  max_id: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1)
    .default(0),
  limit: pageParams.limit,
});

/** The users a stored message names: its author, a forward's origin, a contact card's user. */
function mentionedBy(message: Message): number[] {
  const ids = [message.from_id];
  if (message._ === 'messageForwarded') ids.push(message.fwd_from_id);
  if (message._ !== 'messageService' && message.media._ === 'messageMediaContact') ids.push(message.media.user_id);
  return ids.filter((id) => id > 0);
}

@Injectable()
export class GetHistory implements RpcMethod<typeof params> {
  readonly name = 'messages.getHistory';
  readonly params = params;
  readonly requiresAuth = true;
  readonly results = ['messages.messages', 'messages.messagesSlice'] as const;
  readonly errors = ['PEER_ID_INVALID'] as const;

  constructor(
    private readonly dataSource: DataSource,
    private readonly peers: Peers,
    private readonly directory: UserDirectory,
  ) {}

  async execute(input: z.infer<typeof params>, call: CallContext): Promise<MessagesMessages> {
    const db = this.dataSource.manager;
    const peer = await this.peers.peer(call.userId, input.peer);
    const boxPeer = peer.kind === 'chat' ? ({ kind: 'chat', id: peer.chat_id } as const) : ({ kind: 'user', id: peer.user_id } as const);
    const page = { maxId: input.max_id, offset: input.offset, limit: input.limit, countLimit: HISTORY_COUNT_LIMIT };
    const { messages, count } = await mailboxes.history(db, call.userId, boxPeer, page);
    const mentioned = messages.flatMap(mentionedBy);
    if (peer.kind === 'user') mentioned.push(peer.user_id);
    const chatList = peer.kind === 'chat' ? await chats.render(db, [peer.chat_id]) : [];
    const result = { messages, chats: chatList, users: await this.directory.render(db, call.userId, mentioned) };
    return count > messages.length + input.offset
      ? { _: 'messages.messagesSlice', count, ...result }
      : { _: 'messages.messages', ...result };
  }
}
