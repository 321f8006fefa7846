import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainEvent, PayloadOf, decodeEvent, makeEvent, newMeta } from '@app/events';
import { AppConfig, CONFIG, metrics } from '@app/platform';
import { CallContext, TlObject } from '../rpc/rpc-method';
import { badRequest, resultTimeout } from '../rpc/rpc-error';
import { CommandLog } from './command-log';
import { Notifications } from './notifications';

type SendRow = { events: unknown[]; request_hash: string; result: TlObject | null };

export type SendRequest = Omit<PayloadOf<'MessageSent'>, 'sender_id' | 'layer' | 'date'>;

/**
 * A send: record (sender, random_id) once, put MessageSent durably in the log, then wait for the
 * assembled result. A repeat of the same random_id returns the first result and creates nothing;
 * if the first attempt died before its event reached the log, the repeat publishes the same
 * event (same id), which the consumers' ledgers apply at most once.
 */
@Injectable()
export class SendPipeline {
  constructor(
    private readonly dataSource: DataSource,
    private readonly log: CommandLog,
    private readonly notifications: Notifications,
    @Inject(CONFIG) private readonly config: AppConfig,
  ) {}

  /** `preceding` are events the send needs first in the log (e.g. ChatCreated for createChat). */
  async send(call: CallContext, request: SendRequest, preceding: DomainEvent[] = []): Promise<TlObject> {
    const requestHash = createHash('sha256').update(JSON.stringify([request.method, request.peer, request.items])).digest('hex');
    const payload = { ...request, sender_id: call.userId, layer: call.layer, date: Math.floor(Date.now() / 1000) };
    const fresh = makeEvent('MessageSent', payload, newMeta(call.cause));
    await this.dataSource.query(
      `INSERT INTO sends (sender_id, random_id, event_id, request_hash, events) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT DO NOTHING`,
      [call.userId, request.random_id, fresh.event_id, requestHash, JSON.stringify([...preceding, fresh])],
    );
    const row = await this.row(call.userId, request.random_id);
    if (row.request_hash !== requestHash) throw badRequest('RANDOM_ID_DUPLICATE');
    if (row.result) return row.result;
    await this.log.publish(row.events.map((stored) => {
      const decoded = decodeEvent(JSON.stringify(stored));
      if (!decoded.ok) throw new Error(`stored send event unreadable: ${decoded.reason}`);
      return decoded.event;
    }));
    const stopTimer = metrics.sendPipeline.startTimer();
    const deadline = Date.now() + this.config.sendTimeoutMs;
    const result = await this.notifications.waitFor('send_results', `${call.userId}:${request.random_id}`, deadline, async () => {
      return (await this.row(call.userId, request.random_id)).result ?? undefined;
    });
    if (!result) throw resultTimeout();
    stopTimer();
    return result;
  }

  private async row(sender: number, randomId: string): Promise<SendRow> {
    const [row]: SendRow[] = await this.dataSource.query(`SELECT events, request_hash, result FROM sends WHERE sender_id = $1 AND random_id = $2`, [sender, randomId]);
    return row;
  }
}
