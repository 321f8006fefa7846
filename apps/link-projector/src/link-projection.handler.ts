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
  projectionWriteParts,
  runTogether,
} from '@app/platform';
import { LinkProjection, projectBatch } from '@app/projection';

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
    const start = { pairs: await linkSides.pairs(db, needs.pairs, { lock: true }), chats: await chats.members(db, needs.chats) };
    const { rows, derived, applied } = projectBatch(start, events);
    const written = [...projectionWriteParts(rows), notifyPart(CHANNELS.eventsApplied, applied)];
    for (const event of derived) emit({ topic: this.config.topics.linkChanged, key: eventKey(event), event });
    await runTogether(db, written);
  }

  /** A dead-lettered MessageSent fails its send with a named error, so the waiting call is answered. */
  async reject(rejection: Rejection): Promise<void> {
    await SendResults.failed(rejection).save(rejection.db);
  }
}
