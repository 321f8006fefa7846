/**
 * Hand-written sample values for every object constructor, typed against the derived JSON types.
 * The `{ [N in TlName]: ... }` annotation makes the compiler demand a sample list for every
 * constructor and reject missing or extra fields, so the types are checked against the schema.
 */
import type { Chat, ContactsLink, Message, TlName, TlObjectOf, User } from '../src';

/** 2^53 + 1: not representable as a JS number, so it must survive as a string. */
export const LONG_BEYOND_DOUBLE = '9007199254740993';
export const LONG_MAX = '9223372036854775807';
export const LONG_MIN = '-9223372036854775808';
/** 300 bytes: exercises the 0xfe + 3-byte-length string form. */
export const STRING_300 = 'x'.repeat(300);
/** Multi-byte UTF-8: length is counted in bytes, not characters. */
export const UNICODE = 'Привет, 世界 👋';

const photo: TlObjectOf<'userProfilePhotoEmpty'> = { _: 'userProfilePhotoEmpty' };
const status: TlObjectOf<'userStatusEmpty'> = { _: 'userStatusEmpty' };

const userSelf: TlObjectOf<'userSelf'> = {
  _: 'userSelf',
  id: 1,
  first_name: 'Ada',
  last_name: '',
  phone: '15550001',
  photo,
  status,
  inactive: false,
};
const userContact: TlObjectOf<'userContact'> = {
  _: 'userContact',
  id: 2,
  first_name: UNICODE,
  last_name: 'B',
  access_hash: LONG_BEYOND_DOUBLE,
  phone: '15550002',
  photo,
  status,
};
const userRequest: TlObjectOf<'userRequest'> = {
  _: 'userRequest',
  id: 2147483647,
  first_name: '',
  last_name: '',
  access_hash: LONG_MIN,
  phone: '15550003',
  photo,
  status,
};
const userForeign: TlObjectOf<'userForeign'> = {
  _: 'userForeign',
  id: 4,
  first_name: STRING_300,
  last_name: 'F',
  access_hash: LONG_MAX,
  photo,
  status,
};
const userDeleted: TlObjectOf<'userDeleted'> = { _: 'userDeleted', id: 5, first_name: 'Gone', last_name: '' };
const users: User[] = [userSelf, userContact, userRequest, userForeign, userDeleted, { _: 'userEmpty', id: 6 }];

const link: ContactsLink = {
  _: 'contacts.link',
  my_link: { _: 'contacts.myLinkRequested', contact: true },
  foreign_link: { _: 'contacts.foreignLinkRequested', has_phone: false },
  user: userRequest,
};
const mutualLink: ContactsLink = {
  _: 'contacts.link',
  my_link: { _: 'contacts.myLinkContact' },
  foreign_link: { _: 'contacts.foreignLinkMutual' },
  user: userContact,
};

const chat: TlObjectOf<'chat'> = {
  _: 'chat',
  id: 10,
  title: 'Team',
  photo: { _: 'chatPhotoEmpty' },
  participants_count: 3,
  date: 1700000000,
  left: false,
  version: 1,
};
const chats: Chat[] = [chat, { _: 'chatEmpty', id: 11 }];

const textMessage: TlObjectOf<'message'> = {
  _: 'message',
  id: 100,
  from_id: 1,
  to_id: { _: 'peerUser', user_id: 2 },
  out: true,
  unread: true,
  date: 1700000001,
  message: 'hi',
  media: { _: 'messageMediaEmpty' },
};
const contactMessage: TlObjectOf<'message'> = {
  ...textMessage,
  id: 101,
  message: '',
  media: { _: 'messageMediaContact', phone_number: '15550001', first_name: 'Ada', last_name: '', user_id: 1 },
};
const forwarded: TlObjectOf<'messageForwarded'> = {
  _: 'messageForwarded',
  id: 102,
  fwd_from_id: 2,
  fwd_date: -1,
  from_id: 1,
  to_id: { _: 'peerChat', chat_id: 10 },
  out: false,
  unread: false,
  date: 1700000002,
  message: STRING_300,
  media: { _: 'messageMediaEmpty' },
};
const service: TlObjectOf<'messageService'> = {
  _: 'messageService',
  id: 103,
  from_id: 1,
  to_id: { _: 'peerChat', chat_id: 10 },
  out: true,
  unread: false,
  date: 1700000003,
  action: { _: 'messageActionChatCreate', title: 'Team', users: [1, 2, -2147483648] },
};
const messages: Message[] = [textMessage, contactMessage, forwarded, service];

