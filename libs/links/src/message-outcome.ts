import { evolvePair } from './evolve';
import { Reveal, isDelivered, revealsForMessage } from './link-rule';
import { LinkView, viewChanges } from './link-view';
import { PairState, UserId } from './pair';

/** What one private message did to its pair: the projector's decision, the assembler's input. */
export interface MessageOutcome {
  readonly delivered: boolean;
  readonly reveals: readonly Reveal[];
  readonly next: PairState;
  /** Both members' views after the message, with whether each changed. */
  readonly views: readonly { readonly view: LinkView; readonly changed: boolean }[];
}

export function decidePrivateMessage(state: PairState, sender: UserId, recipient: UserId): MessageOutcome {
  const next = evolvePair(state, { type: 'PrivateMessageSent', sender, recipient });
  const views = viewChanges(state, next, [sender, recipient]);
  return { delivered: isDelivered(state, recipient), reveals: revealsForMessage(state, sender, recipient), next, views };
}
