import { EntityManager } from 'typeorm';
import { UserProfile } from '@app/links';
import { badRequest } from '../rpc/rpc-error';

export interface Registration {
  readonly phone_number: string;
  readonly first_name: string;
  readonly last_name: string;
}

/** Allocates the user id and claims the phone (PHONE_NUMBER_OCCUPIED if taken), in `db`'s transaction. */
export async function registerUser(db: EntityManager, input: Registration): Promise<UserProfile> {
  const [{ id }]: { id: number }[] = await db.query(`SELECT nextval('user_ids')::int AS id`);
  const inserted: unknown[] = await db.query(
    `INSERT INTO users (id, phone, first_name, last_name) VALUES ($1, $2, $3, $4) ON CONFLICT (phone) DO NOTHING RETURNING 1`,
    [id, input.phone_number, input.first_name, input.last_name],
  );
  if (inserted.length === 0) throw badRequest('PHONE_NUMBER_OCCUPIED');
  return { id, phone: input.phone_number, first_name: input.first_name, last_name: input.last_name, deleted: false };
}

/** The account a phone belongs to, if any. */
export async function accountOf(db: EntityManager, phone: string): Promise<UserProfile | undefined> {
  const [user]: UserProfile[] = await db.query(
    `SELECT id, phone, first_name, last_name, deleted FROM users WHERE phone = $1 AND NOT deleted`,
    [phone],
  );
  return user;
}
