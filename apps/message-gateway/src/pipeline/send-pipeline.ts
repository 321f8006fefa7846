import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CHANNELS, DomainEvent, EventTooLarge, PayloadOf, decodeEvent, makeEvent, newMeta, sendResultKey } from '@app/events';
import { GroupCommit, NewSend, StoredSend, metrics, sends } from '@app/platform';
import { SendResultTl } from '@app/projection';
import type { RpcError as RpcErrorTl } from '@app/tl';
import { CallContext } from '../rpc/rpc-method';
import { DeclaredRpcError, RpcError, RpcErrorName, badRequest, resultTimeout } from '@app/platform';
import { CommandLog } from './command-log';
import { Notifications } from './notifications';

/** What a send answers with besides its peer's errors: a reused random_id, an event too large or dead-lettered, the log down. */
export const SEND_ERRORS = [
  'RANDOM_ID_DUPLICATE',
  'MESSAGE_TOO_LONG',
  'MESSAGE_INVALID',
  'EVENT_LOG_UNAVAILABLE',
] as const satisfies readonly DeclaredRpcError[];

/** What a send's row holds once answered: the assembled result, or the error its dead letter stored. */
type StoredResult = SendResultTl | RpcErrorTl;
/** `events` only for a repeat: they are the first attempt's, to be published again. */
type SendRecord = { request_hash: string; result: StoredResult | null; events?: DomainEvent[] };

function decodeStored(stored: unknown): DomainEvent {
  const decoded = decodeEvent(JSON.stringify(stored));
  if (!decoded.ok) throw new Error(`stored send event unreadable: ${decoded.reason}`);
  return decoded.event;
}

export type SendRequest = Omit<PayloadOf<'MessageSent'>, 'sender_id' | 'layer' | 'date'>;

/** A stored result; a dead-lettered send's is the named error its consumer recorded, for the first call and every retry. */
function answer(result: StoredResult): SendResultTl {
  if (result._ !== 'rpc_error') return result;
  throw new RpcError(result.error_code, result.error_message as RpcErrorName);
}

/** The send's event; one too large for the log (e.g. a hundred long messages forwarded at once) is the caller's MESSAGE_TOO_LONG. */
function messageSent(payload: PayloadOf<'MessageSent'>, call: CallContext): DomainEvent {
  try {
    return makeEvent('MessageSent', payload, newMeta(call.cause));
  } catch (error) {
    if (error instanceof EventTooLarge) throw badRequest('MESSAGE_TOO_LONG');
    throw error;
  }
}

/**
 * A send: record (sender, random_id) once, put MessageSent durably in the log, then wait for the
 * assembled result. A repeat of the same random_id returns the first result and creates nothing;
 * if the first attempt died before its event reached the log, the repeat publishes the same
 * event (same id), which the consumers' ledgers apply at most once.
 */
@Injectable()
export class SendPipeline {
  /** Concurrent sends are recorded together, in one statement per flush (group commit). */
  private readonly recorder = new GroupCommit<NewSend, StoredSend<StoredResult> | undefined>((batch) => this.recordTogether(batch));

  constructor(
    private readonly dataSource: DataSource,
    private readonly log: CommandLog,
    private readonly notifications: Notifications,
  ) {}

  /** `preceding` are events the send needs first in the log (e.g. ChatCreated for createChat). */
  async send(call: CallContext, request: SendRequest, preceding: DomainEvent[] = []): Promise<StoredResult> {
    const requestHash = createHash('sha256')
      .update(JSON.stringify([request.method, request.peer, request.items]))
      .digest('hex');
    const payload = { ...request, sender_id: call.userId, layer: call.layer, date: Math.floor(Date.now() / 1000) };
    const fresh = messageSent(payload, call);
    const events = [...preceding, fresh];
    const row = await this.record(call.userId, request.random_id, fresh.event_id, requestHash, events);
    if (row.request_hash !== requestHash) throw badRequest('RANDOM_ID_DUPLICATE');
    if (row.result) return answer(row.result);
    const expectation = this.notifications.expect(CHANNELS.sendResults, sendResultKey(call.userId, request.random_id));
    try {
      await this.log.publish(row.events ?? events);
      const stopTimer = metrics.sendPipeline.startTimer();
      // A first send's result cannot exist before its event was published: wait for the notification.
      const result = await expectation.until(
        call.deadline,
        () => sends.result<StoredResult>(this.dataSource, call.userId, request.random_id),
        row.events !== undefined,
        (detail) => JSON.parse(detail) as StoredResult,
      );
      if (!result) throw resultTimeout();
      stopTimer();
      return answer(result);
    } finally {
      expectation.cancel();
    }
  }

  /**
   * Records the send once per (sender, random_id) and returns what is recorded: for the first
   * attempt just its hash (its events are the caller's), for a repeat the stored events and result.
   */
  private async record(sender: number, randomId: string, eventId: string, requestHash: string, events: DomainEvent[]): Promise<SendRecord> {
    // No row from record: a concurrent first attempt committed after that statement's snapshot was taken.
    const stored =
      (await this.recorder.submit({ sender, randomId, eventId, requestHash, events })) ??
      (await sends.stored<StoredResult>(this.dataSource, sender, randomId))!;
    if (stored.events === null) return { request_hash: stored.request_hash, result: null };
    return { request_hash: stored.request_hash, result: stored.result, events: stored.events.map(decodeStored) };
  }

  /** One statement for a flush; a (sender, random_id) twice in it is recorded once, the repeat reads the row afterwards. */
  private async recordTogether(batch: readonly NewSend[]): Promise<(StoredSend<StoredResult> | undefined)[]> {
    const first = new Map<string, number>();
    for (const [i, send] of batch.entries()) {
      const key = sendResultKey(send.sender, send.randomId);
      if (!first.has(key)) first.set(key, i);
    }
    const unique = [...first.values()];
    const answers = await sends.recordMany<StoredResult>(
      this.dataSource,
      unique.map((i) => batch[i]),
    );
    const byIndex = new Map(unique.map((i, n) => [i, answers[n]]));
    return batch.map((_, i) => byIndex.get(i));
  }

  /** Sends older than SEND_RETENTION_MS: a retry of one after that is a new send. */
  prune(retentionMs: number): Promise<number> {
    return sends.prune(this.dataSource, retentionMs);
  }
}
