import { z } from 'zod/v4';

const userId = z
  .number()
  .int()
  .positive()
  .max(2 ** 31 - 1);
const chatId = userId;
const name = z.string().max(255);
const phone = z.string().regex(/^\d{5,15}$/);

export const peerSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('user'), user_id: userId }),
  z.object({ kind: z.literal('chat'), chat_id: chatId }),
]);
export type EventPeer = z.infer<typeof peerSchema>;

export const messageContentSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('text'), text: z.string().max(4096) }),
  z.object({
    kind: z.literal('contact'),
    text: z.string().max(4096),
    phone_number: z.string().max(32),
    first_name: name,
    last_name: name,
    user_id: z.number().int().nonnegative(),
  }),
  z.object({
    kind: z.literal('chat_created'),
    title: name,
    member_ids: z.array(userId).max(200),
  }),
]);
export type MessageContent = z.infer<typeof messageContentSchema>;

/** The views of a LinkChanged, in TL's shapes (docs/views-by-layer.md). */
const myLinkSchema = z.discriminatedUnion('_', [
  z.object({ _: z.literal('contacts.myLinkEmpty') }),
  z.object({ _: z.literal('contacts.myLinkContact') }),
  z.object({ _: z.literal('contacts.myLinkRequested'), contact: z.boolean() }),
]);
const foreignLinkSchema = z.discriminatedUnion('_', [
  z.object({ _: z.literal('contacts.foreignLinkUnknown') }),
  z.object({ _: z.literal('contacts.foreignLinkRequested'), has_phone: z.boolean() }),
  z.object({ _: z.literal('contacts.foreignLinkMutual') }),
]);

/** The name an owner saved for a contact (inputPhoneContact.first_name/last_name). */
export const savedNameSchema = z.object({ first_name: name, last_name: name });

/** One member's view of the other after an event, and whether the event changed it (docs/views-by-layer.md). */
const pairViewSchema = z.object({
  owner_id: userId,
  peer_id: userId,
  my_link: myLinkSchema,
  foreign_link: foreignLinkSchema,
  user_kind: z.enum(['userSelf', 'userContact', 'userRequest', 'userForeign', 'userDeleted']),
  changed: z.boolean(),
});

export const forwardOriginSchema = z.object({ from_id: userId, date: z.number().int().nonnegative() });

const sendMethod = z.enum([
  'messages.sendMessage',
  'messages.sendMedia',
  'messages.forwardMessages',
  'messages.createChat',
  'messages.forwardMessage',
  /** One MessageSent per recipient of the broadcast, each with its own random_id. */
  'messages.sendBroadcast',
]);

export const messageSentSchema = z.object({
  sender_id: userId,
  random_id: z.string().regex(/^-?\d{1,20}$/),
  method: sendMethod,
  layer: z.number().int().min(1).max(255),
  peer: peerSchema,
  date: z.number().int().nonnegative(),
  items: z
    .array(z.object({ content: messageContentSchema, forwarded_from: forwardOriginSchema.optional() }))
    .min(1)
    .max(100),
});

export const payloadSchemas = {
  UserRegistered: z.object({ user_id: userId, phone, first_name: name, last_name: name }),
  /**
   * Version 2 (upcasters.ts): `names`, the name the owner saved (absent in version 1, where the
   * user's own name is shown), and `registered`: the Contact of a pending contact whose phone
   * contact_id signed up with, derived by the projector (contact_id made that call).
   */
  ContactImported: z.object({
    owner_id: userId,
    contact_id: userId,
    names: savedNameSchema.optional(),
    registered: z.boolean().optional(),
  }),
  /** The owner imported a phone that belongs to no user yet: a pending contact, under the name it saved. */
  PendingContactImported: z.object({ owner_id: userId, phone, names: savedNameSchema }),
  /** The owner's pending contact for a phone is gone (an import with replace:true left it out). */
  PendingContactDeleted: z.object({ owner_id: userId, phone }),
  ContactDeleted: z.object({ owner_id: userId, contact_id: userId }),
  UserBlocked: z.object({ owner_id: userId, target_id: userId }),
  UserUnblocked: z.object({ owner_id: userId, target_id: userId }),
  ChatCreated: z.object({ chat_id: chatId, creator_id: userId, title: name, member_ids: z.array(userId).min(1).max(200) }),
  MessageSent: messageSentSchema,
  LinkChanged: z.object({
    message_event_id: z.string().uuid(),
    message: messageSentSchema,
    delivered: z.boolean(),
    /** Each affected viewer's view of the sender or recipient after the message, and whether it changed. */
    views: z.array(pairViewSchema),
    /** The recipients the message is delivered to (the sender's box is always written). */
    recipient_ids: z.array(userId),
  }),
  /**
   * The outcome of a ContactImported or ContactDeleted that changed a view of the member who did
   * not make the call (the pair became mutual, or stopped being): derived by the projector, the
   * assembler gives that member updateContactLink.
   */
  ContactLinkChanged: z.object({
    cause_event_id: z.string().uuid(),
    owner_id: userId,
    contact_id: userId,
    /** When the cause happened (unix seconds): the date of the feed entries. */
    date: z.number().int().nonnegative(),
    /** The cause was a pending contact's conversion: contact_id signed up, owner_id hears updateContactRegistered first. */
    registered: z.boolean(),
    /** Both members' views after the cause, and whether each changed. */
    views: z.array(pairViewSchema).length(2),
  }),
} as const;

export type EventType = keyof typeof payloadSchemas;
export type PayloadOf<T extends EventType> = z.infer<(typeof payloadSchemas)[T]>;
