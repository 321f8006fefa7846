import { encodeTl, encodeTlAs } from './binary';
import { decodeTl, decodeTlAs } from './binary-decode';
import { TlDecodeError, TlEncodeError } from './errors';
import type { TlObject, TlObjectOf } from './types';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const photo = { _: 'userProfilePhotoEmpty' } as const;
const status = { _: 'userStatusEmpty' } as const;
const foreign: TlObjectOf<'userForeign'> = {
  _: 'userForeign',
  id: 4,
  first_name: 'F',
  last_name: '',
  access_hash: '1',
  photo,
  status,
};

function encodeError(run: () => unknown): TlEncodeError {
  try {
    run();
  } catch (error) {
    if (error instanceof TlEncodeError) return error;
    throw error;
  }
  throw new Error('expected TlEncodeError');
}

describe('encodeTl layout', () => {
  it('writes the derived id little-endian, then the fields', () => {
    expect(hex(encodeTl({ _: 'contacts.foreignLinkRequested', has_phone: true }))).toBe('471f80a7b5757299');
    expect(hex(encodeTl({ _: 'contacts.myLinkEmpty' }))).toBe('601c2ad2');
    expect(hex(encodeTl({ _: 'peerUser', user_id: -2 }))).toBe('6dbcb19dfeffffff');
  });

  it('writes a long from its decimal string as int64, beyond double precision', () => {
    const bytes = encodeTl({ _: 'photoEmpty', id: '9007199254740993' });
    expect(bytes.readBigInt64LE(4)).toBe(9007199254740993n);
    expect(hex(encodeTl({ _: 'photoEmpty', id: '-1' })).slice(8)).toBe('ffffffffffffffff');
  });

  it.each([
    ['empty', 0, '00000000'],
    ['3 bytes: header+data fill 4', 3, '03616161'],
    ['253 bytes: last short form', 253, null],
    ['254 bytes: first long form', 254, null],
    ['300 bytes', 300, null],
  ] as const)('string %s', (_, length, expectedHex) => {
    const text = 'a'.repeat(length);
    const body = encodeTlAs('string', text);
    if (expectedHex) expect(hex(body)).toBe(expectedHex);
    expect(body.length % 4).toBe(0);
    if (length < 254) {
      expect(body[0]).toBe(length);
    } else {
      expect([...body.subarray(0, 4)]).toEqual([0xfe, length & 0xff, length >> 8, 0]);
    }
    expect(decodeTlAs('string', body)).toBe(text);
  });

  it('counts string length in UTF-8 bytes', () => {
    expect(hex(encodeTlAs('string', 'é'))).toBe('02c3a900');
  });

  it('writes a bare vector without the vector id', () => {
    expect(hex(encodeTlAs('vector<int>', [7]))).toBe('0100000007000000');
    expect(hex(encodeTlAs('Vector<int>', [7]))).toBe('15c4b51c0100000007000000');
  });
});

