/** A user id as Telegram's layer 1–3 API has it: a positive int32. */
export type UserId = number;

/** One side of a pair: the facts that belong to `owner` about `peer` (docs/link-rules.md). */
export interface PairSide {
  /** Contact (owner, peer): owner imported peer's phone and has not deleted it. */
  readonly hasContact: boolean;
  /** Reveal (owner → peer): owner's phone was made visible to peer. Sticky. */
  readonly phoneRevealed: boolean;
  /** Block (owner, peer). */
  readonly blocked: boolean;
}

/** The link facts of an unordered pair of distinct users, `low < high`. */
export interface PairState {
  readonly low: UserId;
  readonly high: UserId;
  readonly lowSide: PairSide;
  readonly highSide: PairSide;
}

export const EMPTY_SIDE: PairSide = Object.freeze({ hasContact: false, phoneRevealed: false, blocked: false });

/** Events about a pair are keyed by the unordered pair so one partition orders them (docs/invariants.md). */
export function pairKey(a: UserId, b: UserId): string {
  return a < b ? `${a}:${b}` : `${b}:${a}`;
}

export function initialPairState(a: UserId, b: UserId): PairState {
  if (a === b) throw new RangeError(`a pair needs two distinct users, got ${a} twice`);
  return { low: Math.min(a, b), high: Math.max(a, b), lowSide: EMPTY_SIDE, highSide: EMPTY_SIDE };
}

function assertMember(state: PairState, user: UserId): void {
  if (user !== state.low && user !== state.high) {
    throw new RangeError(`user ${user} is not in pair ${state.low}:${state.high}`);
  }
}

/** The facts `owner` holds about the other member of the pair. */
export function sideOf(state: PairState, owner: UserId): PairSide {
  assertMember(state, owner);
  return owner === state.low ? state.lowSide : state.highSide;
}

export function otherMember(state: PairState, user: UserId): UserId {
  assertMember(state, user);
  return user === state.low ? state.high : state.low;
}

export function withSide(state: PairState, owner: UserId, change: Partial<PairSide>): PairState {
  const side = { ...sideOf(state, owner), ...change };
  return owner === state.low ? { ...state, lowSide: side } : { ...state, highSide: side };
}

/** phoneVisible(viewer, subject) of docs/link-rules.md, for the two members of a pair. */
export function phoneVisible(state: PairState, viewer: UserId, subject: UserId): boolean {
  if (viewer === subject) return true;
  return sideOf(state, viewer).hasContact || sideOf(state, subject).phoneRevealed;
}
