import { DomainEvent, decodeEvent, pairEventOf } from '@app/events';
import { LinkView, PairState, eventMembers, initialPairState, linkView, pairKey } from '@app/links';
import { LinkProjection } from '@app/projection';
import { LogRecord } from '@app/platform';

/** Where time travel stops: after this offset of the pair's partition, or at this time. */
export type StopAt = { readonly offset: bigint } | { readonly time: Date };

/** One logged event of the pair and the facts after it, folded like the projector does. */
export interface PairStep {
  readonly partition: number;
  readonly offset: bigint;
  /** `duplicate`: an event id seen before, which the projector's ledger skips. */
  readonly status: 'applied' | 'duplicate' | 'malformed';
  readonly event?: DomainEvent;
  readonly reason?: string;
  readonly before: PairState;
  readonly after: PairState;
}

function isAbout(event: DomainEvent, key: string): boolean {
  const pairEvent = pairEventOf(event);
  return pairEvent !== undefined && pairKey(...eventMembers(pairEvent)) === key;
}

function pastStop(stop: StopAt | undefined, offset: bigint, event: DomainEvent | undefined): boolean {
  if (!stop) return false;
  if ('offset' in stop) return offset > stop.offset;
  return event !== undefined && Date.parse(event.occurred_at) > stop.time.getTime();
}

/** The pair's events among `records` (in log order), each with the state it left: the one link projection, run on one pair. */
export function pairHistory(a: number, b: number, records: readonly LogRecord[], stop?: StopAt): PairStep[] {
  const key = pairKey(a, b);
  const seen = new Set<string>();
  const steps: PairStep[] = [];
  const projection = new LinkProjection();
  let state = initialPairState(a, b);
  for (const record of records) {
    const decoded = decodeEvent(record.value);
    const event = decoded.ok ? decoded.event : undefined;
    if (event ? !isAbout(event, key) : record.key !== key) continue;
    if (pastStop(stop, record.offset, event)) break;
    const at = { partition: record.partition, offset: record.offset, before: state };
    if (!decoded.ok) {
      steps.push({ ...at, status: 'malformed', reason: decoded.reason, after: state });
    } else if (seen.has(decoded.event.event_id)) {
      steps.push({ ...at, status: 'duplicate', event, after: state });
    } else {
      seen.add(decoded.event.event_id);
      state = projection.apply(decoded.event).pair?.after ?? state;
      steps.push({ ...at, status: 'applied', event, after: state });
    }
  }
  return steps;
}

export function finalState(a: number, b: number, steps: readonly PairStep[]): PairState {
  return steps.length > 0 ? steps[steps.length - 1].after : initialPairState(a, b);
}

/** The two views of docs/views-by-layer.md: what `a` sees of `b` and what `b` sees of `a`. */
export function pairViews(state: PairState, a: number, b: number): [LinkView, LinkView] {
  return [linkView(state, a), linkView(state, b)];
}

/** One line saying what the event was, in the pair's terms. */
export function describeEvent(event: DomainEvent): string {
  switch (event.type) {
    case 'ContactImported':
      return event.payload.registered
        ? `${event.payload.contact_id} signs up with a phone ${event.payload.owner_id} had imported (a pending contact)`
        : `${event.payload.owner_id} imports ${event.payload.contact_id}`;
    case 'ContactDeleted':
      return `${event.payload.owner_id} deletes contact ${event.payload.contact_id}`;
    case 'UserBlocked':
      return `${event.payload.owner_id} blocks ${event.payload.target_id}`;
    case 'UserUnblocked':
      return `${event.payload.owner_id} unblocks ${event.payload.target_id}`;
    case 'MessageSent': {
      const { sender_id, peer, method } = event.payload;
      return `${sender_id} → ${peer.kind === 'user' ? peer.user_id : `chat ${peer.chat_id}`} (${method})`;
    }
    case 'PendingContactImported':
      return `${event.payload.owner_id} imports a phone with no account`;
    case 'PendingContactDeleted':
      return `${event.payload.owner_id} drops a pending contact`;
    case 'UserRegistered':
    case 'ChatCreated':
    case 'LinkChanged':
    case 'ContactLinkChanged':
      return event.type;
  }
}
