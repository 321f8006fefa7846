import { CURRENT_VERSION, decodeEvent, encodeEvent, makeEvent } from './codec';
import { newMeta } from './envelope';

const meta = () => newMeta({ correlation_id: 'req-1' });

describe('event codec', () => {
  it('round-trips a valid event', () => {
    const event = makeEvent('ContactImported', { owner_id: 1, contact_id: 2 }, meta());
    expect(decodeEvent(encodeEvent(event))).toEqual({ ok: true, event });
  });

  it('reads a version-1 ContactImported through its upcaster, as the current version without saved names', () => {
    const v2 = makeEvent('ContactImported', { owner_id: 1, contact_id: 2, names: { first_name: 'Mum', last_name: '' } }, meta());
    const { names: _names, ...v1Payload } = v2.payload;
    const decoded = decodeEvent(JSON.stringify({ ...v2, version: 1, payload: v1Payload }));
    expect(decoded).toEqual({
      ok: true,
      event: { ...v2, version: CURRENT_VERSION.ContactImported, payload: { owner_id: 1, contact_id: 2 } },
    });
    expect(CURRENT_VERSION.ContactImported).toBe(2);
  });

  it('causation defaults to the correlation id and follows a causing event', () => {
    const first = meta();
    expect(first.causation_id).toBe('req-1');
    expect(newMeta({ correlation_id: 'req-1', event_id: first.event_id }).causation_id).toBe(first.event_id);
  });

  it.each([
    ['null value', null, 'empty message value'],
    ['not JSON', '{', 'value is not JSON'],
    ['no envelope', '{"type":"ContactImported"}', 'bad envelope'],
    [
      'unknown type',
      JSON.stringify({ ...makeEvent('ContactDeleted', { owner_id: 1, contact_id: 2 }, meta()), type: 'Nope' }),
      'unknown event type "Nope"',
    ],
    [
      'future version',
      JSON.stringify({ ...makeEvent('ContactDeleted', { owner_id: 1, contact_id: 2 }, meta()), version: 2 }),
      'unsupported ContactDeleted version 2',
    ],
    [
      'bad payload',
      JSON.stringify({ ...makeEvent('ContactDeleted', { owner_id: 1, contact_id: 2 }, meta()), payload: { owner_id: -1 } }),
      'bad ContactDeleted payload',
    ],
  ])('rejects %s with a reason instead of throwing', (_name, raw, reason) => {
    const result = decodeEvent(raw);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toContain(reason);
  });

  it('refuses to build an event whose payload breaks its schema', () => {
    expect(() => makeEvent('UserRegistered', { user_id: 1, phone: '+1', first_name: 'a', last_name: '' }, meta())).toThrow(/phone/);
  });
});
