import { serverRandomId } from '../pipeline/server-random-id';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod/v4';
import { makeEvent, newMeta } from '@app/events';
import { chats } from '@app/platform';
import { Peers } from '../pipeline/peers';
import { SEND_ERRORS, SendPipeline } from '../pipeline/send-pipeline';
import { CallContext, RpcMethod } from '../rpc/rpc-method';
import { chatTitle, inputUsers } from '../rpc/tl-inputs';

const params = z.object({ users: inputUsers(199, 1), title: chatTitle });

/** Creates a group chat; its service message reaches every member. Chats change no link. */
@Injectable()
export class CreateChat implements RpcMethod<typeof params> {
  readonly name = 'messages.createChat';
  readonly params = params;
  readonly requiresAuth = true;
  readonly results = ['messages.statedMessage'] as const;
  readonly errors = ['USER_ID_INVALID', ...SEND_ERRORS] as const;

  constructor(
    private readonly dataSource: DataSource,
    private readonly peers: Peers,
    private readonly pipeline: SendPipeline,
  ) {}

  async execute(input: z.infer<typeof params>, call: CallContext) {
    const invited = await Promise.all(input.users.map((u) => this.peers.user(call.userId, u)));
    const member_ids = [...new Set([call.userId, ...invited])];
    const chat_id = await chats.nextId(this.dataSource);
    const created = makeEvent('ChatCreated', { chat_id, creator_id: call.userId, title: input.title, member_ids }, newMeta(call.cause));
    const content = { kind: 'chat_created' as const, title: input.title, member_ids };
    const random_id = serverRandomId();
    return this.pipeline.send(call, { method: this.name, random_id, peer: { kind: 'chat', chat_id }, items: [{ content }] }, [created]);
  }
}
