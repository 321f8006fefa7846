import { UserId } from './pair';

export type SendMethod =
  'messages.sendMessage' | 'messages.sendMedia' | 'messages.forwardMessages' | 'messages.forwardMessage' | 'messages.sendBroadcast';

/** The first layer whose clients understand the *Link result constructors (seed, docs/views-by-layer.md). */
export const FIRST_LAYER_WITH_LINK_RESULTS = 3;

const RESULT_CONSTRUCTORS: Record<SendMethod, { plain: string; withLinks: string }> = {
  'messages.sendMessage': { plain: 'messages.sentMessage', withLinks: 'messages.sentMessageLink' },
  'messages.sendMedia': { plain: 'messages.statedMessage', withLinks: 'messages.statedMessageLink' },
  'messages.forwardMessages': { plain: 'messages.statedMessages', withLinks: 'messages.statedMessagesLinks' },
  'messages.forwardMessage': { plain: 'messages.statedMessage', withLinks: 'messages.statedMessageLink' },
  // Per recipient; the gateway merges a broadcast's recipients into one result of the same pair of constructors.
  'messages.sendBroadcast': { plain: 'messages.statedMessages', withLinks: 'messages.statedMessagesLinks' },
};

/** Plain result unless the client is on layer ≥ 3 and the call changed one of the sender's views. */
export function sendResultConstructor(method: SendMethod, layer: number, senderViewsChanged: number): string {
  const names = RESULT_CONSTRUCTORS[method];
  return layer >= FIRST_LAYER_WITH_LINK_RESULTS && senderViewsChanged > 0 ? names.withLinks : names.plain;
}

const LINK_CONSTRUCTORS = new Set(Object.values(RESULT_CONSTRUCTORS).map((names) => names.withLinks));

/** Whether a result constructor has the `links` field. */
export function resultCarriesLinks(constructor: string): boolean {
  return LINK_CONSTRUCTORS.has(constructor);
}

/**
 * Who gets updateContactLink for a changed view: its owner, unless the owner made the call
 * (the sender learns through its result, never through its feed).
 */
export function linkUpdateRecipients<T extends { owner: UserId }>(changedViews: readonly T[], caller: UserId): T[] {
  return changedViews.filter((view) => view.owner !== caller);
}
