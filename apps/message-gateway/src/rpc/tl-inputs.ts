import { z } from 'zod';

/** Parameter schemas for TL input constructors, JSON form with `"_"` (SPEC §5). */

const int32 = z.number().int().min(-(2 ** 31)).max(2 ** 31 - 1);
export const positiveId = z.number().int().positive().max(2 ** 31 - 1);
/** TL `long` travels as a decimal string within the signed 64-bit range. */
export const long = z
  .string()
  .regex(/^-?\d{1,19}$/)
  .refine((s) => BigInt(s) >= -(2n ** 63n) && BigInt(s) < 2n ** 63n);
export const tlString = (max: number) => z.string().max(max);
export { int32 };

export const inputPeer = z
  .discriminatedUnion('_', [
    z.object({ _: z.literal('inputPeerSelf') }),
    z.object({ _: z.literal('inputPeerContact'), user_id: positiveId }),
    z.object({ _: z.literal('inputPeerForeign'), user_id: positiveId, access_hash: long }),
    z.object({ _: z.literal('inputPeerChat'), chat_id: positiveId }),
  ])
  .describe('PEER_ID_INVALID');
export type InputPeer = z.infer<typeof inputPeer>;

export const inputUser = z
  .discriminatedUnion('_', [
    z.object({ _: z.literal('inputUserSelf') }),
    z.object({ _: z.literal('inputUserContact'), user_id: positiveId }),
    z.object({ _: z.literal('inputUserForeign'), user_id: positiveId, access_hash: long }),
  ])
  .describe('USER_ID_INVALID');
export type InputUser = z.infer<typeof inputUser>;

export const phoneNumber = z
  .string()
  .max(32)
  .transform((s) => s.replace(/[\s()+-]/g, ''))
  .pipe(z.string().regex(/^\d{5,15}$/))
  .describe('PHONE_NUMBER_INVALID');

export const name = z.string().max(255);
export const firstName = z.string().trim().min(1).max(255).describe('FIRSTNAME_INVALID');

export const inputPhoneContact = z.object({
  _: z.literal('inputPhoneContact'),
  client_id: long,
  phone: phoneNumber,
  first_name: name,
  last_name: name,
});

export const inputMediaContact = z
  .object({
    _: z.literal('inputMediaContact'),
    phone_number: phoneNumber,
    first_name: name,
    last_name: name,
  })
  .describe('MEDIA_INVALID');

export const randomId = long.describe('RANDOM_ID_INVALID');
export const messageText = z.string().trim().min(1).max(4096);

/** auth.sendCode's handle on a code; empty is Telegram's PHONE_CODE_HASH_EMPTY. */
export const phoneCodeHash = z.string().min(1).max(64).describe('PHONE_CODE_HASH_EMPTY');
/** Empty is checked by the method (PHONE_CODE_EMPTY); anything not a short string is invalid. */
export const phoneCode = z.string().max(16).describe('PHONE_CODE_INVALID');
