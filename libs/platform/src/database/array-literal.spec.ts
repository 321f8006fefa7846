import fc from 'fast-check';
import pg from 'pg';
import { arrayLiteral, numberArray, textArray } from './array-literal';

/** pg's own serialization of an array parameter (its `utils`, which its types leave out). */
const { prepareValue } = (pg as unknown as { utils: { prepareValue(value: unknown): unknown } }).utils;
const pgLiteral = (items: unknown[]) => prepareValue(items) as string;
/** pg quotes every element; Postgres reads a quoted and an unquoted number alike. */
const unquoted = (literal: string) => literal.replaceAll('"', '');

describe('textArray', () => {
  it('is the literal pg sends for arrays of JSON texts (the fast path)', () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue().map((value) => JSON.stringify(value))), (items) =>
        expect(textArray(items)).toBe(pgLiteral(items)),
      ),
    );
  });

  it('is the literal pg sends for any strings: controls, quotes, backslashes, unpaired surrogates, emoji', () => {
    const text = fc.oneof(
      fc.string({ unit: 'binary' }),
      fc.string({ unit: fc.constantFrom('"', '\\', '\n', '\u0000', '\ud800', '😀', 'a', ',', '{', '}') }),
    );
    fc.assert(fc.property(fc.array(text), (items) => expect(textArray(items)).toBe(pgLiteral(items))));
  });

  it('names the edge cases', () => {
    expect(textArray([])).toBe('{}');
    expect(textArray(['NULL', ''])).toBe('{"NULL",""}');
    expect(textArray(['a"b\\c'])).toBe('{"a\\"b\\\\c"}');
    expect(textArray(['line\nbreak'])).toBe('{"line\nbreak"}');
  });
});

describe('numberArray', () => {
  it('is the literal pg sends without its quotes, for any numbers', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer(), fc.double())), (items) => expect(numberArray(items)).toBe(unquoted(pgLiteral(items)))),
    );
  });
});

describe('arrayLiteral', () => {
  it('replaces arrays of only strings or only numbers, and leaves the rest to pg', () => {
    expect(arrayLiteral(['a', 'b'])).toBe('{"a","b"}');
    expect(arrayLiteral([1, -2])).toBe('{1,-2}');
    expect(arrayLiteral([])).toEqual([]);
    expect(arrayLiteral([1, null])).toEqual([1, null]);
    expect(arrayLiteral([1, 'a'])).toEqual([1, 'a']);
    expect(arrayLiteral('text')).toBe('text');
    expect(arrayLiteral(7)).toBe(7);
  });
});
