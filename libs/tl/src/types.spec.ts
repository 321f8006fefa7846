/**
 * The JSON types are derived from SCHEMA_LINES at compile time; these checks pin the mapping
 * rules (long -> string, Bool -> boolean, Vector -> array, boxed type -> union of constructors).
 * Completeness per constructor is enforced by test/samples.ts, typed `{ [N in TlName]: ... }` and
 * encoded field-for-field by the strict encoder in gramjs-parity.spec.ts.
 */
import { TL_SCHEMA } from './schema';
import type {
  ContactsForeignLink,
  ContactsMyLink,
  MessagesSentMessage,
  TlName,
  TlObjectOf,
  TlTypeName,
  TlTypeOf,
  UpdatesDifference,
  User,
} from './types';

type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function assertType<T extends true>(): T | undefined {
  return undefined;
}

describe('derived JSON types', () => {
  it('map TL primitives and boxed types to JSON', () => {
    assertType<Equals<TlObjectOf<'contacts.foreignLinkRequested'>, { _: 'contacts.foreignLinkRequested'; has_phone: boolean }>>();
    assertType<Equals<TlObjectOf<'inputPeerForeign'>, { _: 'inputPeerForeign'; user_id: number; access_hash: string }>>();
    assertType<Equals<TlObjectOf<'messageActionChatCreate'>, { _: 'messageActionChatCreate'; title: string; users: number[] }>>();
    assertType<
      Equals<TlObjectOf<'contacts.link'>, { _: 'contacts.link'; my_link: ContactsMyLink; foreign_link: ContactsForeignLink; user: User }>
    >();
    assertType<
      Equals<
        ContactsMyLink,
        { _: 'contacts.myLinkEmpty' } | { _: 'contacts.myLinkRequested'; contact: boolean } | { _: 'contacts.myLinkContact' }
      >
    >();
    assertType<Equals<User['_'], 'userEmpty' | 'userSelf' | 'userContact' | 'userRequest' | 'userForeign' | 'userDeleted'>>();
    assertType<Equals<MessagesSentMessage['_'], 'messages.sentMessage' | 'messages.sentMessageLink'>>();
    assertType<Equals<Extract<UpdatesDifference, { _: 'updates.difference' }>['new_encrypted_messages'], never[]>>();
    // layer 1-3 users have no username; userForeign carries no phone.
    assertType<Equals<'username' extends keyof Extract<User, { _: 'userContact' }> ? true : false, false>>();
    assertType<Equals<'phone' extends keyof Extract<User, { _: 'userForeign' }> ? true : false, false>>();
    assertType<Equals<TlTypeOf<'NoSuchType'>, never>>();
  });

  it('name exactly the constructors and types of the runtime schema', () => {
    // Records keyed by the type-level unions: the compiler rejects a missing or an extra key.
    const names: Record<TlName, true> = {
      rpc_error: true,
      inputPeerEmpty: true,
      inputPeerSelf: true,
      inputPeerContact: true,
      inputPeerForeign: true,
      inputPeerChat: true,
      inputUserEmpty: true,
      inputUserSelf: true,
      inputUserContact: true,
      inputUserForeign: true,
      inputPhoneContact: true,
      inputMediaEmpty: true,
      inputMediaContact: true,
      peerUser: true,
      peerChat: true,
      userEmpty: true,
      userSelf: true,
      userContact: true,
      userRequest: true,
      userForeign: true,
      userDeleted: true,
      userProfilePhotoEmpty: true,
      userStatusEmpty: true,
      userStatusOnline: true,
      userStatusOffline: true,
      chatEmpty: true,
      chat: true,
      chatPhotoEmpty: true,
      message: true,
      messageForwarded: true,
      messageService: true,
      messageMediaEmpty: true,
      messageMediaContact: true,
      messageActionChatCreate: true,
      photoEmpty: true,
      peerNotifySettingsEmpty: true,
      userFull: true,
      contact: true,
      importedContact: true,
      contactBlocked: true,
      contactStatus: true,
      'contacts.foreignLinkUnknown': true,
      'contacts.foreignLinkRequested': true,
      'contacts.foreignLinkMutual': true,
      'contacts.myLinkEmpty': true,
      'contacts.myLinkRequested': true,
      'contacts.myLinkContact': true,
      'contacts.link': true,
      'contacts.contacts': true,
      'contacts.contactsNotModified': true,
      'contacts.blocked': true,
      'contacts.blockedSlice': true,
      'contacts.importedContacts': true,
      'messages.messages': true,
      'messages.messagesSlice': true,
      'messages.sentMessage': true,
      'messages.sentMessageLink': true,
      'messages.statedMessage': true,
      'messages.statedMessageLink': true,
      'messages.statedMessages': true,
      'messages.statedMessagesLinks': true,
      updateNewMessage: true,
      updateContactLink: true,
      updateContactRegistered: true,
      'updates.state': true,
      'updates.differenceEmpty': true,
      'updates.difference': true,
      'updates.differenceSlice': true,
      'auth.authorization': true,
      'auth.sentCode': true,
      'auth.checkedPhone': true,
    };
    const objects = TL_SCHEMA.filter((c) => c.resultType !== 'Bool' && c.predicate !== 'vector');
    expect(Object.keys(names).sort()).toEqual(objects.map((c) => c.predicate).sort());

    const types: Record<TlTypeName, true> = {
      RpcError: true,
      InputPeer: true,
      InputUser: true,
      InputContact: true,
      InputMedia: true,
      Peer: true,
      User: true,
      UserProfilePhoto: true,
      UserStatus: true,
      Chat: true,
      ChatPhoto: true,
      Message: true,
      MessageMedia: true,
      MessageAction: true,
      Photo: true,
      PeerNotifySettings: true,
      UserFull: true,
      Contact: true,
      ImportedContact: true,
      ContactBlocked: true,
      ContactStatus: true,
      'contacts.ForeignLink': true,
      'contacts.MyLink': true,
      'contacts.Link': true,
      'contacts.Contacts': true,
      'contacts.ImportedContacts': true,
      'contacts.Blocked': true,
      'messages.Messages': true,
      'messages.SentMessage': true,
      'messages.StatedMessage': true,
      'messages.StatedMessages': true,
      Update: true,
      'updates.State': true,
      'updates.Difference': true,
      'auth.Authorization': true,
      'auth.SentCode': true,
      'auth.CheckedPhone': true,
    };
    expect(Object.keys(types).sort()).toEqual([...new Set(objects.map((c) => c.resultType))].sort());
  });
});
