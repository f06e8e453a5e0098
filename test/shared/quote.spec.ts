import fc from 'fast-check';
import { quote, QUOTE_MAX_LENGTH } from '../../src/shared/quote';

const RAW_UNSAFE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u;

describe('quote', () => {
  it('never holds a control, bidi, format or separator character, nor a lone surrogate, whatever it is given', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => !RAW_UNSAFE.test(quote(text))), { numRuns: 2000 });
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom('\u0000', '\u202E', '\u2066', '\u200B', '\uFEFF', '\n', '\u2028', '\uD800', 'a'), maxLength: 300 }), (text) => !RAW_UNSAFE.test(quote(text))));
  });

  it('is short whatever it is given: at most the limit of characters, each escaped to at most 6', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 1000 }), (text) => quote(text).length <= QUOTE_MAX_LENGTH * 12 + 1));
    expect(quote('x'.repeat(100_000))).toBe(`${'x'.repeat(QUOTE_MAX_LENGTH)}…`);
  });

  it('leaves the service\'s ids and ordinary text as they are', () => {
    fc.assert(fc.property(fc.stringMatching(/^[A-Za-z0-9_-]{1,100}$/), (id) => quote(id) === id));
    expect(quote('Сергей Иванов')).toBe('Сергей Иванов');
  });

  it('escapes what it must as \\uXXXX, and a backslash so that an escape cannot be forged', () => {
    expect(quote('a\u0000b\u202Ec')).toBe('a\\u0000b\\u202Ec');
    expect(quote('\\u0000')).toBe('\\\\u0000');
    expect(quote('\uD83D\uDE00'.repeat(150))).toBe(`${'\uD83D\uDE00'.repeat(100)}…`); // cut between characters, not inside one
  });
});
