/**
 * The functions a client calls, as Telegram published them for layers 1–3 (the part of the schema
 * after `---functions---`), id included: the methods this server answers, then the wrappers a call
 * may come in (`invokeWithLayerN` states the client's layer, `initConnection` describes the app).
 * As in SCHEMA_LINES, the `#id` is a claim a test checks against the id derived from the line.
 *
 * Keep every line in published form: no comments inside the strings, no reformatting.
 */
export const FUNCTION_LINES = [
  'auth.checkPhone#6fe51dfb phone_number:string = auth.CheckedPhone;',
  'auth.sendCode#768d5f4d phone_number:string sms_type:int api_id:int api_hash:string lang_code:string = auth.SentCode;',
  'auth.signUp#1b067634 phone_number:string phone_code_hash:string phone_code:string first_name:string last_name:string = auth.Authorization;',
  'auth.signIn#bcd51581 phone_number:string phone_code_hash:string phone_code:string = auth.Authorization;',
  'auth.logOut#5717da40 = Bool;',
  'auth.resetAuthorizations#9fab0d1a = Bool;',

  'users.getUsers#d91a548 id:Vector<InputUser> = Vector<User>;',
  'users.getFullUser#ca30a5b1 id:InputUser = UserFull;',

  'contacts.getContacts#22c6aa08 hash:string = contacts.Contacts;',
  'contacts.importContacts#da30b32d contacts:Vector<InputContact> replace:Bool = contacts.ImportedContacts;',
  'contacts.deleteContact#8e953744 id:InputUser = contacts.Link;',
  'contacts.deleteContacts#59ab389e id:Vector<InputUser> = Bool;',
  'contacts.block#332b49fc id:InputUser = Bool;',
  'contacts.unblock#e54100bd id:InputUser = Bool;',
  'contacts.getBlocked#f57c350f offset:int limit:int = contacts.Blocked;',
  'contacts.getStatuses#c4a353ee = Vector<ContactStatus>;',

  'messages.getHistory#92a1df2f peer:InputPeer offset:int max_id:int limit:int = messages.Messages;',
  'messages.sendMessage#4cde0aab peer:InputPeer message:string random_id:long = messages.SentMessage;',
  'messages.sendMedia#a3c85d76 peer:InputPeer media:InputMedia random_id:long = messages.StatedMessage;',
  'messages.forwardMessages#514cd10f peer:InputPeer id:Vector<int> = messages.StatedMessages;',
  'messages.forwardMessage#3f3f4f2 peer:InputPeer id:int random_id:long = messages.StatedMessage;',
  'messages.sendBroadcast#41bb0972 contacts:Vector<InputUser> message:string media:InputMedia = messages.StatedMessages;',
  'messages.createChat#419d9aee users:Vector<InputUser> title:string = messages.StatedMessage;',

  'updates.getState#edd4882a = updates.State;',
  'updates.getDifference#a041495 pts:int date:int qts:int = updates.Difference;',

  'invokeWithLayer1#53835315 {X:Type} query:!X = X;',
  'invokeWithLayer2#289dd1f6 {X:Type} query:!X = X;',
  'invokeWithLayer3#b7475268 {X:Type} query:!X = X;',
  // The generic form later layers use; a layer above 3 is served as 3.
  'invokeWithLayer#da9b0d0d {X:Type} layer:int query:!X = X;',
  'initConnection#69796de9 {X:Type} api_id:int device_model:string system_version:string app_version:string lang_code:string query:!X = X;',
] as const;
