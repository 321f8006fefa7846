import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { UserDirectory, loadChats } from '@app/platform';
import { Peers } from '../pipeline/peers';
import { CallContext, RpcMethod } from '../rpc/rpc-method';
import { named } from '../rpc/field-errors';
import { inputPeer } from '../rpc/tl-inputs';

/** Deeper pages are read by max_id (each page's lowest id), which costs the same at any depth. */
const MAX_OFFSET = 10_000;
/** `count` of messagesSlice saturates here: counting a conversation never reads more rows than this. */
export const HISTORY_COUNT_LIMIT = 100_000;

const params = z.object({
  peer: inputPeer,
  offset: named(z.number().int().min(0).max(MAX_OFFSET), { invalid: 'OFFSET_INVALID' }).default(0),
  max_id: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1)
    .default(0),
  limit: z.number().int().min(0).max(100).default(100),
});

type Body = { from_id: number; fwd_from_id?: number; media?: { user_id?: number } };

@Injectable()
export class GetHistory implements RpcMethod<typeof params> {
  readonly name = 'messages.getHistory';
  readonly params = params;
  readonly requiresAuth = true;

  constructor(
    private readonly dataSource: DataSource,
    private readonly peers: Peers,
    private readonly directory: UserDirectory,
  ) {}

  async execute(input: z.infer<typeof params>, call: CallContext) {
    const peer = await this.peers.peer(call.userId, input.peer);
    const [kind, id] = peer.kind === 'chat' ? ['chat', peer.chat_id] : ['user', peer.user_id];
    const where = `user_id = $1 AND peer_kind = $2 AND peer_id = $3 AND ($4 = 0 OR id < $4)`;
    const rows: { body: Body }[] = await this.dataSource.query(
      `SELECT body FROM messages WHERE ${where} ORDER BY id DESC OFFSET $5 LIMIT $6`,
      [call.userId, kind, id, input.max_id, input.offset, input.limit],
    );
    const [{ count }]: { count: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS count FROM (SELECT 1 FROM messages WHERE ${where} LIMIT $5) bounded`,
      [call.userId, kind, id, input.max_id, HISTORY_COUNT_LIMIT],
    );
    const mentioned = rows.flatMap(({ body }) => [body.from_id, body.fwd_from_id ?? 0, body.media?.user_id ?? 0]).filter((u) => u > 0);
    if (peer.kind === 'user') mentioned.push(peer.user_id);
    const db = this.dataSource.manager;
    const chats = peer.kind === 'chat' ? await loadChats(db, [peer.chat_id]) : [];
    const result = { messages: rows.map((r) => r.body), chats, users: await this.directory.render(db, call.userId, mentioned) };
    return count > rows.length + input.offset ? { _: 'messages.messagesSlice', count, ...result } : { _: 'messages.messages', ...result };
  }
}
