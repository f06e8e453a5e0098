import fc from 'fast-check';
import { ratingScale } from '../../src/claims/domain/rating-scale';
import { checkCaseRules } from '../../src/case-file/case-import.plan-events';
import { validateCaseFile } from '../../src/case-file/case-file.validate';
import type { CaseClaimV1 as CaseClaim, CaseFileV1 as CaseFile } from '../../src/case-file/case-file.types';
import { startTestApp, TestApp } from '../support/test-app';
import { allEvents, importerToken, postImport } from './import-http';

jest.setTimeout(240_000);

const PEOPLE = ['carla', 'rustam', 'nadia', 'elena'] as const;
const person = fc.constantFrom(...PEOPLE);
const rating = fc.constantFrom('TRUE', 'FALSE', 'MIXED', 'MISLEADING');
const stance = fc.constantFrom('SUPPORTS', 'REFUTES', 'CONTEXT' as const);

/** A claim of any shape the format holds, its acts by anyone: some break the desk's rules, most do not. */
const claim = (i: number) =>
  fc
    .record({
      submittedBy: person,
      citations: fc.array(fc.record({ addedBy: person, stance, late: fc.boolean() }), { maxLength: 3 }),
      outcome: fc.oneof(
        fc.constant({ kind: 'draft' as const }),
        fc.record({ kind: fc.constant('rejected' as const), by: person }),
        fc.record({
          kind: fc.constant('review' as const),
          assignedBy: person,
          reviewers: fc.subarray(['rustam', 'nadia', 'elena'], { minLength: 1 }),
          verdicts: fc.array(fc.record({ by: person, rating }), { maxLength: 3 }),
          publication: fc.option(fc.record({ by: person, rating }), { nil: undefined }),
        }),
      ),
    })
    .map(({ submittedBy, citations, outcome }): CaseClaim => {
      const cites = citations.map((c, j) => ({
        key: `c${j}`,
        addedBy: c.addedBy,
        url: `https://example.org/${i}/${j}`,
        title: `Source ${j}`,
        publisher: `Publisher ${j}`,
        excerpt: `What source ${j} says.`,
        stance: c.stance,
        ...(c.late && outcome.kind === 'review' ? { late: true } : {}),
      }));
      const early = cites.filter((c) => !c.late).map((c) => c.key);
      const base: CaseClaim = {
        key: `claim-${i}`,
        submittedBy,
        statement: `Statement ${i}`,
        claimant: { name: 'Someone', kind: 'PERSON' },
        claimDate: '2025-06-28',
        language: 'en',
        topics: ['t'],
        appearances: [],
        citations: cites,
      };
      if (outcome.kind === 'rejected') return { ...base, rejection: { by: outcome.by, reason: 'Not checkable.' } };
      if (outcome.kind === 'review') {
        const byReviewer = new Map(outcome.verdicts.map((v) => [v.by, v]));
        return {
          ...base,
          review: { assignedBy: outcome.assignedBy, reviewers: outcome.reviewers },
          verdicts: [...byReviewer.values()].map((v) => ({ by: v.by, rating: v.rating, rationale: 'Because.', citations: early })),
          ...(outcome.publication ? { publication: { by: outcome.publication.by, rating: outcome.publication.rating, summary: 'In short.' } } : {}),
        };
      }
      return base;
    });

const caseFile = (run: number) =>
  fc.integer({ min: 1, max: 3 }).chain((n) =>
    fc.tuple(...Array.from({ length: n }, (_, i) => claim(i))).map(
      (claims): CaseFile => ({
        format: 'factcheck-case/1',
        slug: `generated-${run}`,
        title: 'Generated',
        people: {
          carla: { name: 'Carla', roles: ['contributor'] },
          rustam: { name: 'Rustam', roles: ['reviewer'] },
          nadia: { name: 'Nadia', roles: ['reviewer'] },
          elena: { name: 'Elena', roles: ['editor'] },
        },
        // Each run's statements are its own: another run's claims are not this one's.
        claims: claims.map((c) => ({ ...c, statement: `${c.statement} of run ${run}` })),
      }),
    ),
  );

describe('property: the dry run and the service agree (real endpoint, embedded store)', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => app.close());

  it('a file the dry run accepts imports without a refusal and a second import writes nothing; one it refuses is refused and writes nothing', async () => {
    const token = await importerToken(app);
    const policy = { scale: ratingScale(), minReviewers: app.config.PUBLISH_MIN_REVIEWERS, minSources: app.config.PUBLISH_MIN_SOURCES };
    let run = 0;
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(fc.integer().chain(() => caseFile(++run)), async (file) => {
        const valid = validateCaseFile(structuredClone(file), policy);
        const dryRunOk = valid.ok && checkCaseRules(file, policy).length === 0;
        const before = (await allEvents(app)).length;
        const first = await postImport(app.url, file, { token });
        if (!dryRunOk) {
          expect(first.status).toBe(422);
          expect((await allEvents(app)).length).toBe(before);
          return;
        }
        accepted += 1;
        expect(first.body.problems).toBeUndefined();
        expect(first.status).toBe(200);
        const written = (await allEvents(app)).length;
        const second = await postImport(app.url, file, { token });
        expect(second.status).toBe(200);
        expect(second.body.acts.written).toBe(0);
        expect((await allEvents(app)).length).toBe(written);
      }),
      { numRuns: 40 },
    );
    // The generator must reach accepted files, or the property says nothing.
    expect(accepted).toBeGreaterThan(3);
  });
});
