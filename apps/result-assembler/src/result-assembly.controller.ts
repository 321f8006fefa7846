import { Controller, UseFilters } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { CONSUMERS, TopicKey } from '@app/events';
import { ConsumedBatch, ConsumerExtras, EventLogExceptionFilter, Rejection, rejectedFrom } from '@app/platform';
import { ResultAssemblyHandler } from './result-assembly.handler';

/** The assembler's consumer: the LinkChanged outcomes, a batch per partition, through the event-log transport. */
@Controller()
@UseFilters(EventLogExceptionFilter)
export class ResultAssemblyController {
  constructor(private readonly assembly: ResultAssemblyHandler) {}

  @EventPattern<TopicKey>('linkChanged', { consumer: CONSUMERS.assembler } satisfies ConsumerExtras)
  assemble(@Payload() batch: ConsumedBatch): Promise<void> {
    return this.assembly.apply(batch);
  }

  @EventPattern<Record<string, Rejection>>(rejectedFrom('linkChanged'))
  rejected(@Payload() rejection: Rejection): Promise<void> {
    return this.assembly.reject(rejection);
  }
}
