import { ArgumentsHost, Catch, RpcExceptionFilter } from '@nestjs/common';
import { BaseRpcContext, CustomTransportStrategy, MessageHandler, Server } from '@nestjs/microservices';
import { Observable, lastValueFrom, throwError } from 'rxjs';
import { DataSource } from 'typeorm';
import { TopicKey } from '@app/events';
import { AppConfig } from '../../config';
import { componentLogger } from '../../logging/component-logger';
import { EventLog } from '../event-log';
import { BatchConsumer } from './batch-consumer';
import { ConsumedBatch, Rejection } from './consumed-batch';

/** The suffix of the pattern whose handler hears what a consumer dead-lettered (`@EventPattern(rejectedFrom('events'))`). */
const REJECTED = '.rejected';
export const rejectedFrom = (topic: TopicKey) => `${topic}${REJECTED}`;

/** The extras of a consuming `@EventPattern`: the consumer's name (its ledger, and the group `<prefix>.<name>`). */
export interface ConsumerExtras {
  readonly consumer: string;
}

/** `@Ctx()` of a consuming handler: which topic and partitions the batch came from. */
export class EventLogContext extends BaseRpcContext<[topic: string, partitions: readonly number[]]> {
  get topic(): string {
    return this.args[0];
  }

  get partitions(): readonly number[] {
    return this.args[1];
  }
}

/**
 * Lets a handler's failure reach the transport as it was thrown: the transport decides what it
 * means (transient, data, bug), where Nest's default filter would turn it into a generic error.
 */
@Catch()
export class EventLogExceptionFilter implements RpcExceptionFilter {
  catch(exception: unknown, _host: ArgumentsHost): Observable<never> {
    return throwError(() => exception);
  }
}

/**
 * A NestJS microservice transport over the event-log port (Kafka through either client, or the
 * table log): each `@EventPattern<TopicKey>(topic, { consumer })` handler gets the topic's records
 * in batches (those of the partitions read at once gathered, up to a bound), inside the batch's one database transaction, with exactly-once effect
 * and the failure handling of BatchConsumer. Interceptors and filters run around the handler as
 * for any Nest transport; `close()` (Nest's shutdown) finishes the batches in hand, commits and
 * leaves the groups.
 */
export class EventLogTransport extends Server implements CustomTransportStrategy {
  private readonly consumers: BatchConsumer[] = [];
  private readonly transportLogger = componentLogger('event-log-transport');

  constructor(
    private readonly log: EventLog,
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {
    super();
  }

  async listen(callback: (error?: unknown) => void): Promise<void> {
    try {
      for (const [pattern, handler] of this.messageHandlers) {
        if (pattern.endsWith(REJECTED)) continue;
        const topic = this.config.topics[pattern as TopicKey];
        const name = (handler.extras as Partial<ConsumerExtras> | undefined)?.consumer;
        if (!topic || !name)
          throw new Error(
            `@EventPattern('${pattern}') must name a topic key (${Object.keys(this.config.topics).join(', ')}) and { consumer }`,
          );
        const reject = this.getHandlerByPattern(`${pattern}${REJECTED}`);
        const consumer = new BatchConsumer(name, topic, this.log, this.dataSource, this.config, {
          apply: (batch) => this.invoke(handler, batch, batch),
          reject: reject ? (rejection) => this.invoke(reject, rejection) : undefined,
        });
        await consumer.start();
        this.consumers.push(consumer);
      }
      callback();
    } catch (error) {
      callback(error);
    }
  }

  async close(): Promise<void> {
    const stopping = this.consumers.splice(0);
    if (stopping.length === 0) return;
    await Promise.all(stopping.map((consumer) => consumer.stop()));
    this.transportLogger.info({
      msg: 'consumers stopped: batches in hand finished and committed, groups left',
      consumers: stopping.map((c) => c.name),
    });
  }

  on(): void {
    throw new Error('EventLogTransport has no events to listen to');
  }

  unwrap<T>(): T {
    return this.log as T;
  }

  private async invoke(handler: MessageHandler, data: ConsumedBatch | Rejection, batch?: ConsumedBatch): Promise<void> {
    const context = new EventLogContext([batch?.topic ?? '', batch?.partitions ?? []]);
    await lastValueFrom(this.transformToObservable(await handler(data, context)), { defaultValue: undefined });
  }
}
