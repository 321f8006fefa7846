import { makeEvent } from '../src/codec';
import { PayloadOf } from '../src/payloads';
import { newMeta } from '../src/envelope';

const meta = () => newMeta({ correlation_id: 'spec' });

/** Events in the log's vocabulary, for specifications: one builder a type, with plain defaults. */
export const events = {
  imports: (owner_id: number, contact_id: number, names?: { first_name: string; last_name: string }) =>
    makeEvent('ContactImported', { owner_id, contact_id, names }, meta()),
  importsPhone: (owner_id: number, phone: string, first_name = 'Saved') =>
    makeEvent('PendingContactImported', { owner_id, phone, names: { first_name, last_name: '' } }, meta()),
  dropsPhone: (owner_id: number, phone: string) => makeEvent('PendingContactDeleted', { owner_id, phone }, meta()),
  deletes: (owner_id: number, contact_id: number) => makeEvent('ContactDeleted', { owner_id, contact_id }, meta()),
  blocks: (owner_id: number, target_id: number) => makeEvent('UserBlocked', { owner_id, target_id }, meta()),
  unblocks: (owner_id: number, target_id: number) => makeEvent('UserUnblocked', { owner_id, target_id }, meta()),
  registers: (user_id: number, phone: string) => makeEvent('UserRegistered', { user_id, phone, first_name: 'U', last_name: '' }, meta()),
  createsChat: (chat_id: number, creator_id: number, member_ids: number[]) =>
    makeEvent('ChatCreated', { chat_id, creator_id, title: 't', member_ids }, meta()),
  writes: (sender_id: number, peer: PayloadOf<'MessageSent'>['peer'], layer = 3) =>
    makeEvent(
      'MessageSent',
      {
        sender_id,
        random_id: '1',
        method: 'messages.sendMessage',
        layer,
        peer,
        date: 0,
        items: [{ content: { kind: 'text', text: 'hi' } }],
      },
      meta(),
    ),
};
