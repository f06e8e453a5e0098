import fc from 'fast-check';
import { duplicateKeys, loadCaseFile } from '../../src/case-file/case-file.load';
import { ratingScale } from '../../src/claims/domain/rating-scale';
import { smallCaseV2 } from '../support/small-case';

const lineAndColumn = (text: string, offset: number) => {
  const before = text.slice(0, offset).split('\n');
  return `line ${before.length}, column ${before[before.length - 1].length + 1}`;
};

describe('keys given twice in one JSON object', () => {
  it('given a person listed twice, the file is refused at the second one, and nothing is merged', () => {
    const text = JSON.stringify(smallCaseV2(), null, 2).replace('"rustam": {', '"nadia": {\n      "name": "Nadia Again",\n      "roles": ["editor"]\n    },\n    "rustam": {');
    expect(JSON.parse(text).people.nadia.name).toBe('Nadia Reviewer'); // what JSON.parse alone would keep, silently
    const second = text.indexOf('"nadia"', text.indexOf('"nadia"') + 1);
    const result = loadCaseFile(text, ratingScale(), 2, new Date('2026-01-01T00:00:00Z'));
    expect(result).toEqual({
      ok: false,
      problems: [{ path: lineAndColumn(text, second), message: expect.stringMatching(/^the key "nadia" is given twice in one object \(people\.nadia; first at line \d+, column \d+\)/) }],
    });
  });

  it('names the object by its path inside lists', () => {
    const text = '{"claims": [{"key": "a"}, {"key": "b", "acts": [{"act": "submit", "by": "x", "by": "y"}]}]}';
    expect(duplicateKeys(text)).toEqual([{ path: 'line 1, column 78', message: expect.stringContaining('(claims[1].acts[0].by; first at line 1, column 67)') }]);
  });

  it('finds none in any JSON that JSON.stringify writes (which never repeats a key)', () => {
    fc.assert(fc.property(fc.jsonValue(), fc.constantFrom(undefined, 2), (value, indent) => duplicateKeys(JSON.stringify(value, null, indent)).length === 0));
  });

  it('finds a repeated key wherever it is, and says where the second one is', () => {
    const key = fc.string({ maxLength: 8 });
    const json = fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v, null, 1));
    fc.assert(
      fc.property(fc.array(fc.oneof(key, fc.nat(3)), { maxLength: 4 }), key, json, json, fc.dictionary(key, fc.jsonValue({ maxDepth: 1 })), (wrappers, k, first, second, others) => {
        const rest = Object.entries(others).filter(([o]) => o !== k).map(([o, v]) => `${JSON.stringify(o)}: ${JSON.stringify(v)}, `).join('');
        const head = `{\n${rest}${JSON.stringify(k)}: ${first},\n  `;
        let inner = `${head}${JSON.stringify(k)}: ${second}}`;
        let offset = head.length;
        for (const w of wrappers) {
          // An object under a key, or the last item of a list after w others.
          const open = typeof w === 'string' ? `{${JSON.stringify(w)}: ` : `[${'0, '.repeat(w)}`;
          inner = `${open}${inner}${typeof w === 'string' ? '}' : ']'}`;
          offset += open.length;
        }
        const problems = duplicateKeys(inner);
        expect(problems).toHaveLength(1);
        expect(problems[0].path).toBe(lineAndColumn(inner, offset));
        expect(problems[0].message).toContain(`the key ${JSON.stringify(k)} is given twice`);
      }),
    );
  });
});
