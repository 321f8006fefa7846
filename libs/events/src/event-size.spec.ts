import fc from 'fast-check';
import { EventTooLarge, LINK_CHANGED_ROOM, MAX_EVENT_BYTES, encodeEvent, makeEvent } from './codec';
import { newMeta } from './envelope';
import { PayloadOf } from './payloads';

const meta = () => newMeta({ correlation_id: 'x'.repeat(100), traceparent: `00-${'a'.repeat(32)}-${'b'.repeat(16)}-01` });
const userId = fc.integer({ min: 1, max: 2 ** 31 - 1 });
/** Text up to the API's 4,096 UTF-16 units, in the scripts that encode largest in UTF-8 (3 bytes per unit, and 4 per pair). */
const text = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 0, max: 4096 }).map((n) => '語'.repeat(n)) },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 2048 }).map((n) => '😀'.repeat(n)) },
  { weight: 1, arbitrary: fc.string({ maxLength: 64 }) },
);
const name = fc.integer({ min: 0, max: 255 }).map((n) => '語'.repeat(n));
const content = fc.oneof(
  text.map((t) => ({ kind: 'text' as const, text: t })),
  fc
    .record({ text, phone_number: fc.constant('123456789012345'), first_name: name, last_name: name, user_id: userId })
    .map((c) => ({ kind: 'contact' as const, ...c })),
);
const messageSent: fc.Arbitrary<PayloadOf<'MessageSent'>> = fc.record({
  sender_id: userId,
  random_id: fc.constant('-9223372036854775808'),
  method: fc.constantFrom('messages.sendMessage' as const, 'messages.sendMedia' as const, 'messages.forwardMessages' as const),
  layer: fc.constant(3),
  peer: userId.map((user_id) => ({ kind: 'user' as const, user_id })),
  date: fc.constant(2 ** 31 - 1),
  items: fc.array(fc.record({ content, forwarded_from: fc.record({ from_id: userId, date: fc.constant(2 ** 31 - 1) }) }), {
    minLength: 1,
    maxLength: 100,
    size: 'max',
  }),
});

/** The largest LinkChanged the projector can build for a message: both views, changed, and 200 recipients. */
function largestLinkChanged(message: PayloadOf<'MessageSent'>) {
  const view = (owner_id: number, peer_id: number) => ({
    owner_id,
    peer_id,
    my_link: { _: 'contacts.myLinkRequested' as const, contact: true },
    foreign_link: { _: 'contacts.foreignLinkRequested' as const, has_phone: true },
    user_kind: 'userRequest' as const,
    changed: true,
  });
  const recipient = message.peer.kind === 'user' ? message.peer.user_id : 1;
  return makeEvent(
    'LinkChanged',
    {
      message_event_id: '123e4567-e89b-42d3-a456-426614174000',
      message,
      delivered: true,
      views: [view(message.sender_id, recipient), view(recipient, message.sender_id)],
      recipient_ids: Array.from({ length: 200 }, (_, i) => 2 ** 31 - 1 - i),
    },
    meta(),
  );
}

describe('event size limits', () => {
  it('no event over MAX_EVENT_BYTES can be built: a MessageSent either is refused or fits, and then so does its LinkChanged', () => {
    let refused = 0;
    let built = 0;
    fc.assert(
      fc.property(messageSent, (payload) => {
        let event;
        try {
          event = makeEvent('MessageSent', payload, meta());
        } catch (error) {
          expect(error).toBeInstanceOf(EventTooLarge);
          refused++;
          return;
        }
        built++;
        expect(encodeEvent(event).length).toBeLessThanOrEqual(MAX_EVENT_BYTES - LINK_CHANGED_ROOM);
        expect(encodeEvent(largestLinkChanged(event.payload)).length).toBeLessThanOrEqual(MAX_EVENT_BYTES);
      }),
      { numRuns: 200, seed: 15 },
    );
    expect([refused > 0, built > 0]).toEqual([true, true]); // the generator reaches both sides of the limit
  });

  it('a MessageSent just over the limit is refused with its size', () => {
    const items = Array.from({ length: 60 }, () => ({ content: { kind: 'text' as const, text: '語'.repeat(4096) } }));
    expect(() =>
      makeEvent(
        'MessageSent',
        { sender_id: 1, random_id: '1', method: 'messages.forwardMessages', layer: 3, peer: { kind: 'user', user_id: 2 }, date: 0, items },
        meta(),
      ),
    ).toThrow(/MessageSent of \d+ bytes is over its limit of 507904/);
  });

  it('the encoding is made once and reused', () => {
    const event = makeEvent('ContactImported', { owner_id: 1, contact_id: 2 }, meta());
    expect(encodeEvent(event)).toBe(encodeEvent(event));
    expect(JSON.parse(encodeEvent(event).toString())).toEqual(event);
  });
});
