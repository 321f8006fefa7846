import { Injectable } from '@nestjs/common';
import { CHANNELS, eventKey } from '@app/events';
import {
  AppConfig,
  ConsumedBatch,
  InjectConfig,
  Rejection,
  SendResults,
  chats,
  linkSides,
  notifyPart,
  pendingContacts,
  projectionWriteParts,
  runTogether,
  users,
} from '@app/platform';
import { DerivedEvent, LinkProjection, projectBatch } from '@app/projection';

/**
 * The projector around its pure core (projectBatch): reads, and locks, the stored state of the
 * pairs and chats the batch touches, folds the batch, writes each table once, publishes each
 * message's LinkChanged (and each contact change's ContactLinkChanged) and tells the gateways which commands were applied; its writes go in one statement.
 */
@Injectable()
export class LinkProjectionHandler {
  constructor(@InjectConfig() private readonly config: AppConfig) {}

  async apply({ events, db, emit }: ConsumedBatch): Promise<void> {
    const needs = LinkProjection.needs(events);
    const start = {
      pairs: await linkSides.pairs(db, needs.pairs, { lock: true }),
      chats: await chats.members(db, needs.chats),
      pending: {
        pending: await pendingContacts.byPhones(db, needs.phones, { lock: true }),
        accounts: await users.byPhones(db, needs.phones),
      },
    };
    const { rows, derived, applied } = projectBatch(start, events);
    const written = [...projectionWriteParts(rows), notifyPart(CHANNELS.eventsApplied, applied)];
    for (const event of derived) emit({ topic: this.topicOf(event), key: eventKey(event), event });
    await runTogether(db, written);
  }

  /** Outcomes go to the assembler; a converted pending contact's ContactImported back into the log, in its pair's partition. */
  private topicOf(event: DerivedEvent): string {
    return event.type === 'ContactImported' ? this.config.topics.events : this.config.topics.linkChanged;
  }

  /** A dead-lettered MessageSent fails its send with a named error, so the waiting call is answered. */
  async reject(rejection: Rejection): Promise<void> {
    await SendResults.failed(rejection).save(rejection.db);
  }
}
