import { z } from 'zod/v4';
import { named } from './field-errors';

/** Deeper pages cost more to skip to; lists that can be long offer another way down (getHistory's max_id). */
const MAX_OFFSET = 10_000;
const MAX_LIMIT = 100;

/** `offset` and `limit` of a paged list: bounded, so no page makes the server skip or read without end. */
export const pageParams = {
  offset: named(z.number().int().min(0).max(MAX_OFFSET), { invalid: 'OFFSET_INVALID' }).default(0),
  limit: z.number().int().min(0).max(MAX_LIMIT).default(MAX_LIMIT),
};
