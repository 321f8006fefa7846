import { envelopeSchema, derivedMeta, newMeta } from './envelope';

describe('derivedMeta: the id of an event a consumer derives', () => {
  const cause = { ...newMeta({ correlation_id: 'req-1' }), event_id: '5bb4e054-7c1e-4c59-9d1b-3d6a2f0e8a11' };

  it('is the same for the same cause and type (a redone batch emits the same event)', () => {
    expect(derivedMeta(cause, 'LinkChanged').event_id).toBe(derivedMeta(cause, 'LinkChanged').event_id);
  });

  it('differs by cause and by type', () => {
    const other = { ...cause, event_id: '5bb4e054-7c1e-4c59-9d1b-3d6a2f0e8a12' };
    const ids = new Set(
      [derivedMeta(cause, 'LinkChanged'), derivedMeta(other, 'LinkChanged'), derivedMeta(cause, 'Other')].map((m) => m.event_id),
    );
    expect(ids.size).toBe(3);
  });

  it('is a version-8 UUID the envelope schema accepts, and keeps the cause as causation', () => {
    const meta = derivedMeta(cause, 'LinkChanged');
    expect(meta.event_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(meta.causation_id).toBe(cause.event_id);
    expect(envelopeSchema.safeParse({ ...meta, type: 'LinkChanged', version: 1, payload: {} }).success).toBe(true);
  });
});
