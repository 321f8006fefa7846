/**
 * Names that cross processes: one side writes them, another listens for them. Topic names are in
 * topics.ts (configurable per deployment); these are fixed.
 */

/** The consumers: each one's ledger name, and its consumer group `<CONSUMER_GROUP_PREFIX>.<name>`. */
export const CONSUMERS = {
  projector: 'link-projector',
  assembler: 'result-assembler',
} as const;

/** Postgres NOTIFY channels the gateway listens on, and how their payload names what happened. */
export const CHANNELS = {
  /** A command's event was applied by the projector; payload: the event id. */
  eventsApplied: 'events_applied',
  /** A send's result was stored; payload: `sendResultKey(sender, random_id)`. */
  sendResults: 'send_results',
  /** A user's updates feed grew; payload: `feedKey(user)`. */
  feedAppended: 'feed_appended',
} as const;

export type Channel = (typeof CHANNELS)[keyof typeof CHANNELS];

export const sendResultKey = (sender: number, randomId: string) => `${sender}:${randomId}`;
export const feedKey = (userId: number) => String(userId);
