/**
 * JSON shapes of the TL constructors, derived at compile time from SCHEMA_LINES so the types can
 * never drift from the schema: `{ _: predicate, ...fields }`, `long` as a decimal string, `int` as
 * number, `Bool` as boolean, `string` as string, `Vector<T>` as an array.
 */
import type { SchemaLine } from './schema-lines';

type SplitLine<L extends string> = L extends `${infer Head} = ${infer Result};` ? [Head, Result] : never;
type StripId<P extends string> = P extends `${infer Name}#${string}` ? Name : P;
type PredicateOf<Head extends string> = Head extends `${infer First} ${string}` ? StripId<First> : StripId<Head>;
type ParamsText<Head extends string> = Head extends `${string} ${infer Rest}` ? Rest : '';
type ParseParams<Text extends string> = Text extends `${infer Name}:${infer Type} ${infer Rest}`
  ? [[Name, Type], ...ParseParams<Rest>]
  : Text extends `${infer Name}:${infer Type}`
    ? [[Name, Type]]
    : [];

type Entry<L extends string> =
  SplitLine<L> extends [infer Head extends string, infer Result extends string]
    ? { name: PredicateOf<Head>; params: ParseParams<ParamsText<Head>>; result: Result }
    : never;

/** Bool and Vector are JSON booleans and arrays, not `_` objects. */
type ObjectEntry = Exclude<{ [L in SchemaLine]: Entry<L> }[SchemaLine], { result: 'Bool' } | { name: 'vector' }>;

type JsonOfType<T extends string> = T extends 'int'
  ? number
  : T extends 'long' | 'string'
    ? string
    : T extends 'Bool'
      ? boolean
      : T extends `${'V' | 'v'}ector<${infer Element}>`
        ? JsonOfType<Element>[]
        : TlTypeOf<T>;

type FieldsOf<Params extends [string, string][]> = { [P in Params[number] as P[0]]: JsonOfType<P[1]> };
type Simplify<T> = { [K in keyof T]: T[K] } & {};

/** Every constructor predicate that has a JSON object form, e.g. `'contacts.foreignLinkRequested'`. */
export type TlName = ObjectEntry['name'];
/** Every boxed type name with at least one constructor, e.g. `'User'`, `'contacts.Link'`. */
export type TlTypeName = ObjectEntry['result'];

/** JSON form of one constructor: `TlObjectOf<'peerUser'>` is `{ _: 'peerUser'; user_id: number }`. */
export type TlObjectOf<N extends TlName> = N extends TlName
  ? Simplify<{ _: N } & FieldsOf<Extract<ObjectEntry, { name: N }>['params']>>
  : never;

/** Union of the constructors of a boxed type: `TlTypeOf<'contacts.MyLink'>`. */
export type TlTypeOf<T extends string> = TlObjectOf<Extract<ObjectEntry, { result: T }>['name']>;

/** Any constructor object of the schema. */
export type TlObject = TlObjectOf<TlName>;

/** Values `encodeTl` takes and `decodeTl` returns: an object, a Bool, or a Vector of objects. */
export type TlValue = TlObject | boolean | TlObject[];

export type RpcError = TlTypeOf<'RpcError'>;
export type InputPeer = TlTypeOf<'InputPeer'>;
export type InputUser = TlTypeOf<'InputUser'>;
export type InputContact = TlTypeOf<'InputContact'>;
export type InputMedia = TlTypeOf<'InputMedia'>;
export type Peer = TlTypeOf<'Peer'>;
export type User = TlTypeOf<'User'>;
export type UserProfilePhoto = TlTypeOf<'UserProfilePhoto'>;
export type UserStatus = TlTypeOf<'UserStatus'>;
export type UserFull = TlTypeOf<'UserFull'>;
export type Chat = TlTypeOf<'Chat'>;
export type ChatPhoto = TlTypeOf<'ChatPhoto'>;
export type Message = TlTypeOf<'Message'>;
export type MessageMedia = TlTypeOf<'MessageMedia'>;
export type MessageAction = TlTypeOf<'MessageAction'>;
export type Photo = TlTypeOf<'Photo'>;
export type PeerNotifySettings = TlTypeOf<'PeerNotifySettings'>;
export type Contact = TlTypeOf<'Contact'>;
export type ImportedContact = TlTypeOf<'ImportedContact'>;
export type ContactBlocked = TlTypeOf<'ContactBlocked'>;
export type ContactStatus = TlTypeOf<'ContactStatus'>;
export type ContactsMyLink = TlTypeOf<'contacts.MyLink'>;
export type ContactsForeignLink = TlTypeOf<'contacts.ForeignLink'>;
export type ContactsLink = TlTypeOf<'contacts.Link'>;
export type ContactsContacts = TlTypeOf<'contacts.Contacts'>;
export type ContactsImportedContacts = TlTypeOf<'contacts.ImportedContacts'>;
export type ContactsBlocked = TlTypeOf<'contacts.Blocked'>;
export type MessagesMessages = TlTypeOf<'messages.Messages'>;
export type MessagesSentMessage = TlTypeOf<'messages.SentMessage'>;
export type MessagesStatedMessage = TlTypeOf<'messages.StatedMessage'>;
export type MessagesStatedMessages = TlTypeOf<'messages.StatedMessages'>;
export type Update = TlTypeOf<'Update'>;
export type UpdatesState = TlTypeOf<'updates.State'>;
export type UpdatesDifference = TlTypeOf<'updates.Difference'>;
export type AuthAuthorization = TlTypeOf<'auth.Authorization'>;