export const SAMPLES: { [N in TlName]: TlObjectOf<N>[] } = {
  rpc_error: [
    { _: 'rpc_error', error_code: 400, error_message: 'PEER_ID_INVALID' },
    { _: 'rpc_error', error_code: -503, error_message: '' },
  ],
  inputPeerEmpty: [{ _: 'inputPeerEmpty' }],
  inputPeerSelf: [{ _: 'inputPeerSelf' }],
  inputPeerContact: [{ _: 'inputPeerContact', user_id: 5 }],
  inputPeerForeign: [
    { _: 'inputPeerForeign', user_id: 5, access_hash: LONG_BEYOND_DOUBLE },
    { _: 'inputPeerForeign', user_id: -1, access_hash: '-1' },
  ],
  inputPeerChat: [{ _: 'inputPeerChat', chat_id: 10 }],
  inputUserEmpty: [{ _: 'inputUserEmpty' }],
  inputUserSelf: [{ _: 'inputUserSelf' }],
  inputUserContact: [{ _: 'inputUserContact', user_id: 5 }],
  inputUserForeign: [{ _: 'inputUserForeign', user_id: 5, access_hash: LONG_MIN }],
  inputPhoneContact: [
    { _: 'inputPhoneContact', client_id: LONG_MAX, phone: '15550002', first_name: UNICODE, last_name: '' },
    { _: 'inputPhoneContact', client_id: '0', phone: '', first_name: STRING_300, last_name: 'x'.repeat(253) },
  ],
  inputMediaEmpty: [{ _: 'inputMediaEmpty' }],
  inputMediaContact: [{ _: 'inputMediaContact', phone_number: '15550001', first_name: 'Ada', last_name: 'x'.repeat(254) }],
  peerUser: [{ _: 'peerUser', user_id: 2 }],
  peerChat: [{ _: 'peerChat', chat_id: 10 }],
  userEmpty: [{ _: 'userEmpty', id: 6 }],
  userSelf: [userSelf, { ...userSelf, inactive: true }],
  userContact: [userContact],
  userRequest: [userRequest],
  userForeign: [userForeign],
  userDeleted: [userDeleted],
  userProfilePhotoEmpty: [photo],
  userStatusEmpty: [status],
  userStatusOnline: [{ _: 'userStatusOnline', expires: 1700000300 }],
  userStatusOffline: [{ _: 'userStatusOffline', was_online: 1700000000 }],
  chatEmpty: [{ _: 'chatEmpty', id: 11 }],
  chat: [chat, { ...chat, title: '', left: true, participants_count: 0 }],
  chatPhotoEmpty: [{ _: 'chatPhotoEmpty' }],
  message: [textMessage, contactMessage],
  messageForwarded: [forwarded],
  messageService: [service, { ...service, action: { _: 'messageActionChatCreate', title: '', users: [] } }],
  messageMediaEmpty: [{ _: 'messageMediaEmpty' }],
  messageMediaContact: [{ _: 'messageMediaContact', phone_number: '15550009', first_name: 'Unregistered', last_name: '', user_id: 0 }],
  messageActionChatCreate: [{ _: 'messageActionChatCreate', title: UNICODE, users: [1, 2, 3] }],
  photoEmpty: [
    { _: 'photoEmpty', id: '0' },
    { _: 'photoEmpty', id: LONG_MIN },
  ],
  peerNotifySettingsEmpty: [{ _: 'peerNotifySettingsEmpty' }],
  userFull: [
    {
      _: 'userFull',
      user: userContact,
      link: mutualLink,
      profile_photo: { _: 'photoEmpty', id: '0' },
      notify_settings: { _: 'peerNotifySettingsEmpty' },
      blocked: true,
      real_first_name: 'Ada',
      real_last_name: '',
    },
  ],
  contact: [
    { _: 'contact', user_id: 2, mutual: true },
    { _: 'contact', user_id: 3, mutual: false },
  ],
  importedContact: [{ _: 'importedContact', user_id: 2, client_id: LONG_BEYOND_DOUBLE }],
  contactBlocked: [{ _: 'contactBlocked', user_id: 2, date: 1700000000 }],
  contactStatus: [{ _: 'contactStatus', user_id: 2, expires: 1700000300 }],
  'contacts.foreignLinkUnknown': [{ _: 'contacts.foreignLinkUnknown' }],
  'contacts.foreignLinkRequested': [
    { _: 'contacts.foreignLinkRequested', has_phone: true },
    { _: 'contacts.foreignLinkRequested', has_phone: false },
  ],
  'contacts.foreignLinkMutual': [{ _: 'contacts.foreignLinkMutual' }],
  'contacts.myLinkEmpty': [{ _: 'contacts.myLinkEmpty' }],
  'contacts.myLinkRequested': [
    { _: 'contacts.myLinkRequested', contact: true },
    { _: 'contacts.myLinkRequested', contact: false },
  ],
  'contacts.myLinkContact': [{ _: 'contacts.myLinkContact' }],
  'contacts.link': [link, mutualLink],
  'contacts.contacts': [
    { _: 'contacts.contacts', contacts: [{ _: 'contact', user_id: 2, mutual: true }], users: [userContact] },
    { _: 'contacts.contacts', contacts: [], users: [] },
  ],
  'contacts.contactsNotModified': [{ _: 'contacts.contactsNotModified' }],
  'contacts.blocked': [
    { _: 'contacts.blocked', blocked: [{ _: 'contactBlocked', user_id: 2, date: 1700000000 }], users: [userContact] },
    { _: 'contacts.blocked', blocked: [], users: [] },
  ],
  'contacts.blockedSlice': [
    { _: 'contacts.blockedSlice', count: 3, blocked: [{ _: 'contactBlocked', user_id: 2, date: 1700000000 }], users: [userContact] },
  ],
  'contacts.importedContacts': [
    { _: 'contacts.importedContacts', imported: [{ _: 'importedContact', user_id: 2, client_id: '1' }], users: [userContact] },
  ],
  'messages.messages': [{ _: 'messages.messages', messages, chats, users }],
  'messages.messagesSlice': [{ _: 'messages.messagesSlice', count: 1000, messages: [textMessage], chats: [], users: [userSelf] }],
  'messages.sentMessage': [{ _: 'messages.sentMessage', id: 100, date: 1700000001, pts: 7, seq: 0 }],
  'messages.sentMessageLink': [{ _: 'messages.sentMessageLink', id: 100, date: 1700000001, pts: 7, seq: 1, links: [link, mutualLink] }],
  'messages.statedMessage': [
    { _: 'messages.statedMessage', message: contactMessage, chats: [], users: [userSelf, userRequest], pts: 8, seq: 2 },
  ],
  'messages.statedMessageLink': [
    { _: 'messages.statedMessageLink', message: contactMessage, chats: [], users: [userSelf], links: [link], pts: 8, seq: 2 },
  ],
  'messages.statedMessages': [{ _: 'messages.statedMessages', messages, chats, users, pts: 9, seq: 3 }],
  'messages.statedMessagesLinks': [
    {
      _: 'messages.statedMessagesLinks',
      messages: [forwarded],
      chats: [],
      users: [userForeign],
      links: [link, mutualLink],
      pts: 9,
      seq: 3,
    },
  ],
  updateNewMessage: [{ _: 'updateNewMessage', message: service, pts: 11 }],
  updateContactLink: [
    {
      _: 'updateContactLink',
      user_id: 2,
      my_link: { _: 'contacts.myLinkEmpty' },
      foreign_link: { _: 'contacts.foreignLinkRequested', has_phone: true },
    },
  ],
  updateContactRegistered: [{ _: 'updateContactRegistered', user_id: 2, date: 1700000004 }],
  'updates.state': [{ _: 'updates.state', pts: 11, qts: 0, date: 1700000004, seq: 5, unread_count: -1 }],
  'updates.differenceEmpty': [{ _: 'updates.differenceEmpty', date: 1700000004, seq: 5 }],
  'updates.difference': [
    {
      _: 'updates.difference',
      new_messages: messages,
      new_encrypted_messages: [],
      other_updates: [
        { _: 'updateContactLink', user_id: 2, my_link: { _: 'contacts.myLinkContact' }, foreign_link: { _: 'contacts.foreignLinkMutual' } },
        { _: 'updateNewMessage', message: textMessage, pts: 12 },
      ],
      chats,
      users,
      state: { _: 'updates.state', pts: 12, qts: 0, date: 1700000005, seq: 6, unread_count: 0 },
    },
  ],
  'updates.differenceSlice': [
    {
      _: 'updates.differenceSlice',
      new_messages: messages,
      new_encrypted_messages: [],
      other_updates: [
        { _: 'updateContactLink', user_id: 2, my_link: { _: 'contacts.myLinkEmpty' }, foreign_link: { _: 'contacts.foreignLinkUnknown' } },
      ],
      chats,
      users,
      intermediate_state: { _: 'updates.state', pts: 7, qts: 0, date: 1700000005, seq: 0, unread_count: 0 },
    },
  ],
  'auth.authorization': [{ _: 'auth.authorization', expires: 2147483647, user: userSelf }],
  'auth.sentCode': [
    { _: 'auth.sentCode', phone_registered: true, phone_code_hash: '0123456789abcdef0123456789abcdef' },
    { _: 'auth.sentCode', phone_registered: false, phone_code_hash: '' },
  ],
  'auth.checkedPhone': [{ _: 'auth.checkedPhone', phone_registered: false, phone_invited: false }],
};
