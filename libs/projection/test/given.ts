import { DomainEvent, PayloadOf, makeEvent, newMeta } from '@app/events';
import { pairKey } from '@app/links';
import { LinkProjection, ProjectionStart } from '../src/link-projection';
import { ProjectorOutput, projectBatch } from '../src/projector-core';

const meta = () => newMeta({ correlation_id: 'spec' });

/** Events in the log's vocabulary, for specifications. */
export const events = {
  imports: (owner_id: number, contact_id: number) => makeEvent('ContactImported', { owner_id, contact_id }, meta()),
  deletes: (owner_id: number, contact_id: number) => makeEvent('ContactDeleted', { owner_id, contact_id }, meta()),
  blocks: (owner_id: number, target_id: number) => makeEvent('UserBlocked', { owner_id, target_id }, meta()),
  registers: (user_id: number, phone: string) => makeEvent('UserRegistered', { user_id, phone, first_name: 'U', last_name: '' }, meta()),
  createsChat: (chat_id: number, creator_id: number, member_ids: number[]) =>
    makeEvent('ChatCreated', { chat_id, creator_id, title: 't', member_ids }, meta()),
  writes: (sender_id: number, peer: PayloadOf<'MessageSent'>['peer'], layer = 3) =>
    makeEvent(
      'MessageSent',
      {
        sender_id,
        random_id: '1',
        method: 'messages.sendMessage',
        layer,
        peer,
        date: 0,
        items: [{ content: { kind: 'text', text: 'hi' } }],
      },
      meta(),
    ),
};

/**
 * A specification of the projector's batch, in the style of Emmett's DeciderSpecification: what
 * the log already held (folded into the stored state a batch starts from), the batch, and what
 * the projector makes of it.
 */
export function given(...history: DomainEvent[]) {
  const before = new LinkProjection();
  history.forEach((event) => before.apply(event));
  return {
    when(...batch: DomainEvent[]): ProjectorOutput {
      const needs = LinkProjection.needs(batch);
      const start: ProjectionStart = {
        pairs: new Map(needs.pairs.map(([a, b]) => [pairKey(a, b), before.pair(a, b)])),
        chats: new Map(needs.chats.flatMap((id) => (before.chats.has(id) ? [[id, before.chats.get(id)!] as const] : []))),
      };
      return projectBatch(start, batch);
    },
  };
}
