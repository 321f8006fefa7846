import { UserId } from '@app/links';
import { ChatRecord } from '@app/projection';
import { TlObjectOf } from '@app/tl';
import { Sql } from '../database/sql';
import { StatementPart } from '../database/statement-parts';
import { TableShape } from './table-shape';

type ChatRow = { id: number; title: string; member_ids: number[]; created_at: Date };

/** `chats` as ops replay rebuilds and compares it (`created_at` not compared, as for users). */
export const chatsTable: TableShape = {
  table: 'chats',
  columns: { id: 'integer', title: 'text', creator_id: 'integer', member_ids: 'integer[]', created_at: 'timestamptz' },
  key: ['id'],
  compared: ['title', 'creator_id', 'member_ids'],
  deleteLiveOnly: true,
};

/** The `chats` table and its id sequence: its one owner. The gateway allocates ids, the projector writes chats from ChatCreated. */
export const chats = {
  async nextId(db: Sql): Promise<number> {
    const [{ id }]: { id: number }[] = await db.query(`SELECT nextval('chat_ids')::int AS id`);
    return id;
  },

  async isMember(db: Sql, chatId: number, user: UserId): Promise<boolean> {
    const rows: unknown[] = await db.query(`SELECT 1 FROM chats WHERE id = $1 AND $2 = ANY(member_ids)`, [chatId, user]);
    return rows.length > 0;
  },

  /** The members of some chats (for a fold that delivers to them). */
  async members(db: Sql, chatIds: readonly number[]): Promise<Map<number, Pick<ChatRecord, 'member_ids'>>> {
    if (chatIds.length === 0) return new Map();
    const rows: { id: number; member_ids: number[] }[] = await db.query(`SELECT id, member_ids FROM chats WHERE id = ANY($1::int[])`, [
      [...new Set(chatIds)],
    ]);
    return new Map(rows.map((row) => [row.id, { member_ids: row.member_ids }]));
  },

  /** The projection's new chats, as a part of a batch's one statement; an id already there keeps its row. */
  insertPart(created: readonly ChatRecord[]): StatementPart | undefined {
    if (created.length === 0) return undefined;
    return {
      modifies: (p) => [
        `INSERT INTO chats (id, title, creator_id, member_ids)
         SELECT r.id, r.title, r.creator_id, r.member_ids::int[]
         FROM unnest(${p.add(created.map((c) => c.id))}::int[], ${p.add(created.map((c) => c.title))}::text[],
           ${p.add(created.map((c) => c.creator_id))}::int[], ${p.add(created.map((c) => `{${c.member_ids.join(',')}}`))}::text[])
           AS r(id, title, creator_id, member_ids)
         ON CONFLICT DO NOTHING`,
      ],
    };
  },

  /** The layer 1–3 `chat` constructors for some chat ids, in id order. */
  async render(db: Sql, chatIds: readonly number[]): Promise<TlObjectOf<'chat'>[]> {
    if (chatIds.length === 0) return [];
    const rows: ChatRow[] = await db.query(`SELECT id, title, member_ids, created_at FROM chats WHERE id = ANY($1::int[]) ORDER BY id`, [
      [...new Set(chatIds)],
    ]);
    return rows.map((chat) => ({
      _: 'chat',
      id: chat.id,
      title: chat.title,
      photo: { _: 'chatPhotoEmpty' },
      participants_count: chat.member_ids.length,
      date: Math.floor(chat.created_at.getTime() / 1000),
      left: false,
      version: 0,
    }));
  },
};
