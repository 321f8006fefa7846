import { z } from 'zod/v4';
import { EventType, makeEvent, newMeta } from '@app/events';
import { COMMAND_LOG_ERRORS, CommandLog } from '../pipeline/command-log';
import { Peers } from '../pipeline/peers';
import { badRequest } from '@app/platform';
import { CallContext, RpcMethod } from '../rpc/rpc-method';
import { inputUser, inputUsers } from '../rpc/tl-inputs';

export const manyUsersParams = z.object({ id: inputUsers(1000) });
export const oneUserParams = z.object({ id: inputUser });

type UserFactEvent = Extract<EventType, 'ContactDeleted' | 'UserBlocked' | 'UserUnblocked'>;

/** Methods that record one fact of the caller about other users and answer `Bool`. */
export abstract class UserFactMethod implements RpcMethod {
  abstract readonly name: string;
  readonly requiresAuth = true;
  readonly results = ['boolTrue'] as const;
  readonly errors = ['USER_ID_INVALID', ...COMMAND_LOG_ERRORS] as const;

  constructor(
    private readonly log: CommandLog,
    private readonly peers: Peers,
    private readonly event: UserFactEvent,
    readonly params: typeof manyUsersParams | typeof oneUserParams,
  ) {}

  async execute(input: { id: z.infer<typeof inputUser> | z.infer<typeof inputUser>[] }, call: CallContext): Promise<boolean> {
    const inputs = Array.isArray(input.id) ? input.id : [input.id];
    const peers = [...new Set(await Promise.all(inputs.map((i) => this.peers.user(call.userId, i))))];
    if (peers.includes(call.userId)) throw badRequest('USER_ID_INVALID');
    const meta = call.cause;
    await this.log.publishAndAwaitApplied(
      peers.map((peer) =>
        this.event === 'ContactDeleted'
          ? makeEvent(this.event, { owner_id: call.userId, contact_id: peer }, newMeta(meta))
          : makeEvent(this.event, { owner_id: call.userId, target_id: peer }, newMeta(meta)),
      ),
      call.deadline,
    );
    return true;
  }
}
