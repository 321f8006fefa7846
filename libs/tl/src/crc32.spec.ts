import { GramJs } from '../test/gramjs';
import { crc32 } from './crc32';

describe('crc32', () => {
  it('gives the standard CRC-32 check value', () => {
    expect(crc32('123456789')).toBe(0xcbf43926);
    expect(crc32('')).toBe(0);
  });

  it('hashes strings as their UTF-8 bytes', () => {
    expect(crc32('é')).toBe(crc32(Buffer.from([0xc3, 0xa9])));
  });

  it('agrees with GramJS crc32', () => {
    for (const text of ['', 'a', 'boolTrue = Bool', 'Привет 👋', 'x'.repeat(1000)]) {
      expect(crc32(text)).toBe(GramJs.crc32(text));
    }
  });
});
