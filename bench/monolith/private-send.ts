import { createHash } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { makeEvent, newMeta } from '@app/events';
import { UserDirectory, linkSides, mailboxes, runTogether, sends } from '@app/platform';
import { SendResultTl, assemble, assemblyNeeds, projectBatch } from '@app/projection';
import { badRequest } from '@app/platform';

export interface PrivateSend {
  readonly sender: number;
  readonly recipient: number;
  readonly text: string;
  readonly randomId: string;
  readonly layer: number;
}

/**
 * What the pipeline's three steps do for one private message, inside the caller's one transaction,
 * with the pipeline's own code: the projector's core on the locked pair, the assembler's core on
 * the locked mailboxes, the same stores.
 */
export async function sendPrivateMessage(
  db: EntityManager,
  directory: UserDirectory,
  send: PrivateSend,
  feedEntries: number,
): Promise<SendResultTl> {
  const requestHash = createHash('sha256')
    .update(JSON.stringify(['messages.sendMessage', send.recipient, send.text]))
    .digest('hex');
  const payload = {
    sender_id: send.sender,
    random_id: send.randomId,
    method: 'messages.sendMessage' as const,
    layer: send.layer,
    peer: { kind: 'user' as const, user_id: send.recipient },
    date: Math.floor(Date.now() / 1000),
    items: [{ content: { kind: 'text' as const, text: send.text } }],
  };
  const event = makeEvent('MessageSent', payload, newMeta({ correlation_id: send.randomId }));
  const recorded = await sends.record<SendResultTl>(db, {
    sender: send.sender,
    randomId: send.randomId,
    eventId: event.event_id,
    requestHash,
    events: [],
  });
  if (!recorded) {
    // A repeat: it gets the first call's result (which committed with its record).
    const first = (await sends.stored<SendResultTl>(db, send.sender, send.randomId))!;
    if (first.request_hash !== requestHash) throw badRequest('RANDOM_ID_DUPLICATE');
    return first.result!;
  }
  const pairs = await linkSides.pairs(db, [[send.sender, send.recipient]], { lock: true });
  const { rows, outcomes } = projectBatch({ pairs, chats: new Map() }, [event]);
  const change = { message_event_id: event.event_id, message: event.payload, ...outcomes[0].outcome };
  const needs = assemblyNeeds([change]);
  const counters = await mailboxes.lock(db, needs.owners);
  const users = await directory.snapshot(db, needs.sightings);
  const assembled = assemble({ counters, users, chats: new Map() }, [change]);
  // The pipeline's projector and assembler write in one statement each; the monolith writes both parts in one.
  await runTogether(db, [
    linkSides.upsertPart([...rows.sides.values()]),
    mailboxes.writePart(assembled.mailboxes, feedEntries),
    sends.saveResultsPart(assembled.results, { announce: false }),
  ]);
  return assembled.results[0].result;
}