describe('encodeTl errors name the path', () => {
  it('unknown constructor', () => {
    const error = encodeError(() => encodeTl({ _: 'userUnknown' } as unknown as TlObject));
    expect(error.path).toBe('$');
    expect(error.message).toMatch(/unknown constructor 'userUnknown'/);
  });

  it('missing field, deep inside vectors', () => {
    const { access_hash: _, ...withoutHash } = foreign;
    const error = encodeError(() => encodeTl({ _: 'contacts.contacts', contacts: [], users: [foreign, withoutHash as typeof foreign] }));
    expect(error.path).toBe('$.users[1].access_hash');
    expect(error.message).toMatch(/missing field 'access_hash' of userForeign/);
  });

  it('extra field (e.g. a phone on userForeign) is refused, not dropped', () => {
    const error = encodeError(() => encodeTl({ ...foreign, phone: '1555' } as unknown as TlObject));
    expect(error.path).toBe('$.phone');
    expect(error.message).toMatch(/unknown field 'phone' for userForeign/);
  });

  it.each([
    ['int as string', { _: 'peerUser', user_id: '5' }, '$.user_id', /expected int/],
    ['int out of range', { _: 'peerUser', user_id: 2 ** 31 }, '$.user_id', /expected int/],
    ['int not integral', { _: 'peerUser', user_id: 1.5 }, '$.user_id', /expected int/],
    ['long as number', { _: 'photoEmpty', id: 5 }, '$.id', /long as a decimal string/],
    ['long not decimal', { _: 'photoEmpty', id: '0x10' }, '$.id', /long as a decimal string/],
    ['long out of range', { _: 'photoEmpty', id: '9223372036854775808' }, '$.id', /out of 64-bit range/],
    ['Bool as number', { _: 'contact', user_id: 1, mutual: 1 }, '$.mutual', /expected Bool/],
    ['string as null', { _: 'userDeleted', id: 1, first_name: null, last_name: '' }, '$.first_name', /expected string, got null/],
    ['vector as object', { _: 'messageActionChatCreate', title: '', users: {} }, '$.users', /expected Vector/],
    ['vector element', { _: 'messageActionChatCreate', title: '', users: [1, 'x'] }, '$.users[1]', /expected int/],
    [
      'constructor of the wrong type',
      {
        _: 'contacts.link',
        my_link: { _: 'contacts.foreignLinkMutual' },
        foreign_link: { _: 'contacts.foreignLinkMutual' },
        user: foreign,
      },
      '$.my_link',
      /expected a contacts.MyLink constructor, got contacts.foreignLinkMutual/,
    ],
    ['object without _', { _: 'updateNewMessage', message: {}, pts: 1 }, '$.message', /no '_'/],
    ['Bool written as an object', { _: 'contact', user_id: 1, mutual: { _: 'boolTrue' } }, '$.mutual', /expected Bool/],
  ])('%s', (_, value, path, reason) => {
    const error = encodeError(() => encodeTl(value as unknown as TlObject));
    expect(error.path).toBe(path);
    expect(error.message).toMatch(reason);
  });

  it('refuses built-ins as `_` objects and non-objects at the top', () => {
    expect(encodeError(() => encodeTl({ _: 'boolTrue' } as unknown as TlObject)).message).toMatch(/unknown constructor 'boolTrue'/);
    expect(encodeError(() => encodeTl({ _: 'vector' } as unknown as TlObject)).message).toMatch(/unknown constructor 'vector'/);
    expect(encodeError(() => encodeTl(null as unknown as TlObject)).message).toMatch(/expected a TL object/);
    expect(encodeError(() => encodeTlAs('User', { _: 'peerUser', user_id: 1 })).message).toMatch(/expected a User constructor/);
  });

  it('rejects type expressions it cannot encode', () => {
    expect(() => encodeTlAs('double', 1)).toThrow(/unsupported TL type 'double'/);
  });
});

describe('decodeTl', () => {
  it('round-trips objects, Bools and vectors of objects', () => {
    const link: TlObject = {
      _: 'contacts.link',
      my_link: { _: 'contacts.myLinkContact' },
      foreign_link: { _: 'contacts.foreignLinkUnknown' },
      user: foreign,
    };
    expect(decodeTl(encodeTl(link))).toEqual(link);
    expect(decodeTl(encodeTl(false))).toBe(false);
    expect(decodeTl(encodeTl([foreign, link]))).toEqual([foreign, link]);
  });

  it.each([
    ['truncated', Buffer.from('471f80a7b575', 'hex'), /truncated/],
    ['trailing bytes', Buffer.from('601c2ad200000000', 'hex'), /4 trailing bytes/],
    ['unknown id', Buffer.from('01020304', 'hex'), /unknown constructor id 0x04030201/],
    ['bad Bool', Buffer.from('471f80a700000000', 'hex'), /expected Bool/],
    ['absurd vector length', Buffer.from('15c4b51cffffff7f', 'hex'), /impossible vector length/],
  ])('rejects %s input', (_, bytes, reason) => {
    expect(() => decodeTl(bytes)).toThrow(TlDecodeError);
    expect(() => decodeTl(bytes)).toThrow(reason);
  });

  it('checks the result type when decoding as a type', () => {
    expect(() => decodeTlAs('contacts.MyLink', encodeTl({ _: 'contacts.foreignLinkMutual' }))).toThrow(
      /expected a contacts.MyLink, got contacts.foreignLinkMutual/,
    );
  });
});
