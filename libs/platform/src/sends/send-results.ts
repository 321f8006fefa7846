import { EntityManager } from 'typeorm';
import { Rejection } from '../event-log/consumer/consumed-batch';
import { SendResult, sends } from '../stores/sends';

/** The send a dead-lettered MessageSent or LinkChanged belongs to, as far as its payload can be read. */
function sendOf(rejection: Rejection): { sender: number; randomId: string } | undefined {
  const payload = rejection.payload as
    { sender_id?: unknown; random_id?: unknown; message?: { sender_id?: unknown; random_id?: unknown } } | undefined;
  const message = rejection.type === 'LinkChanged' ? payload?.message : rejection.type === 'MessageSent' ? payload : undefined;
  if (!Number.isInteger(message?.sender_id) || typeof message?.random_id !== 'string') return undefined;
  return { sender: message.sender_id as number, randomId: message.random_id };
}

/**
 * The senders' results a batch assembled, stored and announced with one statement; and the answer
 * for a send whose event was dead-lettered (a named error, stored like a result, so the waiting
 * call and every retry of it get it instead of timing out).
 */
export class SendResults {
  /** By send; a later result for the same send replaces the earlier, as a second UPDATE would. */
  private readonly results = new Map<string, SendResult>();

  set(sender: number, randomId: string, result: Record<string, unknown>): void {
    this.results.set(`${sender}:${randomId}`, { sender, randomId, result });
  }

  /** A dead-lettered send's answer: its data cannot be stored (400 MESSAGE_INVALID), or the server failed it (500 INTERNAL). */
  static failed(rejection: Rejection): SendResults {
    const results = new SendResults();
    const send = sendOf(rejection);
    const [code, name] = rejection.kind === 'data' ? [400, 'MESSAGE_INVALID'] : [500, 'INTERNAL'];
    if (send) results.set(send.sender, send.randomId, { _: 'rpc_error', error_code: code, error_message: name });
    return results;
  }

  save(db: EntityManager): Promise<void> {
    return sends.saveResults(db, [...this.results.values()]);
  }
}
