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

/** A send ready to record: its request, the hash a repeat must match, its events (MessageSent last). */
interface PreparedSend {
  readonly request: SendRequest;
  readonly hash: string;
  readonly events: DomainEvent[];
}

function prepare(call: CallContext, request: SendRequest, preceding: DomainEvent[] = []): PreparedSend {
  const hash = createHash('sha256')
    .update(JSON.stringify([request.method, request.peer, request.items]))
    .digest('hex');
  const payload = { ...request, sender_id: call.userId, layer: call.layer, date: Math.floor(Date.now() / 1000) };
  return { request, hash, events: [...preceding, messageSent(payload, call)] };
}

function newSend(call: CallContext, { request, hash, events }: PreparedSend): NewSend {
  const eventId = events[events.length - 1].event_id;
  return { sender: call.userId, randomId: request.random_id, eventId, requestHash: hash, events };
}

/** What is recorded: for a first attempt just its hash (its events are the caller's), for a repeat the stored events and result. */
function asRecord(stored: StoredSend<StoredResult>): SendRecord {
  if (stored.events === null) return { request_hash: stored.request_hash, result: null };
  return { request_hash: stored.request_hash, result: stored.result, events: stored.events.map(decodeStored) };
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
  async send(call: CallContext, request: SendRequest, preceding: DomainEvent[] = []): Promise<SendResultTl> {
    const prepared = prepare(call, request, preceding);
    const stored =
      (await this.recorder.submit(newSend(call, prepared))) ??
      // No row from record: a concurrent first attempt committed after that statement's snapshot was taken.
      (await sends.stored<StoredResult>(this.dataSource, call.userId, request.random_id))!;
    const row = asRecord(stored);
    if (row.request_hash !== prepared.hash) throw badRequest('RANDOM_ID_DUPLICATE');
    return this.complete(call, prepared, row);
  }

  /**
   * Sends of one call to several recipients (sendBroadcast), recorded all or none: in one
   * transaction, so a random_id taken by another request refuses the call before any of them is
   * written or published. Then each completes like `send`; the results come in request order.
   */
  async sendAll(call: CallContext, requests: readonly SendRequest[]): Promise<SendResultTl[]> {
    const prepared = requests.map((request) => prepare(call, request));
    const rows = await this.dataSource.transaction(async (tx) => {
      const stored = await sends.recordMany<StoredResult>(
        tx,
        prepared.map((p) => newSend(call, p)),
      );
      const recorded: SendRecord[] = [];
      for (const [i, p] of prepared.entries()) {
        recorded.push(asRecord(stored[i] ?? (await sends.stored<StoredResult>(tx, call.userId, p.request.random_id))!));
      }
      if (recorded.some((row, i) => row.request_hash !== prepared[i].hash)) throw badRequest('RANDOM_ID_DUPLICATE');
      return recorded;
    });
    return Promise.all(prepared.map((p, i) => this.complete(call, p, rows[i])));
  }

  /** A recorded send's answer: the stored result, or publish its events and wait for the assembled one. */
  private async complete(call: CallContext, { request, events }: PreparedSend, row: SendRecord): Promise<SendResultTl> {
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
