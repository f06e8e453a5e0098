import fc from 'fast-check';
import { validateCaseFile } from '../../src/case-file/case-file.validate';
import { hasVisibleCharacter, textProblem } from '../../src/shared/text';
import { smallCase } from '../support/small-case';

/** The case-file validator applies the API's text rules (src/shared/text.ts), so a file it passes is not refused on import. */
const problemsOf = (file: unknown) => {
  const result = validateCaseFile(file);
  return result.ok ? [] : result.problems;
};
type Editable = { claims: Record<string, any>[]; people: Record<string, any> };

describe('case-file text rules', () => {
  it('a statement is refused exactly when the API would refuse it (blank, or a forbidden control character)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 30 }), (statement) => {
        const file = smallCase() as unknown as Editable;
        file.claims[0].statement = statement;
        const refused = problemsOf(file).some((p) => p.path === 'claims[0].statement');
        const nfc = statement.normalize('NFC');
        expect(refused).toBe(!hasVisibleCharacter(nfc) || textProblem(nfc, 'text') !== null);
      }),
      { numRuns: 60 },
    );
  });

  it('names refuse control and bidi characters; URLs with credentials are refused', () => {
    const file = smallCase() as unknown as Editable;
    file.people.elena.name = 'Elena\u202EEditor';
    file.claims[0].claimant.name = '\u200B\u200D';
    file.claims[0].citations[0].url = 'https://user:pass@example.org/a';
    file.claims[0].citations[1].archivedUrl = 'https://archive.example@evil.example/';
    expect(problemsOf(file)).toEqual(
      expect.arrayContaining([
        { path: 'people.elena.name', message: 'must not contain bidirectional control characters (found U+202E)' },
        { path: 'claims[0].claimant.name', message: 'must be a non-empty string' },
        { path: 'claims[0].citations[0].url', message: 'must not contain a user name or password' },
        { path: 'claims[0].citations[1].archivedUrl', message: 'must not contain a user name or password' },
      ]),
    );
  });
});
