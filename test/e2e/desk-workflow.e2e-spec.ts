import { DeskClient } from '../support/desk-client';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * The desk's whole workflow and every refusal, through real HTTP against a real server on the
 * real embedded store.
 */
describe('the fact-check desk over GraphQL (e2e)', () => {
  let app: TestApp;
  let alice: DeskClient; // contributor
  let rita: DeskClient; // reviewer
  let rafael: DeskClient; // reviewer
  let rosa: DeskClient; // reviewer, never assigned
  let edgar: DeskClient; // editor
  let anonymous: DeskClient;

  beforeAll(async () => {
    app = await startTestApp();
    const as = async (sub: string, name: string, roles: string[]) => new DeskClient(app, await app.token({ sub, name, roles }));
    alice = await as('alice', 'Alice Contributor', ['contributor']);
    rita = await as('rita', 'Rita Reviewer', ['reviewer']);
    rafael = await as('rafael', 'Rafael Reviewer', ['reviewer']);
    rosa = await as('rosa', 'Rosa Reviewer', ['reviewer']);
    edgar = await as('edgar', 'Edgar Editor', ['editor']);
    anonymous = new DeskClient(app, '');
  });
  afterAll(async () => app.close());

  const claimInput = (statement = 'Two people died during the police raids in Yekaterinburg on 27 June 2025.') => ({
    statement,
    claimant: { name: 'Trend News Agency', kind: 'ORGANIZATION' },
    claimDate: '2025-06-28',
    appearances: [
      { url: 'https://en.trend.az/azerbaijan/politics/raids', outlet: 'Trend', appearedAt: '2025-06-28', firstAppearance: true },
      { url: 'https://www.azernews.az/region/raids', outlet: 'AzerNews', appearedAt: '2025-06-28', firstAppearance: false },
    ],
    language: 'en',
    topics: ['russia', 'azerbaijan', 'police'],
  });
  const citationInput = (claimId: string, n: number, stance = 'REFUTES') => ({
    claimId,
    url: `https://example.org/source-${n}`,
    title: `Source ${n}`,
    publisher: 'Example Outlet',
    publishedAt: '2025-06-29',
    excerpt: `Verbatim excerpt number ${n}.`,
    stance,
  });

  /** A claim in review with citations and the two reviewers assigned. */
  async function claimInReview() {
    const { claimId } = await alice.ok('submitClaim', claimInput());
    const c1 = (await alice.ok('addCitation', citationInput(claimId, 1))).citationId as string;
    const c2 = (await rita.ok('addCitation', citationInput(claimId, 2, 'SUPPORTS'))).citationId as string;
    await edgar.ok('assignReviewers', { claimId, reviewers: [{ id: 'rita', name: 'Rita Reviewer' }, { id: 'rafael', name: 'Rafael Reviewer' }] });
    return { claimId, c1, c2 };
  }

  async function publishable() {
    const ids = await claimInReview();
    const v1 = (await rita.ok('recordVerdict', { claimId: ids.claimId, rating: 'FALSE', rationale: 'Officials reported one death.', citationIds: [ids.c1] })).verdictId as string;
    const v2 = (await rafael.ok('recordVerdict', { claimId: ids.claimId, rating: 'FALSE', rationale: 'Two outlets count one.', citationIds: [ids.c1, ids.c2] })).verdictId as string;
    return { ...ids, v1, v2 };
  }

  it('runs the whole workflow: submit, cite, assign, two verdicts (one revised), publish, correct, retract', async () => {
    const submitted = await alice.ok('submitClaim', claimInput());
    const { claimId } = submitted;
    expect(submitted.revision).toBe(0);

    const c1 = await alice.ok('addCitation', citationInput(claimId, 1));
    const c2 = await rita.ok('addCitation', citationInput(claimId, 2, 'SUPPORTS'));
    const c3 = await rafael.ok('addCitation', citationInput(claimId, 3, 'CONTEXT'));
    expect([c1.revision, c2.revision, c3.revision]).toEqual([1, 2, 3]);
    expect(c3.position).toBeGreaterThan(c1.position);

    const assigned = await edgar.ok('assignReviewers', { claimId, reviewers: [{ id: 'rita', name: 'Rita Reviewer' }, { id: 'rafael' }] });
    expect(assigned.revision).toBe(5); // ReviewersAssigned + ClaimReviewStarted

    const v1 = await rita.ok('recordVerdict', { claimId, rating: 'MOSTLY_FALSE', rationale: 'One death is reported.', citationIds: [c1.citationId, c3.citationId] });
    const v2 = await rafael.ok('recordVerdict', { claimId, rating: 'FALSE', rationale: 'Every named source reports one death.', citationIds: [c1.citationId] });
    await rita.ok('reviseVerdict', { claimId, verdictId: v1.verdictId, rating: 'FALSE', reason: 'The family confirmed one death on 29 June.' });

    const published = await edgar.ok('publishFactCheck', { claimId, rating: 'FALSE', summary: 'One man died, not two.' });
    const corrected = await edgar.ok('correctFactCheck', { claimId, note: 'A second death was confirmed on 2 July.', newRating: 'MOSTLY_FALSE', newSummary: 'Two died, but not on 27 June.', justification: 'The second death was confirmed after the reviewers rated.' });
    expect(corrected.revision).toBe(published.revision + 1);

    let claim = await edgar.claim(claimId);
    expect(claim).toMatchObject({
      id: claimId,
      revision: corrected.revision,
      status: 'PUBLISHED',
      statement: claimInput().statement,
      claimant: { name: 'Trend News Agency', kind: 'ORGANIZATION' },
      submittedBy: { id: 'alice', name: 'Alice Contributor' },
      assignees: [{ id: 'rita', name: 'Rita Reviewer' }, { id: 'rafael', name: 'rafael' }],
      publication: {
        rating: 'MOSTLY_FALSE',
        summary: 'Two died, but not on 27 June.',
        consensusRating: 'FALSE',
        justification: null,
        verdictIds: [v1.verdictId, v2.verdictId],
        publishedBy: { id: 'edgar' },
      },
      corrections: [{ note: 'A second death was confirmed on 2 July.', previousRating: 'FALSE', newRating: 'MOSTLY_FALSE', by: { id: 'edgar' } }],
      retraction: null,
    });
    expect(claim?.citations.map((c: { id: string }) => c.id)).toEqual([c1.citationId, c2.citationId, c3.citationId]);
    expect(claim?.publication.citationIds.sort()).toEqual([c1.citationId, c3.citationId].sort());
    expect(claim?.verdicts).toEqual([
      expect.objectContaining({ id: v1.verdictId, reviewer: { id: 'rita', name: 'Rita Reviewer' }, rating: 'FALSE', revisions: 1, withdrawal: null }),
      expect.objectContaining({ id: v2.verdictId, reviewer: { id: 'rafael', name: 'Rafael Reviewer' }, rating: 'FALSE', revisions: 0 }),
    ]);

    await edgar.ok('retractFactCheck', { claimId, note: 'The underlying report was withdrawn by its outlet.' });
    claim = await anonymous.claim(claimId);
    // A reader sees who retracted it as PUBLIC_REVIEWER_NAMES allows (INITIALS by default): a pseudonym, not the login.
    expect(claim).toMatchObject({ status: 'RETRACTED', retraction: { note: 'The underlying report was withdrawn by its outlet.', by: { id: expect.stringMatching(/^person-/) } } });
  });

  it('revises claim details and citations with reasons, and retracts a citation without deleting it', async () => {
    const { claimId, c1 } = await claimInReview();
    await alice.ok('reviseClaimDetails', { claimId, statement: 'Two men died in the raids.', topics: ['police'], reason: 'Quoted the statement exactly.' });
    await alice.ok('reviseCitation', { claimId, citationId: c1, title: 'Corrected title', reason: 'Typo in the title' });
    await alice.ok('retractCitation', { claimId, citationId: c1, reason: 'The page was taken down.' });
    const claim = await edgar.claim(claimId);
    expect(claim).toMatchObject({ statement: 'Two men died in the raids.', topics: ['police'], claimant: { name: 'Trend News Agency' } });
    expect(claim?.citations[0]).toMatchObject({ id: c1, title: 'Corrected title', retraction: { reason: 'The page was taken down.', by: { id: 'alice' } } });
  });

  it('rejects a claim as not check-worthy and reopens it', async () => {
    const { claimId } = await alice.ok('submitClaim', claimInput('The raids show contempt for a whole people.'));
    await edgar.ok('rejectClaim', { claimId, reason: 'An opinion, not a checkable fact.' });
    expect(await edgar.claim(claimId)).toMatchObject({ status: 'REJECTED', rejection: { reason: 'An opinion, not a checkable fact.', by: { id: 'edgar' } } });
    await edgar.ok('reopenClaim', { claimId, reason: 'The statement includes a checkable figure after all.' });
    expect(await edgar.claim(claimId)).toMatchObject({ status: 'DRAFT', rejection: null });
  });

  it('answers null for a claim that does not exist, and lists the rating scale', async () => {
    expect(await edgar.claim('no-such-claim')).toBeNull();
    const response = await app.graphql<{ ratingScale: { key: string; value: number }[] }>('{ ratingScale { key label value onScale } }');
    expect(response.data?.ratingScale.map((r) => r.key)).toEqual(['TRUE', 'MOSTLY_TRUE', 'MIXED', 'MOSTLY_FALSE', 'FALSE', 'MISLEADING', 'UNVERIFIABLE']);
  });

  describe('refusals: a stable code, a message a person understands, and nothing appended', () => {
    async function expectRefused(client: DeskClient, mutation: string, input: Record<string, unknown>, code: string, message: RegExp) {
      const claimId = input.claimId as string | undefined;
      const before = claimId ? (await edgar.claim(claimId))?.revision : undefined;
      const { error, result } = await client.mutate(mutation, input);
      expect(result).toBeUndefined();
      expect(error?.code).toBe(code);
      expect(error?.message).toMatch(message);
      if (claimId) expect((await edgar.claim(claimId))?.revision).toBe(before);
      return error;
    }

    it('UNAUTHENTICATED without a token', async () => {
      await expectRefused(anonymous, 'submitClaim', claimInput(), 'UNAUTHENTICATED', /needs a bearer token/);
    });

    it('FORBIDDEN when the role does not allow the act', async () => {
      const { claimId } = await publishable();
      await expectRefused(alice, 'publishFactCheck', { claimId, rating: 'FALSE', summary: 's' }, 'FORBIDDEN', /Only editors may publish/);
      await expectRefused(rita, 'assignReviewers', { claimId, reviewers: [{ id: 'rosa' }] }, 'FORBIDDEN', /Only editors may assign/);
      await expectRefused(edgar, 'recordVerdict', { claimId, rating: 'FALSE', rationale: 'r', citationIds: ['x'] }, 'FORBIDDEN', /Only reviewers may record/);
    });

    it('CONFLICT_OF_INTEREST when a reviewer rates a claim they submitted', async () => {
      const { claimId } = await rita.ok('submitClaim', claimInput());
      const { citationId } = await rita.ok('addCitation', citationInput(claimId, 9));
      await edgar.ok('assignReviewers', { claimId, reviewers: [{ id: 'rafael' }] });
      await expectRefused(rita, 'recordVerdict', { claimId, rating: 'FALSE', rationale: 'r', citationIds: [citationId] }, 'CONFLICT_OF_INTEREST', /You submitted this claim/);
      await expectRefused(edgar, 'assignReviewers', { claimId, reviewers: [{ id: 'rita' }] }, 'CONFLICT_OF_INTEREST', /rita submitted this claim/);
    });

    it('NOT_ASSIGNED when an unassigned reviewer rates', async () => {
      const { claimId, c1 } = await claimInReview();
      await expectRefused(rosa, 'recordVerdict', { claimId, rating: 'FALSE', rationale: 'r', citationIds: [c1] }, 'NOT_ASSIGNED', /not assigned/);
    });

    it('citations a verdict rests on must belong to this claim and not be retracted', async () => {
      const mine = await claimInReview();
      const other = await claimInReview();
      await expectRefused(rita, 'recordVerdict', { claimId: mine.claimId, rating: 'FALSE', rationale: 'r', citationIds: [other.c1] }, 'CITATION_NOT_FOUND', /has no citation/);
      await alice.ok('retractCitation', { claimId: mine.claimId, citationId: mine.c1, reason: 'Dead link' });
      await expectRefused(rita, 'recordVerdict', { claimId: mine.claimId, rating: 'FALSE', rationale: 'r', citationIds: [mine.c1] }, 'CITATION_RETRACTED', /retracted/);
      await expectRefused(alice, 'reviseCitation', { claimId: mine.claimId, citationId: mine.c1, title: 'New', reason: 'x' }, 'CITATION_RETRACTED', /can no longer be revised/);
    });

    it('invalid transitions: publishing a draft, correcting an unpublished claim, rating a published or rejected claim', async () => {
      const { claimId: draft } = await alice.ok('submitClaim', claimInput());
      await expectRefused(edgar, 'publishFactCheck', { claimId: draft, rating: 'FALSE', summary: 's' }, 'INVALID_TRANSITION', /draft.*cannot publish/);
      await expectRefused(edgar, 'correctFactCheck', { claimId: draft, note: 'n', newRating: 'TRUE' }, 'INVALID_TRANSITION', /Only a published fact-check can be corrected/);
      await expectRefused(edgar, 'reopenClaim', { claimId: draft, reason: 'r' }, 'INVALID_TRANSITION', /Only a rejected claim/);

      const published = await publishable();
      await edgar.ok('publishFactCheck', { claimId: published.claimId, rating: 'FALSE', summary: 's' });
      await expectRefused(rita, 'reviseVerdict', { claimId: published.claimId, verdictId: published.v1, rating: 'TRUE', reason: 'r' }, 'INVALID_TRANSITION', /published/);
      await expectRefused(alice, 'reviseClaimDetails', { claimId: published.claimId, statement: 'x', reason: 'r' }, 'INVALID_TRANSITION', /correction/);
      await expectRefused(edgar, 'rejectClaim', { claimId: published.claimId, reason: 'r' }, 'INVALID_TRANSITION', /published/);

      const rejected = await claimInReview();
      await edgar.ok('rejectClaim', { claimId: rejected.claimId, reason: 'Opinion' });
      await expectRefused(rita, 'recordVerdict', { claimId: rejected.claimId, rating: 'FALSE', rationale: 'r', citationIds: [rejected.c1] }, 'INVALID_TRANSITION', /rejected/);
    });

    it('publishing needs standing verdicts from two reviewers, and a justification when departing from their consensus', async () => {
      const { claimId, c1, v2 } = await publishable();
      await rafael.ok('withdrawVerdict', { claimId, verdictId: v2, reason: 'Need to re-read the sources.' });
      await expectRefused(edgar, 'publishFactCheck', { claimId, rating: 'FALSE', summary: 's' }, 'NOT_ENOUGH_VERDICTS', /at least 2 different reviewers; this claim has 1/);
      await rafael.ok('recordVerdict', { claimId, rating: 'FALSE', rationale: 'Re-read: still false.', citationIds: [c1] });
      const departing = await expectRefused(edgar, 'publishFactCheck', { claimId, rating: 'MISLEADING', summary: 's' }, 'JUSTIFICATION_REQUIRED', /agree on FALSE/);
      expect(departing?.extensions.consensusRating).toBe('FALSE');
      await expectRefused(edgar, 'publishFactCheck', { claimId, rating: 'SORT_OF_TRUE', summary: 's' }, 'UNKNOWN_RATING', /not on the desk's rating scale/);
      await edgar.ok('publishFactCheck', { claimId, rating: 'MISLEADING', summary: 's', justification: 'The figure is right but the date is wrong.' });
      expect((await edgar.claim(claimId))?.publication).toMatchObject({ rating: 'MISLEADING', consensusRating: 'FALSE', justification: 'The figure is right but the date is wrong.' });
    });

    it('only a verdict\'s author may revise or withdraw it', async () => {
      const { claimId, v1 } = await publishable();
      await expectRefused(rafael, 'reviseVerdict', { claimId, verdictId: v1, rating: 'TRUE', reason: 'r' }, 'NOT_AUTHOR', /Only Rita Reviewer/);
      await expectRefused(rafael, 'withdrawVerdict', { claimId, verdictId: v1, reason: 'r' }, 'NOT_AUTHOR', /Only Rita Reviewer/);
    });

    it('BAD_USER_INPUT naming the field: lengths, URLs, dates, enums', async () => {
      const tooLong = await expectRefused(alice, 'submitClaim', claimInput('x'.repeat(4001)), 'BAD_USER_INPUT', /statement: statement must be shorter than or equal to 4000 characters/);
      expect(tooLong?.extensions.fields).toEqual([{ path: ['input', 'statement'], message: expect.stringMatching(/4000/) }]);
      await expectRefused(alice, 'submitClaim', { ...claimInput(), claimDate: '2999-01-01' }, 'BAD_USER_INPUT', /claimDate: claimDate must not be in the future/);
      await expectRefused(alice, 'submitClaim', { ...claimInput(), claimDate: '28/06/2025' }, 'BAD_USER_INPUT', /at "input\.claimDate"; Date must be a calendar day YYYY-MM-DD/);
      await expectRefused(
        alice,
        'submitClaim',
        { ...claimInput(), appearances: [{ url: 'javascript:alert(1)', outlet: 'X', appearedAt: '2025-06-28', firstAppearance: true }] },
        'BAD_USER_INPUT',
        /appearances\.0\.url: url must be an http\(s\) URL/,
      );
      await expectRefused(alice, 'submitClaim', { ...claimInput(), claimant: { name: '   ', kind: 'PERSON' } }, 'BAD_USER_INPUT', /claimant\.name: claimant\.name must not be blank/);
      await expectRefused(alice, 'submitClaim', { ...claimInput(), language: 'English!' }, 'BAD_USER_INPUT', /language must be a language tag/);
      const { claimId } = await alice.ok('submitClaim', claimInput());
      await expectRefused(alice, 'addCitation', { ...citationInput(claimId, 1), url: 'ftp://example.org/x' }, 'BAD_USER_INPUT', /url must be an http\(s\) URL/);
      // An enum value outside the schema is caught by GraphQL itself, naming the field.
      const { error } = await alice.mutate('addCitation', { ...citationInput(claimId, 1), stance: 'MAYBE' });
      expect(error?.code).toBe('BAD_USER_INPUT');
      expect(error?.message).toMatch(/stance/);
      expect((await edgar.claim(claimId))?.citations).toEqual([]);
    });

    it('two appearances marked first are refused', async () => {
      const input = claimInput();
      input.appearances[1].firstAppearance = true;
      const { error } = await alice.mutate('submitClaim', input);
      expect(error?.code).toBe('INVALID_DETAILS');
      expect(error?.message).toMatch(/Exactly one appearance must be marked as the first; 2 are/);
    });
  });

  describe('collaborative editing', () => {
    it('two editors racing with the same expectedRevision: exactly one wins, the other gets CONFLICT naming the current revision', async () => {
      const { claimId } = await alice.ok('submitClaim', claimInput());
      const claim = await edgar.claim(claimId);
      const seen = claim?.revision as number;
      const attempts = await Promise.all([
        alice.mutate('reviseClaimDetails', { claimId, statement: 'Version A', reason: 'a', expectedRevision: seen }),
        edgar.mutate('reviseClaimDetails', { claimId, statement: 'Version B', reason: 'b', expectedRevision: seen }),
      ]);
      const winners = attempts.filter((a) => a.result);
      const losers = attempts.filter((a) => a.error);
      expect(winners).toHaveLength(1);
      expect(losers).toHaveLength(1);
      expect(losers[0].error?.code).toBe('CONFLICT');
      expect(losers[0].error?.message).toMatch(new RegExp(`now at revision ${seen + 1}`));
      expect(losers[0].error?.extensions.currentRevision).toBe(seen + 1);
      const after = await edgar.claim(claimId);
      expect(after?.revision).toBe(seen + 1);
      expect(['Version A', 'Version B']).toContain(after?.statement);
    });

    it('a stale expectedRevision is refused even without a race', async () => {
      const { claimId } = await alice.ok('submitClaim', claimInput());
      await alice.ok('addCitation', citationInput(claimId, 1));
      const { error } = await alice.mutate('reviseClaimDetails', { claimId, statement: 'Late edit', reason: 'r', expectedRevision: 0 });
      expect(error?.code).toBe('CONFLICT');
      expect(error?.extensions).toMatchObject({ expectedRevision: 0, currentRevision: 1 });
    });

    it('without expectedRevision, concurrent acts are retried on fresh state and all land', async () => {
      const { claimId } = await alice.ok('submitClaim', claimInput());
      const results = await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 ? rita : alice).ok('addCitation', citationInput(claimId, 100 + i))));
      expect(new Set(results.map((r) => r.revision)).size).toBe(8);
      expect((await edgar.claim(claimId))?.citations).toHaveLength(8);
    });

    it('a retried mutationId is a no-op that returns the first result', async () => {
      const input = { ...claimInput(), mutationId: 'submit-2025-06-28-trend-deaths' };
      const first = await alice.ok('submitClaim', input);
      const retry = await alice.ok('submitClaim', input);
      expect(retry).toEqual({ ...first, replayed: true });

      const cite = { ...citationInput(first.claimId, 7), mutationId: 'cite-7' };
      const cited = await alice.ok('addCitation', cite);
      await alice.ok('addCitation', citationInput(first.claimId, 8));
      const [again1, again2] = await Promise.all([alice.ok('addCitation', cite), alice.ok('addCitation', cite)]);
      expect(again1).toEqual({ ...cited, replayed: true });
      expect(again2).toEqual({ ...cited, replayed: true });
      const claim = await edgar.claim(first.claimId);
      expect(claim?.citations.map((c: { id: string }) => c.id)).toEqual([cited.citationId, expect.any(String)]);
      expect(claim?.revision).toBe(2);
    });

    it('the same mutationId from two different people are two different mutations', async () => {
      const a = await alice.ok('submitClaim', { ...claimInput(), mutationId: 'shared-id' });
      const b = await rita.ok('submitClaim', { ...claimInput(), mutationId: 'shared-id' });
      expect(a.claimId).not.toBe(b.claimId);
      expect(b.replayed).toBe(false);
    });
  });
});
