import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod/v4';
import { makeEvent, newMeta } from '@app/events';
import { UserDirectory } from '@app/platform';
import { COMMAND_LOG_ERRORS, CommandLog } from '../pipeline/command-log';
import { Peers } from '../pipeline/peers';
import { badRequest } from '@app/platform';
import { CallContext, RpcMethod } from '../rpc/rpc-method';
import { inputUser } from '../rpc/tl-inputs';

const params = z.object({ id: inputUser });

/** Removes the Contact; a reveal already made stays (docs/link-rules.md: what was seen cannot be unseen). */
@Injectable()
export class DeleteContact implements RpcMethod<typeof params> {
  readonly name = 'contacts.deleteContact';
  readonly params = params;
  readonly requiresAuth = true;
  readonly results = ['contacts.link'] as const;
  readonly errors = ['USER_ID_INVALID', ...COMMAND_LOG_ERRORS] as const;

  constructor(
    private readonly dataSource: DataSource,
    private readonly log: CommandLog,
    private readonly peers: Peers,
    private readonly directory: UserDirectory,
  ) {}

  async execute(input: z.infer<typeof params>, call: CallContext) {
    const peer = await this.peers.user(call.userId, input.id);
    if (peer === call.userId) throw badRequest('USER_ID_INVALID');
    await this.log.publishAndAwaitApplied(
      [makeEvent('ContactDeleted', { owner_id: call.userId, contact_id: peer }, newMeta(call.cause))],
      call.deadline,
    );
    return this.directory.contactLink(this.dataSource.manager, call.userId, peer);
  }
}
