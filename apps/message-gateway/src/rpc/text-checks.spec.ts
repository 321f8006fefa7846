import fc from 'fast-check';
import { isLong, textProblem } from './text-checks';

describe('textProblem', () => {
  it.each<[string, string, ReturnType<typeof textProblem>]>([
    ['plain text', 'hello', undefined],
    ['the empty string (a field may allow it)', '', undefined],
    ['emoji, a well-formed surrogate pair', 'hi 👋🏽', undefined],
    ['Cyrillic, CJK, Arabic, accents', 'Привет 你好 مرحبا café', undefined],
    ['a name with a joiner inside visible text', 'a\u200db', undefined],
    ['NUL', 'a\u0000b', 'nul'],
    ['a lone high surrogate', '\ud800', 'unpaired-surrogate'],
    ['a lone low surrogate inside text', 'ok\udfffok', 'unpaired-surrogate'],
    ['two surrogates in the wrong order', '\udc00\ud800', 'unpaired-surrogate'],
    ['a bell', '\u0007bell', 'control'],
    ['a C1 control', 'x\u0085y', 'control'],
    ['a line feed in a name', 'Ann\nLee', 'control'],
    ['only a zero-width space', '\u200b', 'invisible'],
    ['only spaces', '   ', 'invisible'],
    ['only format characters and no-break spaces', '\u2060\ufeff\u00a0\u202e', 'invisible'],
    ['only a combining mark', '\u0301', 'invisible'],
    ['only Hangul fillers and a braille blank', '\u3164\u115f\u2800', 'invisible'],
  ])('%s', (_, value, expected) => expect(textProblem(value)).toBe(expected));

  it('multiline text may hold tab, line feed and carriage return, never other controls', () => {
    expect(textProblem('line 1\nline 2\r\n\tend', { multiline: true })).toBeUndefined();
    expect(textProblem('line 1\u000bline 2', { multiline: true })).toBe('control');
    expect(textProblem('\n\n', { multiline: true })).toBe('invisible');
  });

  it('accepts every well-formed string of visible characters', () => {
    const visible = fc
      .string({ unit: 'grapheme', minLength: 1, maxLength: 20 })
      .filter((s) => /[\p{L}\p{N}\p{P}\p{S}]/u.test(s) && !/[\p{Cc}\p{Cs}]/u.test(s));
    fc.assert(fc.property(visible, (s) => textProblem(s) === undefined));
  });

  it('refuses any string with a NUL or an unpaired surrogate in it', () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.string(),
        fc.constantFrom('\u0000', '\ud800', '\udbff', '\udc00'),
        (a, b, bad) => textProblem(`${a}${bad}${b}`) !== undefined,
      ),
    );
  });
});

describe('isLong', () => {
  it.each(['0', '1', '-1', '9223372036854775807', '-9223372036854775808', '1234567890123'])('%s is a long', (s) =>
    expect(isLong(s)).toBe(true),
  );
  it.each([
    '',
    '-',
    'x',
    '1e3',
    '１２３',
    '0x10',
    ' 1',
    '1 ',
    '1.5',
    '+1',
    '01',
    '-0x1',
    '-0',
    '9223372036854775808',
    '-9223372036854775809',
    '99999999999999999999',
    'a'.repeat(5000),
  ])('%j is not', (s) => expect(isLong(s)).toBe(false));
  it('agrees with BigInt on every decimal string it accepts', () => {
    fc.assert(fc.property(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), (n) => isLong(n.toString())));
    fc.assert(fc.property(fc.bigInt({ min: 2n ** 63n, max: 2n ** 70n }), (n) => !isLong(n.toString()) && !isLong((-n - 1n).toString())));
  });
});
