/**
 * The TL schema this server speaks: layer 1–3 shapes, one line per constructor, exactly as
 * Telegram published them (id included). This array is the single source of truth: the runtime
 * schema (schema.ts), the JSON types (types.ts) and the tests are all derived from it.
 *
 * The `#id` written in each line is only a claim; the codec uses the id derived as CRC32 of the
 * normalised line, and a test asserts that both agree for every line.
 *
 * Keep every line in published form: no comments inside the strings, no reformatting.
 */
export const SCHEMA_LINES = [
  // Built-ins: Bool travels as JSON true/false, Vector as a JSON array.
  'boolFalse#bc799737 = Bool;',
  'boolTrue#997275b5 = Bool;',
  'vector#1cb5c415 {t:Type} # [ t ] = Vector t;',

  // MTProto error object; the HTTP API sends it as the JSON error body.
  'rpc_error#2144ca19 error_code:int error_message:string = RpcError;',

  'inputPeerEmpty#7f3b18ea = InputPeer;',
  'inputPeerSelf#7da07ec9 = InputPeer;',
  'inputPeerContact#1023dbe8 user_id:int = InputPeer;',
  'inputPeerForeign#9b447325 user_id:int access_hash:long = InputPeer;',
  'inputPeerChat#179be863 chat_id:int = InputPeer;',

  'inputUserEmpty#b98886cf = InputUser;',
  'inputUserSelf#f7c1b13f = InputUser;',
  'inputUserContact#86e94f65 user_id:int = InputUser;',
  'inputUserForeign#655e74ff user_id:int access_hash:long = InputUser;',

  'inputPhoneContact#f392b7f4 client_id:long phone:string first_name:string last_name:string = InputContact;',

  'inputMediaEmpty#9664f57f = InputMedia;',
  'inputMediaContact#a6e45987 phone_number:string first_name:string last_name:string = InputMedia;',

  'peerUser#9db1bc6d user_id:int = Peer;',
  'peerChat#bad0e5bb chat_id:int = Peer;',

  'userEmpty#200250ba id:int = User;',
  'userSelf#720535ec id:int first_name:string last_name:string phone:string photo:UserProfilePhoto status:UserStatus inactive:Bool = User;',
  'userContact#f2fb8319 id:int first_name:string last_name:string access_hash:long phone:string photo:UserProfilePhoto status:UserStatus = User;',
  'userRequest#22e8ceb0 id:int first_name:string last_name:string access_hash:long phone:string photo:UserProfilePhoto status:UserStatus = User;',
  'userForeign#5214c89d id:int first_name:string last_name:string access_hash:long photo:UserProfilePhoto status:UserStatus = User;',
  'userDeleted#b29ad7cc id:int first_name:string last_name:string = User;',

  'userProfilePhotoEmpty#4f11bae1 = UserProfilePhoto;',
  'userStatusEmpty#9d05049 = UserStatus;',
  'userStatusOnline#edb93949 expires:int = UserStatus;',
  'userStatusOffline#8c703f was_online:int = UserStatus;',

  'chatEmpty#9ba2d800 id:int = Chat;',
  'chat#6e9c9bc7 id:int title:string photo:ChatPhoto participants_count:int date:int left:Bool version:int = Chat;',
  'chatPhotoEmpty#37c1011c = ChatPhoto;',

  'message#22eb6aba id:int from_id:int to_id:Peer out:Bool unread:Bool date:int message:string media:MessageMedia = Message;',
  'messageForwarded#5f46804 id:int fwd_from_id:int fwd_date:int from_id:int to_id:Peer out:Bool unread:Bool date:int message:string media:MessageMedia = Message;',
  'messageService#9f8d60bb id:int from_id:int to_id:Peer out:Bool unread:Bool date:int action:MessageAction = Message;',

  'messageMediaEmpty#3ded6320 = MessageMedia;',
  'messageMediaContact#5e7d2f39 phone_number:string first_name:string last_name:string user_id:int = MessageMedia;',

  'messageActionChatCreate#a6638b9a title:string users:Vector<int> = MessageAction;',

  'photoEmpty#2331b22d id:long = Photo;',

  'peerNotifySettingsEmpty#70a68512 = PeerNotifySettings;',

  'userFull#771095da user:User link:contacts.Link profile_photo:Photo notify_settings:PeerNotifySettings blocked:Bool real_first_name:string real_last_name:string = UserFull;',

  'contact#f911c994 user_id:int mutual:Bool = Contact;',
  'importedContact#d0028438 user_id:int client_id:long = ImportedContact;',
  'contactBlocked#561bc879 user_id:int date:int = ContactBlocked;',
  'contactStatus#aa77b873 user_id:int expires:int = ContactStatus;',

  'contacts.foreignLinkUnknown#133421f8 = contacts.ForeignLink;',
  'contacts.foreignLinkRequested#a7801f47 has_phone:Bool = contacts.ForeignLink;',
  'contacts.foreignLinkMutual#1bea8ce1 = contacts.ForeignLink;',

  'contacts.myLinkEmpty#d22a1c60 = contacts.MyLink;',
  'contacts.myLinkRequested#6c69efee contact:Bool = contacts.MyLink;',
  'contacts.myLinkContact#c240ebd9 = contacts.MyLink;',

  'contacts.link#eccea3f5 my_link:contacts.MyLink foreign_link:contacts.ForeignLink user:User = contacts.Link;',

  'contacts.contacts#6f8b8cb2 contacts:Vector<Contact> users:Vector<User> = contacts.Contacts;',
  'contacts.contactsNotModified#b74ba9d2 = contacts.Contacts;',
  'contacts.importedContacts#d1cd0a4c imported:Vector<ImportedContact> users:Vector<User> = contacts.ImportedContacts;',
  'contacts.blocked#1c138d15 blocked:Vector<ContactBlocked> users:Vector<User> = contacts.Blocked;',
  'contacts.blockedSlice#900802a1 count:int blocked:Vector<ContactBlocked> users:Vector<User> = contacts.Blocked;',

  'messages.messages#8c718e87 messages:Vector<Message> chats:Vector<Chat> users:Vector<User> = messages.Messages;',
  'messages.messagesSlice#b446ae3 count:int messages:Vector<Message> chats:Vector<Chat> users:Vector<User> = messages.Messages;',

  'messages.sentMessage#d1f4d35c id:int date:int pts:int seq:int = messages.SentMessage;',
  'messages.sentMessageLink#e9db4a3f id:int date:int pts:int seq:int links:Vector<contacts.Link> = messages.SentMessage;',

  'messages.statedMessage#d07ae726 message:Message chats:Vector<Chat> users:Vector<User> pts:int seq:int = messages.StatedMessage;',
  'messages.statedMessageLink#a9af2881 message:Message chats:Vector<Chat> users:Vector<User> links:Vector<contacts.Link> pts:int seq:int = messages.StatedMessage;',

  'messages.statedMessages#969478bb messages:Vector<Message> chats:Vector<Chat> users:Vector<User> pts:int seq:int = messages.StatedMessages;',
  'messages.statedMessagesLinks#3e74f5c6 messages:Vector<Message> chats:Vector<Chat> users:Vector<User> links:Vector<contacts.Link> pts:int seq:int = messages.StatedMessages;',

  'updateNewMessage#13abdb3 message:Message pts:int = Update;',
  'updateContactLink#51a48a9a user_id:int my_link:contacts.MyLink foreign_link:contacts.ForeignLink = Update;',
  'updateContactRegistered#2575bbb9 user_id:int date:int = Update;',

  'updates.state#a56c2a3e pts:int qts:int date:int seq:int unread_count:int = updates.State;',

  // new_encrypted_messages is part of the published shape (and of the id); this server has no
  // secret chats, so EncryptedMessage has no constructor here and the vector is always empty.
  'updates.differenceEmpty#5d75a138 date:int seq:int = updates.Difference;',
  'updates.difference#f49ca0 new_messages:Vector<Message> new_encrypted_messages:Vector<EncryptedMessage> other_updates:Vector<Update> chats:Vector<Chat> users:Vector<User> state:updates.State = updates.Difference;',
  'updates.differenceSlice#a8fb1981 new_messages:Vector<Message> new_encrypted_messages:Vector<EncryptedMessage> other_updates:Vector<Update> chats:Vector<Chat> users:Vector<User> intermediate_state:updates.State = updates.Difference;',

  'auth.authorization#f6b673a4 expires:int user:User = auth.Authorization;',
  'auth.sentCode#2215bcbd phone_registered:Bool phone_code_hash:string = auth.SentCode;',
  'auth.checkedPhone#e300cc3b phone_registered:Bool phone_invited:Bool = auth.CheckedPhone;',
] as const;

export type SchemaLine = (typeof SCHEMA_LINES)[number];
