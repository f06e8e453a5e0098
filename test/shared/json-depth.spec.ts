import fc from 'fast-check';
import { tooDeep } from '../../src/shared/json-depth';
import { parseCaseFile } from '../../src/case-file/case-file.load';

/** The nesting depth of a parsed JSON value, counted the slow, obvious way. */
function depthOf(value: unknown): number {
  if (Array.isArray(value)) return 1 + Math.max(0, ...value.map(depthOf));
  if (value !== null && typeof value === 'object') return 1 + Math.max(0, ...Object.values(value).map(depthOf));
  return 0;
}

describe('tooDeep: the nesting of a JSON text, without recursion', () => {
  it('agrees with the parsed value\'s depth for any JSON, whatever brackets and quotes its strings hold', () => {
    const tricky = fc.oneof(fc.string(), fc.constantFrom('[', ']', '{', '}', '"', '\\', '\\"[', '"]}'));
    const json = fc.letrec((tie) => ({
      value: fc.oneof({ depthSize: 'small' }, tricky, fc.integer(), fc.constant(null), fc.array(tie('value'), { maxLength: 3 }), fc.dictionary(tricky, tie('value'), { maxKeys: 3 })),
    })).value;
    fc.assert(
      fc.property(json, fc.boolean(), (value, pretty) => {
        const text = JSON.stringify(value, null, pretty ? 2 : undefined);
        const depth = depthOf(value);
        expect(tooDeep(text, depth)).toBeUndefined();
        if (depth > 0) expect(tooDeep(text, depth - 1)).toMatchObject({ depth });
      }),
    );
  });

  it('names the line and column where the text first goes too deep', () => {
    expect(tooDeep('{\n  "a": [[[1]]]\n}', 3)).toEqual({ depth: 4, offset: 11, line: 2, column: 10 });
  });

  it('a case file nested 100,000 levels deep is refused with its place, not a stack overflow', () => {
    const text = `{"format":"factcheck-case/2","x":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    const parsed = parseCaseFile(Buffer.from(text));
    expect(parsed).toMatchObject({ ok: false, stage: 'json', problems: [{ path: 'line 1, column 65', message: expect.stringMatching(/deeper than 32 levels/) }] });
  });
});
