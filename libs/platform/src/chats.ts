import { EntityManager } from 'typeorm';

/** The layer 1–3 `chat` constructors for the given chat ids. */
export async function loadChats(db: EntityManager, chatIds: readonly number[]): Promise<Record<string, unknown>[]> {
  const rows: { id: number; title: string; member_ids: number[]; created_at: Date }[] = await db.query(
    `SELECT id, title, member_ids, created_at FROM chats WHERE id = ANY($1::int[]) ORDER BY id`,
    [[...chatIds]],
  );
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
}
