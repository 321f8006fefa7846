/** Little-endian reads over one buffer that never run past its end: a short buffer is a TlDecodeError. */
import { TlDecodeError } from './errors';

/** TL strings must be UTF-8; a malformed one is refused rather than turned into replacement characters. */
const utf8 = new TextDecoder('utf-8', { fatal: true });

export class Reader {
  offset = 0;
  private readonly buffer: Buffer;

  constructor(data: Uint8Array) {
    this.buffer = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  }

  get remaining(): number {
    return this.buffer.length - this.offset;
  }

  peekUint32(path: string): number {
    this.need(4, path);
    return this.buffer.readUInt32LE(this.offset);
  }

  uint32(path: string): number {
    const value = this.peekUint32(path);
    this.offset += 4;
    return value;
  }

  int32(path: string): number {
    this.need(4, path);
    const value = this.buffer.readInt32LE(this.offset);
    this.offset += 4;
    return value;
  }

  int64(path: string): bigint {
    this.need(8, path);
    const value = this.buffer.readBigInt64LE(this.offset);
    this.offset += 8;
    return value;
  }

  string(path: string): string {
    const start = this.offset;
    const data = this.bytes(path);
    try {
      return utf8.decode(data);
    } catch {
      throw new TlDecodeError(path, start, 'string is not valid UTF-8');
    }
  }

  bytes(path: string): Buffer {
    const start = this.offset;
    this.need(1, path);
    const first = this.buffer[this.offset]!;
    let length: number;
    let header: number;
    if (first < 254) {
      length = first;
      header = 1;
    } else if (first === 254) {
      this.need(4, path);
      length = this.buffer.readUIntLE(this.offset + 1, 3);
      header = 4;
    } else {
      throw new TlDecodeError(path, start, 'invalid string length byte 0xff');
    }
    const padded = header + length + ((4 - ((header + length) % 4)) % 4);
    this.need(padded, path);
    const data = this.buffer.subarray(this.offset + header, this.offset + header + length);
    this.offset += padded;
    return data;
  }

  expectEnd(): void {
    if (this.remaining !== 0) throw new TlDecodeError('$', this.offset, `${this.remaining} trailing bytes`);
  }

  private need(count: number, path: string): void {
    if (this.remaining < count) throw new TlDecodeError(path, this.offset, `truncated: need ${count} bytes, have ${this.remaining}`);
  }
}
