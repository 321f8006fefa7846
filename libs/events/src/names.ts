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
  /** A send's result was stored; payload: `sendResultKey(sender, random_id)`, with the result as detail when it fits. */
  sendResults: 'send_results',
  /** A user's updates feed grew; payload: `feedKey(user)`. */
  feedAppended: 'feed_appended',
  /** A session ended (logOut, resetAuthorizations) or its layer changed; payload: the hex SHA-256 of its token. */
  sessionsChanged: 'sessions_changed',
} as const;

export type Channel = (typeof CHANNELS)[keyof typeof CHANNELS];

export const sendResultKey = (sender: number, randomId: string) => `${sender}:${randomId}`;
export const feedKey = (userId: number) => String(userId);

/** Postgres refuses NOTIFY payloads of 8,000 bytes or more; a detail that would not fit is left out. */
export const NOTICE_PAYLOAD_BYTES = 7_900;

/**
 * A notification's payload: the key its waiters listen for, then, if it fits, a line break and a
 * detail (a send's result as JSON), so the waiter need not read it back from the database.
 */
export function noticePayload(key: string, detail?: string): string {
  if (detail === undefined) return key;
  const payload = `${key}\n${detail}`;
  return Buffer.byteLength(payload) < NOTICE_PAYLOAD_BYTES ? payload : key;
}

export function parseNotice(payload: string): { key: string; detail?: string } {
  const cut = payload.indexOf('\n');
  return cut < 0 ? { key: payload } : { key: payload.slice(0, cut), detail: payload.slice(cut + 1) };
}
