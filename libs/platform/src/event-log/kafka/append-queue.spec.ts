import { OutgoingRecord } from '../event-log';
import { AppendQueue, requestSized } from './append-queue';

const record = (id: number, bytes: number): OutgoingRecord => ({ topic: 't', key: String(id), value: Buffer.alloc(bytes), headers: {} });
const sizeOf = (request: readonly OutgoingRecord[]) => request.reduce((n, r) => n + (r.value?.length ?? 0) + (r.key?.length ?? 0), 0);

describe('requestSized', () => {
  it('splits a large batch into produce requests under 512 KiB, in order', () => {
    const records = Array.from({ length: 1000 }, (_, i) => record(i, 1500));
    const requests = [...requestSized(records)];
    expect(requests.length).toBeGreaterThan(2);
    for (const request of requests) expect(sizeOf(request)).toBeLessThanOrEqual(512 * 1024);
    expect(requests.flat().map((r) => r.key)).toEqual(records.map((r) => r.key));
  });

  it('keeps a single oversized record on its own rather than dropping it', () => {
    expect([...requestSized([record(1, 10), record(2, 600 * 1024), record(3, 10)])].map((r) => r.map((x) => x.key))).toEqual([
      ['1'],
      ['2'],
      ['3'],
    ]);
  });
});

describe('AppendQueue', () => {
  it('sends one append larger than a request in several requests under 512 KiB, in order, and resolves it once all went out', async () => {
    const sent: OutgoingRecord[][] = [];
    const queue = new AppendQueue(async (request) => void sent.push([...request]));
    const records = Array.from({ length: 1000 }, (_, i) => record(i, 1500));
    await queue.append(records);
    expect(sent.length).toBeGreaterThan(2);
    for (const request of sent) expect(sizeOf(request)).toBeLessThanOrEqual(512 * 1024);
    expect(sent.flat().map((r) => r.key)).toEqual(records.map((r) => r.key));
  });

  it('coalesces appends made while a request is in flight into the next request', async () => {
    const sent: string[][] = [];
    let release: () => void = () => undefined;
    const queue = new AppendQueue(async (request) => {
      sent.push(request.map((r) => r.key!));
      if (sent.length === 1) await new Promise<void>((resolve) => (release = resolve));
    });
    const first = queue.append([record(1, 10)]);
    await new Promise((resolve) => setImmediate(resolve));
    const later = [queue.append([record(2, 10)]), queue.append([record(3, 10)])];
    release();
    await Promise.all([first, ...later]);
    expect(sent).toEqual([['1'], ['2', '3']]);
  });
});
