import { PairEvent } from './link-events';
import { revealsForMessage } from './link-rule';
import { PairState, withSide } from './pair';

/** Folds one event into a pair's facts. Events must belong to the pair. */
export function evolvePair(state: PairState, event: PairEvent): PairState {
  switch (event.type) {
    case 'ContactImported':
      return withSide(state, event.owner, { hasContact: true });
    case 'ContactDeleted':
      return withSide(state, event.owner, { hasContact: false });
    case 'UserBlocked':
      return withSide(state, event.owner, { blocked: true });
    case 'UserUnblocked':
      return withSide(state, event.owner, { blocked: false });
    case 'PrivateMessageSent':
      return revealsForMessage(state, event.sender, event.recipient).reduce(
        (next, reveal) => withSide(next, reveal.subject, { phoneRevealed: true }),
        state,
      );
  }
}
