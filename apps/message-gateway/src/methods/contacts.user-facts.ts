import { Injectable } from '@nestjs/common';
import { CommandLog } from '../pipeline/command-log';
import { Peers } from '../pipeline/peers';
import { UserFactMethod, manyUsersParams, oneUserParams } from './user-fact-method';

@Injectable()
export class DeleteContacts extends UserFactMethod {
  readonly name = 'contacts.deleteContacts';
  constructor(log: CommandLog, peers: Peers) {
    super(log, peers, 'ContactDeleted', manyUsersParams);
  }
}

/** Blocking changes no link (docs/link-rules.md); it stops delivery of the blocked user's messages. */
@Injectable()
export class Block extends UserFactMethod {
  readonly name = 'contacts.block';
  constructor(log: CommandLog, peers: Peers) {
    super(log, peers, 'UserBlocked', oneUserParams);
  }
}

@Injectable()
export class Unblock extends UserFactMethod {
  readonly name = 'contacts.unblock';
  constructor(log: CommandLog, peers: Peers) {
    super(log, peers, 'UserUnblocked', oneUserParams);
  }
}
