import { loadCaseFile } from '../../src/case-file/case-file.load';
import { validateCaseFile } from '../../src/case-file/case-file.validate';
import { ratingScale } from '../../src/claims/domain/rating-scale';
import { smallCase } from '../support/small-case';

const problemsOf = (file: unknown) => {
  const result = validateCaseFile(file);
  return result.ok ? [] : result.problems;
};

describe('case-file validation', () => {
  it('accepts a complete case', () => {
    expect(problemsOf(smallCase())).toEqual([]);
  });

  it('names the place of every problem in the file', () => {
    const file = smallCase() as unknown as { claims: Record<string, any>[]; people: Record<string, any> };
    file.claims[0].citations[1].url = 'ftp://example.org/x';
    file.claims[0].verdicts[1].by = 'zoe';
    file.claims[1].claimDate = '28 June 2025';
    delete file.claims[2].statement;
    file.claims[2].key = 'deaths';
    file.people.elena.roles = ['chief'];
    expect(problemsOf(file)).toEqual(
      expect.arrayContaining([
        { path: 'people.elena.roles[0]', message: '"chief" is not a role (contributor, reviewer, editor, admin)' },
        { path: 'claims[0].citations[1].url', message: 'must be an http(s) URL' },
        { path: 'claims[0].verdicts[1].by', message: '"zoe" is not one of the people' },
        { path: 'claims[1].claimDate', message: 'must be an ISO 8601 date such as 2025-06-28' },
        { path: 'claims[2].key', message: '"deaths" is used by another claim' },
        { path: 'claims[2].statement', message: 'must be a non-empty string' },
      ]),
    );
  });

  it('refuses references to citations that do not exist or are not there yet', () => {
    const file = smallCase();
    file.claims[0].verdicts![1].citations = ['family'];
    file.claims[0].corrections![0].addCitations = ['nowhere'];
    expect(problemsOf(file)).toEqual([
      { path: 'claims[0].verdicts[1].citations[0]', message: '"family" is a late citation: it is added after the first verdicts, so only a revision can cite it' },
      { path: 'claims[0].corrections[0].addCitations[0]', message: '"nowhere" is not a citation of this claim' },
    ]);
  });

  it('replays the desk\'s rules and names the act that would be refused', () => {
    const oneReviewer = smallCase();
    oneReviewer.claims[0].verdicts = [oneReviewer.claims[0].verdicts![0]];
    expect(problemsOf(oneReviewer)).toEqual([{ path: 'claims[0].publication', message: expect.stringMatching(/at least 2 different reviewers.*\(NOT_ENOUGH_VERDICTS\)$/), code: 'NOT_ENOUGH_VERDICTS' }]);

    const ownClaim = smallCase();
    ownClaim.people.carla.roles = ['contributor', 'reviewer'];
    ownClaim.claims[0].review!.reviewers = ['carla', 'nadia'];
    expect(problemsOf(ownClaim)[0]).toEqual({ path: 'claims[0].review', message: expect.stringMatching(/carla submitted this claim.*\(CONFLICT_OF_INTEREST\)/), code: 'CONFLICT_OF_INTEREST' });

    const unknownRating = smallCase();
    unknownRating.claims[0].publication!.rating = 'SORT_OF';
    expect(problemsOf(unknownRating)).toEqual([{ path: 'claims[0].publication', message: expect.stringMatching(/"SORT_OF" is not on the desk's rating scale/), code: expect.any(String) }]);
  });

  it('reports a JSON syntax error with its line and column', () => {
    const result = loadCaseFile('{\n  "format": "factcheck-case/1",\n  "slug": oops\n}', ratingScale(), 2);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems[0].path).toBe('line 3, column 11');
  });
});
