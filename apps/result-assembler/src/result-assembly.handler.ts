import { Injectable } from '@nestjs/common';
import {
  AppConfig,
  ConsumedBatch,
  InjectConfig,
  Rejection,
  SendResults,
  UserDirectory,
  chats,
  mailboxes,
  runTogether,
  sends,
} from '@app/platform';
import { assemble, assemblyNeeds } from '@app/projection';

/**
 * The assembler around its pure core (assemble): reads the users and the chats a batch needs, then
 * locks and reads its mailboxes, once each; folds every LinkChanged in memory; writes each table
 * once. The reads come before the lock because concurrent transactions lock mostly the same
 * mailboxes: a read under the lock would make the next transaction wait for it too. Users are
 * rendered from that one read: the assembler never writes users or link_sides, and the kinds a
 * LinkChanged decided are pinned in its payload.
 */
@Injectable()
export class ResultAssemblyHandler {
  constructor(
    private readonly directory: UserDirectory,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  async apply({ events, db }: ConsumedBatch): Promise<void> {
    const changes = events.flatMap((e) => (e.type === 'LinkChanged' || e.type === 'ContactLinkChanged' ? [e.payload] : []));
    const needs = assemblyNeeds(changes);
    const users = await this.directory.snapshot(db, needs.sightings);
    const chatList = await chats.render(db, needs.chats);
    const counters = await mailboxes.lock(db, needs.owners);
    const assembled = assemble({ counters, users, chats: new Map(chatList.map((chat) => [chat.id, chat])) }, changes);
    await runTogether(db, [
      mailboxes.writePart(assembled.mailboxes, this.config.retention.feedEntries),
      sends.saveResultsPart(assembled.results),
    ]);
  }

  /** A dead-lettered LinkChanged fails its send with a named error, so the waiting call is answered. */
  async reject(rejection: Rejection): Promise<void> {
    await SendResults.failed(rejection).save(rejection.db);
  }
}
