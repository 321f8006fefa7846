import fc from 'fast-check';
import { PairEvent, eventMembers } from './link-events';
import { evolvePair } from './evolve';
import { KINDS_WITH_PHONE, linkView } from './link-view';
import { decidePrivateMessage } from './message-outcome';
import { PairState, initialPairState, pairKey, phoneVisible, sideOf } from './pair';
import { linkUpdateRecipients } from './send-result';
import { ReferenceModel } from '../../../test/support/reference-model';

const USERS = [1, 2, 3, 4];
const PROPERTY_RUNS = 2000;

const userArb = fc.constantFrom(...USERS);
const distinctPair = fc.tuple(userArb, userArb).filter(([a, b]) => a !== b);
const eventArb: fc.Arbitrary<PairEvent> = fc.oneof(
  distinctPair.map(([owner, contact]) => ({ type: 'ContactImported', owner, contact }) as const),
  distinctPair.map(([owner, contact]) => ({ type: 'ContactDeleted', owner, contact }) as const),
  distinctPair.map(([owner, target]) => ({ type: 'UserBlocked', owner, target }) as const),
  distinctPair.map(([owner, target]) => ({ type: 'UserUnblocked', owner, target }) as const),
  distinctPair.map(([sender, recipient]) => ({ type: 'PrivateMessageSent', sender, recipient }) as const),
  distinctPair.map(([sender, recipient]) => ({ type: 'PrivateMessageSent', sender, recipient }) as const),
);

type World = Map<string, PairState>;

function pairOf(world: World, a: number, b: number): PairState {
  return world.get(pairKey(a, b)) ?? initialPairState(a, b);
}

function fold(events: readonly PairEvent[]): World {
  const world: World = new Map();
  for (const event of events) {
    const [a, b] = eventMembers(event);
    world.set(pairKey(a, b), evolvePair(pairOf(world, a, b), event));
  }
  return world;
}

function everyOrderedPair(check: (viewer: number, subject: number) => void): void {
  for (const viewer of USERS) for (const subject of USERS) if (viewer !== subject) check(viewer, subject);
}

describe('link rule properties over random histories of 4 users', () => {
  const histories = fc.array(eventArb, { maxLength: 60 });

  it('agrees with the reference model and never shows a phone the viewer may not see', () => {
    fc.assert(
      fc.property(histories, (events) => {
        const reference = new ReferenceModel();
        events.forEach((event) => reference.apply(event));
        const world = fold(events);
        everyOrderedPair((viewer, subject) => {
          const pair = pairOf(world, viewer, subject);
          expect(phoneVisible(pair, viewer, subject)).toBe(reference.visible(viewer, subject));
          const shown = KINDS_WITH_PHONE.has(linkView(pair, viewer).userKind);
          if (shown) expect(reference.visible(viewer, subject)).toBe(true);
        });
      }),
      { numRuns: PROPERTY_RUNS },
    );
  });

  it('reveals are monotone: no event takes one back', () => {
    fc.assert(
      fc.property(histories, (events) => {
        const world: World = new Map();
        for (const event of events) {
          const [a, b] = eventMembers(event);
          const before = pairOf(world, a, b);
          const after = evolvePair(before, event);
          for (const member of [a, b]) {
            if (sideOf(before, member).phoneRevealed) expect(sideOf(after, member).phoneRevealed).toBe(true);
          }
          world.set(pairKey(a, b), after);
        }
      }),
      { numRuns: PROPERTY_RUNS },
    );
  });

  it('folding the same log again gives the same state (replay)', () => {
    fc.assert(
      fc.property(histories, (events) => {
        expect(fold(events)).toEqual(fold(events.slice()));
        const half = Math.floor(events.length / 2);
        const resumed = fold(events.slice(0, half));
        for (const event of events.slice(half)) {
          const [a, b] = eventMembers(event);
          resumed.set(pairKey(a, b), evolvePair(pairOf(resumed, a, b), event));
        }
        expect(resumed).toEqual(fold(events));
      }),
      { numRuns: PROPERTY_RUNS },
    );
  });

  it('the sender never gets its own updateContactLink; every other changed view does', () => {
    fc.assert(
      fc.property(histories, distinctPair, (events, [sender, recipient]) => {
        const outcome = decidePrivateMessage(pairOf(fold(events), sender, recipient), sender, recipient);
        const changed = outcome.views.filter((v) => v.changed).map((v) => v.view);
        const notified = linkUpdateRecipients(changed, sender);
        expect(notified.some((view) => view.owner === sender)).toBe(false);
        expect(notified).toEqual(changed.filter((view) => view.owner === recipient));
        if (outcome.reveals.length > 0) expect(changed.length).toBeGreaterThan(0);
      }),
      { numRuns: PROPERTY_RUNS },
    );
  });
});
