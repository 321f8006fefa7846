import { Controller, UseFilters } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { CONSUMERS, TopicKey } from '@app/events';
import { ConsumedBatch, ConsumerExtras, EventLogExceptionFilter, Rejection, rejectedFrom } from '@app/platform';
import { LinkProjectionHandler } from './link-projection.handler';

/** The projector's consumer: the domain events, a batch per partition, through the event-log transport. */
@Controller()
@UseFilters(EventLogExceptionFilter)
export class LinkProjectionController {
  constructor(private readonly projection: LinkProjectionHandler) {}

  @EventPattern<TopicKey>('events', { consumer: CONSUMERS.projector } satisfies ConsumerExtras)
  project(@Payload() batch: ConsumedBatch): Promise<void> {
    return this.projection.apply(batch);
  }

  @EventPattern<Record<string, Rejection>>(rejectedFrom('events'))
  rejected(@Payload() rejection: Rejection): Promise<void> {
    return this.projection.reject(rejection);
  }
}
