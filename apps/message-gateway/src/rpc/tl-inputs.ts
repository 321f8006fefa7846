import { z } from 'zod/v4';
import { RpcErrorName } from '@app/platform';
import { FieldErrors, fail, named } from './field-errors';
import { isLong, textProblem } from './text-checks';

/** Parameter schemas for TL input constructors, JSON form with `"_"` (docs/api.md), each field with its named errors. */

export const int32 = z
  .number()
  .int()
  .min(-(2 ** 31))
  .max(2 ** 31 - 1);
export const positiveId = z
  .number()
  .int()
  .positive()
  .max(2 ** 31 - 1);

/** A message id in the caller's box (a copy of positiveId, so the name stays on this field). */
export const messageId = named(positiveId.describe('message id'), { invalid: 'MESSAGE_ID_INVALID' });

/** TL `long` as a canonical decimal string of a signed 64-bit integer, checked in one step (nothing converts a bad one). */
export const long = (invalid: RpcErrorName) =>
  named(
    z.string().superRefine((value, ctx) => {
      if (!isLong(value)) fail(ctx, 'invalid', 'not a decimal 64-bit integer');
    }),
    { invalid },
  );

interface TextOptions {
  readonly max: number;
  /** Empty (after trimming) is EMPTY rather than allowed. */
  readonly required?: boolean;
  readonly multiline?: boolean;
}

/**
 * A text field: trimmed, at most `max` UTF-16 units, free of NUL, unpaired surrogates and controls
 * (tab and line breaks allowed in multiline text), and never only invisible characters.
 */
export function text(errors: FieldErrors, { max, required = false, multiline = false }: TextOptions) {
  const schema = z
    .string()
    .trim()
    .max(max)
    .superRefine((value, ctx) => {
      const problem = textProblem(value, { multiline });
      if (problem === 'invisible' || (required && value === '')) fail(ctx, required ? 'empty' : 'invalid', 'no visible content');
      else if (problem) fail(ctx, 'invalid', problem);
    });
  return named(schema, errors);
}

/** A list of ids where each may appear once. */
export function uniqueList<T extends z.ZodType>(
  item: T,
  { min = 0, max }: { min?: number; max: number },
  errors: FieldErrors,
  key: (value: z.infer<T>) => unknown = (v) => v,
) {
  return named(
    z
      .array(item)
      .min(min)
      .max(max)
      .superRefine((values, ctx) => {
        const keys = values.map((v) => JSON.stringify(key(v)));
        if (new Set(keys).size !== keys.length) fail(ctx, 'duplicate', 'the same id twice');
      }),
    errors,
  );
}

export const inputPeer = named(
  z.discriminatedUnion('_', [
    z.object({ _: z.literal('inputPeerSelf') }),
    z.object({ _: z.literal('inputPeerContact'), user_id: positiveId }),
    z.object({ _: z.literal('inputPeerForeign'), user_id: positiveId, access_hash: long('PEER_ID_INVALID') }),
    z.object({ _: z.literal('inputPeerChat'), chat_id: positiveId }),
  ]),
  { invalid: 'PEER_ID_INVALID' },
);

export const inputUser = named(
  z.discriminatedUnion('_', [
    z.object({ _: z.literal('inputUserSelf') }),
    z.object({ _: z.literal('inputUserContact'), user_id: positiveId }),
    z.object({ _: z.literal('inputUserForeign'), user_id: positiveId, access_hash: long('USER_ID_INVALID') }),
  ]),
  { invalid: 'USER_ID_INVALID' },
);

/** A vector of users, each at most once; `errors` may name its empty and too long cases. */
export const inputUsers = (max: number, min = 0, errors: Omit<FieldErrors, 'invalid' | 'duplicate'> = {}) =>
  uniqueList(inputUser, { min, max }, { invalid: 'USER_ID_INVALID', duplicate: 'USER_ID_DUPLICATE', ...errors }, (u) =>
    'user_id' in u ? u.user_id : u._,
  );

/** Digits, optionally written with spaces, parentheses, dashes and a leading plus; E.164 length. */
export const phoneNumber = named(
  z
    .string()
    .max(32)
    .transform((s) => s.replace(/[\s()+-]/g, ''))
    .pipe(z.string().regex(/^\d{5,15}$/)),
  { invalid: 'PHONE_NUMBER_INVALID' },
);

/** Telegram's names for these: FIRSTNAME_INVALID covers empty and too long as well. */
export const firstName = text(
  { invalid: 'FIRSTNAME_INVALID', empty: 'FIRSTNAME_INVALID', tooLong: 'FIRSTNAME_INVALID' },
  { max: 255, required: true },
);
export const lastName = text({ invalid: 'LASTNAME_INVALID', tooLong: 'LASTNAME_INVALID' }, { max: 255 });

export const inputPhoneContact = z.object({
  _: z.literal('inputPhoneContact'),
  client_id: long('CLIENT_ID_INVALID'),
  phone: phoneNumber,
  // A contact saved under a phone only is allowed (first and last name may both be empty).
  first_name: text({ invalid: 'FIRSTNAME_INVALID', tooLong: 'FIRSTNAME_INVALID' }, { max: 255 }),
  last_name: lastName,
});

export const inputMediaContact = named(
  z.object({
    _: z.literal('inputMediaContact'),
    phone_number: phoneNumber,
    first_name: text({ invalid: 'FIRSTNAME_INVALID', tooLong: 'FIRSTNAME_INVALID' }, { max: 255 }),
    last_name: lastName,
  }),
  { invalid: 'MEDIA_INVALID' },
);

/** inputMediaEmpty: no media, the message is its text (sendBroadcast). */
export const inputMedia = named(z.discriminatedUnion('_', [z.object({ _: z.literal('inputMediaEmpty') }), inputMediaContact]), {
  invalid: 'MEDIA_INVALID',
});

export const randomId = long('RANDOM_ID_INVALID');
const messageErrors = { invalid: 'MESSAGE_INVALID', empty: 'MESSAGE_EMPTY', tooLong: 'MESSAGE_TOO_LONG' } as const;
export const messageText = text(messageErrors, { max: 4096, required: true, multiline: true });
/** A message text that may be empty (beside media); the method decides when it may not. */
export const optionalMessageText = text(messageErrors, { max: 4096, multiline: true });
export const chatTitle = text(
  { invalid: 'CHAT_TITLE_INVALID', empty: 'CHAT_TITLE_EMPTY', tooLong: 'CHAT_TITLE_TOO_LONG' },
  { max: 255, required: true },
);

/** auth.sendCode's handle on a code: hex. Empty is Telegram's PHONE_CODE_HASH_EMPTY. */
export const phoneCodeHash = named(
  z
    .string()
    .min(1)
    .max(64)
    .regex(/^[0-9a-f]+$/),
  { invalid: 'PHONE_CODE_HASH_INVALID', empty: 'PHONE_CODE_HASH_EMPTY', tooLong: 'PHONE_CODE_HASH_INVALID' },
);
/** Digits; empty is checked by the method (PHONE_CODE_EMPTY). */
export const phoneCode = named(z.string().max(16).regex(/^\d*$/), { invalid: 'PHONE_CODE_INVALID' });
