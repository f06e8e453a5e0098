import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCaseFile } from '../../src/case-file/case-file.load';
import { CaseStep, planClaim } from '../../src/case-file/case-file.plan';
import type { CaseFile, CaseFileV1 } from '../../src/case-file/case-file.types';
import { validateCaseFile } from '../../src/case-file/case-file.validate';
import { ratingScale } from '../../src/claims/domain/rating-scale';
import { smallCase } from '../support/small-case';

const ROOT = join(__dirname, '..', '..');
const FIXTURES = join(__dirname, 'fixtures');
/** The v1 plan as the code before format 2 produced it (creates as `{citation}` / `{verdictBy}`), recorded then. */
const SNAPSHOT = JSON.parse(readFileSync(join(FIXTURES, 'v1-steps.snapshot.json'), 'utf8')) as Record<string, unknown[][]>;
const yekaterinburgV1 = (): CaseFileV1 => JSON.parse(readFileSync(join(FIXTURES, 'yekaterinburg-2025.v1.json'), 'utf8'));

const ids = (key: string) => ({ claimId: `claim:${key}`, citationId: (k: string) => `citation:${k}`, verdictId: (k: string) => `verdict:${k}` });
/** Today's step in the shape the snapshot recorded. */
const asRecorded = (step: CaseStep) => {
  const { creates, at, ...rest } = step;
  expect(at).toBeUndefined();
  return { ...rest, ...(creates ? { creates: creates.kind === 'citation' ? { citation: creates.key } : { verdictBy: creates.key } } : {}) };
};
const planOf = (file: CaseFile) => (file.claims as { key: string }[]).map((claim) => [...planClaim(file, claim as never, ids(claim.key))].map(asRecorded));
const problemsOf = (file: unknown) => {
  const result = validateCaseFile(file);
  return result.ok ? [] : result.problems;
};

describe('format factcheck-case/1 stays compatible', () => {
  it.each([
    ['small', smallCase],
    ['yekaterinburg', yekaterinburgV1],
  ])('plans the %s case with the same steps and mutation ids as before format 2', (name, file) => {
    expect(problemsOf(file())).toEqual([]);
    expect(planOf(file())).toEqual(SNAPSHOT[name]);
  });

  it('the demo case in format 2 holds the same acts as it did in format 1: the same mutations, people and inputs', () => {
    const v2 = loadCaseFile(readFileSync(join(ROOT, 'case-files/yekaterinburg-2025.json')), ratingScale(), 2);
    if (!v2.ok) throw new Error(JSON.stringify(v2.problems));
    expect(v2.caseFile.format).toBe('factcheck-case/2');
    const strip = (steps: ReturnType<typeof planOf>) => steps.map((claim) => claim.map(({ mutation, actor, input }) => ({ mutation, actor, input })));
    const v2Plan = (v2.caseFile.claims as { key: string }[]).map((claim) => [...planClaim(v2.caseFile, claim as never, ids(claim.key))].map(({ mutation, actor, input }) => ({ mutation, actor, input })));
    // Format 1 names a verdict by its reviewer; the demo's format 2 verdict keys are the reviewers' ids too.
    expect(v2Plan).toEqual(strip(SNAPSHOT.yekaterinburg as never));
  });

  describe('nothing dropped: acts format 1 cannot carry out are refused with their place', () => {
    const rejected = () => {
      const file = smallCase();
      file.claims[1].citations = [{ key: 'late-one', addedBy: 'carla', url: 'https://example.org/late', title: 'Late', publisher: 'Example Wire', excerpt: 'Late.', stance: 'CONTEXT', late: true }];
      return file;
    };

    it('a late citation, a review, verdicts, a publication or corrections of a rejected claim', () => {
      const file = rejected();
      Object.assign(file.claims[1], {
        review: { assignedBy: 'elena', reviewers: ['rustam'] },
        verdicts: [{ by: 'rustam', rating: 'TRUE', rationale: 'x', citations: ['late-one'] }],
        publication: { by: 'elena', rating: 'TRUE', summary: 'x' },
        corrections: [{ by: 'elena', note: 'x' }],
      });
      const paths = problemsOf(file).filter((p) => /cannot follow the rejection/.test(p.message)).map((p) => p.path);
      expect(paths).toEqual(['claims[1].citations[0]', 'claims[1].review', 'claims[1].verdicts', 'claims[1].publication', 'claims[1].corrections']);
      expect(problemsOf(rejected())).toEqual([{ path: 'claims[1].citations[0]', message: 'a late citation cannot follow the rejection in format 1 (format 2 can reopen the claim first)' }]);
    });

    it('the plan still lists every act after a rejection (so a file that skipped validation is refused by the rules, not cut short)', () => {
      const file = rejected();
      expect([...planClaim(file, file.claims[1], ids('contempt'))].map((s) => s.path)).toEqual(['', '.rejection', '.citations[0]']);
    });

    it('two verdicts by one reviewer, and a reviewer or a citation listed twice', () => {
      const file = smallCase();
      file.claims[0].review!.reviewers = ['rustam', 'nadia', 'rustam'];
      file.claims[0].verdicts!.push({ by: 'nadia', rating: 'FALSE', rationale: 'Again.', citations: ['two-deaths', 'two-deaths'] });
      expect(problemsOf(file)).toEqual([
        { path: 'claims[0].review.reviewers[2]', message: 'reviewer "rustam" is listed twice' },
        { path: 'claims[0].verdicts[2].by', message: '"nadia" has another verdict on this claim (list a change as a revision of it)' },
        { path: 'claims[0].verdicts[2].citations[1]', message: 'citation "two-deaths" is listed twice' },
      ]);
    });

    it('a source dated in the future', () => {
      const file = smallCase();
      file.claims[0].citations[0].publishedAt = '2999-01-01';
      expect(problemsOf(file)).toEqual([{ path: 'claims[0].citations[0].publishedAt', message: '2999-01-01 is in the future: it is after now' }]);
    });
  });
});
