import { OutboxRow, requestSized } from './outbox';

const row = (id: number, bytes: number): OutboxRow => ({ id: String(id), topic: 't', key: 'k', value: Buffer.alloc(bytes), event_id: `e${id}`, headers: {} });

describe('requestSized', () => {
  it('splits a large batch into produce requests under 512 KiB, in order', () => {
    const rows = Array.from({ length: 1000 }, (_, i) => row(i, 1500));
    const chunks = [...requestSized(rows)];
    expect(chunks.length).toBeGreaterThan(2);
    for (const chunk of chunks) expect(chunk.reduce((n, r) => n + r.value.length, 0)).toBeLessThanOrEqual(512 * 1024);
    expect(chunks.flat().map((r) => r.id)).toEqual(rows.map((r) => r.id));
  });

  it('keeps a single oversized row on its own rather than dropping it', () => {
    expect([...requestSized([row(1, 10), row(2, 600 * 1024), row(3, 10)])].map((c) => c.map((r) => r.id))).toEqual([['1'], ['2'], ['3']]);
  });
});
