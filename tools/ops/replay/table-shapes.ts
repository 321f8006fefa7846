/**
 * How shadow and live rows are matched and compared, per rebuilt table. `created_at` is never
 * compared: live rows carry the writer's clock (the gateway's for users), a replay only knows
 * each event's `occurred_at`.
 */
export interface TableShape {
  readonly table: 'link_sides' | 'users' | 'chats';
  readonly key: readonly string[];
  readonly compared: readonly string[];
  /** Whether promote deletes live rows the replay did not produce. */
  readonly deleteLiveOnly: boolean;
}

export const TABLE_SHAPES: readonly TableShape[] = [
  {
    table: 'link_sides',
    key: ['owner_id', 'peer_id'],
    compared: ['has_contact', 'phone_revealed', 'blocked', 'revealed_by', 'updated_by'],
    deleteLiveOnly: true,
  },
  // Users are written by the gateway at sign-up (sessions reference them): a live-only user is a
  // sign-up whose event is past the replay's end, so promote never deletes one.
  { table: 'users', key: ['id'], compared: ['phone', 'first_name', 'last_name', 'deleted'], deleteLiveOnly: false },
  { table: 'chats', key: ['id'], compared: ['title', 'creator_id', 'member_ids'], deleteLiveOnly: true },
];
