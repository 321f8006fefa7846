import { DomainEvent } from '@app/events';
import { pairKey } from '@app/links';
import { LinkProjection, ProjectionStart } from '../src/link-projection';
import { ProjectorOutput, projectBatch } from '../src/projector-core';

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
        pending: {
          pending: new Map(
            needs.phones.map((phone) => [phone, [...before.pending.values()].filter((row) => row?.phone === phone).map((row) => row!)]),
          ),
          accounts: new Map([...before.users.values()].filter((u) => needs.phones.includes(u.phone)).map((u) => [u.phone, u.id])),
        },
      };
      return projectBatch(start, batch);
    },
  };
}
