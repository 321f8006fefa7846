import type { Message, Update, User } from '@app/tl';

/** One entry of a user's updates feed: a message, an updateContactLink or an updateContactRegistered; with the users it mentions. */
export type FeedEntry = { readonly date: number; readonly users: User[] } & (
  | { readonly kind: 'message'; readonly body: Message }
  | { readonly kind: 'link'; readonly body: Update }
  | { readonly kind: 'registered'; readonly body: Update }
);

/** A mailbox's counters: the feed's pts and seq, and the last message id of the box (ids are per box, as in layer 3). */
export interface MailboxCounters {
  pts: number;
  seq: number;
  last_message_id: number;
}

/** A message as stored in one user's box: the conversation it belongs to there, and its TL body. */
export interface BoxMessage {
  readonly userId: number;
  readonly peer: { readonly kind: 'user' | 'chat'; readonly id: number };
  readonly body: Message;
}

/**
 * What a batch does to the mailboxes it was given: message ids, pts and seq counted in memory from
 * the boxes' counters, the messages and feed entries to store. Pure: the store reads the counters
 * before and writes all of it in one statement after.
 */
export class MailboxChanges {
  readonly messages: BoxMessage[] = [];
  readonly feed: { readonly userId: number; readonly pts: number; readonly entry: FeedEntry }[] = [];
  /** Owners whose counters moved. */
  readonly touched = new Set<number>();
  /** Owners whose feed grew, in the order they first did: one notification each. */
  readonly appended = new Set<number>();
  private readonly boxes: Map<number, MailboxCounters>;

  constructor(boxes: ReadonlyMap<number, MailboxCounters>) {
    this.boxes = new Map([...boxes].map(([owner, counters]) => [owner, { ...counters }]));
  }

  /** The next message id in the owner's own box. */
  nextMessageId(owner: number): number {
    this.touched.add(owner);
    return ++this.box(owner).last_message_id;
  }

  storeMessage(message: BoxMessage): void {
    this.messages.push(message);
  }

  /** Appends entries to the owner's feed with consecutive pts; returns the new pts and seq. */
  appendToFeed(owner: number, entries: readonly FeedEntry[]): { pts: number; seq: number } {
    const box = this.box(owner);
    for (const entry of entries) this.feed.push({ userId: owner, pts: ++box.pts, entry });
    box.seq += 1;
    this.touched.add(owner);
    this.appended.add(owner);
    return { pts: box.pts, seq: box.seq };
  }

  counters(owner: number): Readonly<MailboxCounters> {
    return this.box(owner);
  }

  private box(owner: number): MailboxCounters {
    const box = this.boxes.get(owner);
    // The boxes are read for the owners of the same events that are folded: a miss is a bug.
    if (!box) throw new Error(`mailbox ${owner} was not read for this batch`);
    return box;
  }
}
