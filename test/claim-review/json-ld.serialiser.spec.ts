import fc from 'fast-check';
import { serialiseJsonLd } from '../../src/claim-review/json-ld.serialiser';

const UNSAFE = /[<>&\u2028\u2029]/;
/** Strings rich in what matters here, plus any other code unit. */
const hostileString = fc.oneof(
  fc.string({ unit: fc.constantFrom('<', '>', '&', '\u2028', '\u2029', '/', '"', '\\', '!', '-', 's', 'c', 'r', 'i', 'p', 't', ' '), maxLength: 60 }),
  fc.string({ unit: 'binary', maxLength: 60 }),
);
const json = fc.jsonValue().chain((base) =>
  fc.oneof(fc.constant(base as unknown), fc.dictionary(hostileString, fc.oneof(hostileString, fc.constant(base as unknown)), { maxKeys: 5 }), fc.array(hostileString, { maxLength: 5 })),
);

describe('serialiseJsonLd', () => {
  it('parses to the same value as JSON.stringify gives, for any JSON value', () => {
    fc.assert(fc.property(json, (value) => {
      expect(JSON.parse(serialiseJsonLd(value))).toEqual(JSON.parse(JSON.stringify(value)));
    }), { numRuns: 1000 });
  });

  it('never contains <, >, &, U+2028 or U+2029', () => {
    fc.assert(fc.property(json, (value) => !UNSAFE.test(serialiseJsonLd(value))), { numRuns: 1000 });
  });

  it('cannot close a script element or open a comment', () => {
    const statement = 'X </script><script>alert(1)</script><!--';
    const text = serialiseJsonLd({ claimReviewed: statement, note: 'a & b\u2028c\u2029' });
    expect(text).toBe('{"claimReviewed":"X \\u003c/script\\u003e\\u003cscript\\u003ealert(1)\\u003c/script\\u003e\\u003c!--","note":"a \\u0026 b\\u2028c\\u2029"}');
    expect(JSON.parse(text).claimReviewed).toBe(statement);
  });
});
