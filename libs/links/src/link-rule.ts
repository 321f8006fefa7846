import { PairState, UserId, phoneVisible, sideOf } from './pair';

/** Reveal (subject → viewer): subject's phone becomes visible to viewer. */
export interface Reveal {
  readonly subject: UserId;
  readonly viewer: UserId;
}

/** A message the recipient blocked is neither delivered nor moves links (docs/link-rules.md). */
export function isDelivered(state: PairState, recipient: UserId): boolean {
  return !sideOf(state, recipient).blocked;
}

/**
 * The link rule of docs/link-rules.md, decided immediately before a private message between the pair is
 * stored: whoever has the other in contacts while the other cannot see their phone reveals it.
 */
export function revealsForMessage(state: PairState, sender: UserId, recipient: UserId): Reveal[] {
  if (sender === recipient || !isDelivered(state, recipient)) return [];
  const reveals: Reveal[] = [];
  for (const [x, y] of [
    [sender, recipient],
    [recipient, sender],
  ] as const) {
    if (sideOf(state, x).hasContact && !phoneVisible(state, y, x)) reveals.push({ subject: x, viewer: y });
  }
  return reveals;
}
