// Adding, revising and retracting citations (src/claims/domain/decide/citations.ts).
import { given } from '../support/decider-spec';
import {
  ada, alice, carl, citationRetracted, cite, claimId, draft, edgar, inReview, nobody, published, ravi, record, rejected,
  retractCitation, retracted, reviseCitation, rita, source, stamp, citationAdded, factCheckCorrected, factCheckRetracted, SUMMARY,
} from './desk.fixtures';

describe('citations', () => {
  it.each([
    ['a draft', draft],
    ['a claim in review', inReview],
    ['a published fact-check', published],
  ] as const)('a citation may be added to %s: CitationAdded with its details, who and when', (_what, history) => {
    given(history())
      .when(cite('k9'), carl)
      .then([{ type: 'CitationAdded', data: { ...stamp(carl), claimId, citationId: 'k9', ...source('k9') } }]);
  });

  it('no citation may be added to a rejected or retracted claim (INVALID_TRANSITION)', () => {
    given(rejected()).when(cite('k9'), edgar).thenRefused('INVALID_TRANSITION', /rejected, so you cannot add citations/);
    given(retracted()).when(cite('k9'), edgar).thenRefused('INVALID_TRANSITION', /retracted, so you cannot add citations/);
  });

  it('a citation id is used once per claim (INVALID_TRANSITION)', () => {
    given(draft()).when(cite('k1'), carl).thenRefused('INVALID_TRANSITION', /Citation k1 already exists/);
  });

  it('whoever added a citation may revise it: CitationRevised lists only the fields that change', () => {
    given(inReview())
      .when(reviseCitation('k2', { title: 'A better title', publisher: 'Example Press' }), rita)
      .then([{ type: 'CitationRevised', data: { ...stamp(rita), claimId, citationId: 'k2', changes: { title: 'A better title' }, reason: 'Typo' } }]);
  });

  it('an editor (or admin) may revise a citation someone else added; others may not (FORBIDDEN)', () => {
    for (const actor of [edgar, ada]) {
      const events = given(inReview()).when(reviseCitation('k2', { stance: 'CONTEXT' }), actor).events();
      expect(events).toEqual([{ type: 'CitationRevised', data: { ...stamp(actor), claimId, citationId: 'k2', changes: { stance: 'CONTEXT' }, reason: 'Typo' } }]);
    }
    for (const actor of [alice, ravi]) {
      given(inReview()).when(reviseCitation('k2', { stance: 'CONTEXT' }), actor).thenRefused('FORBIDDEN', /revise a citation someone else added/);
    }
    // Without any role the answer does not depend on the claim (no existence oracle): the role comes first.
    given(inReview()).when(reviseCitation('k2', { stance: 'CONTEXT' }), nobody).thenRefused('FORBIDDEN', /Only contributors or reviewers or editors may revise a citation$/);
  });

  it('a revision of a citation that changes nothing is refused (NOTHING_CHANGED)', () => {
    given(inReview()).when(reviseCitation('k2', { title: 'Source k2', note: null }), rita).thenRefused('NOTHING_CHANGED');
  });

  it('a retracted citation can no longer be revised (CITATION_RETRACTED)', () => {
    given([...inReview(), citationRetracted('k2')]).when(reviseCitation('k2', { title: 'x' }), rita).thenRefused('CITATION_RETRACTED', /k2 was retracted/);
  });

  it('an unknown citation cannot be revised or retracted (CITATION_NOT_FOUND)', () => {
    given(inReview()).when(reviseCitation('k9', { title: 'x' }), edgar).thenRefused('CITATION_NOT_FOUND', /no citation k9/);
    given(inReview()).when(retractCitation('k9'), edgar).thenRefused('CITATION_NOT_FOUND', /no citation k9/);
  });

  it('whoever added a citation may retract it; an editor or admin may retract anyone\u2019s; others may not (FORBIDDEN)', () => {
    for (const actor of [rita, edgar, ada]) {
      given(inReview()).when(retractCitation('k2'), actor).then([citationRetracted('k2', actor)]);
    }
    for (const actor of [alice, ravi]) {
      given(inReview()).when(retractCitation('k2'), actor).thenRefused('FORBIDDEN', /retract a citation someone else added/);
    }
    // Without any role the answer does not depend on the claim (no existence oracle): the role comes first.
    given(inReview()).when(retractCitation('k2'), nobody).thenRefused('FORBIDDEN', /Only contributors or reviewers or editors may retract a citation$/);
  });

  it('a citation cannot be retracted twice (CITATION_RETRACTED)', () => {
    given([...inReview(), citationRetracted('k2')]).when(retractCitation('k2'), edgar).thenRefused('CITATION_RETRACTED', /already retracted/);
  });

  it('citations of a retracted fact-check can be neither revised nor retracted (INVALID_TRANSITION)', () => {
    given(retracted()).when(reviseCitation('k1', { title: 'x' }), alice).thenRefused('INVALID_TRANSITION');
    given(retracted()).when(retractCitation('k1'), alice).thenRefused('INVALID_TRANSITION');
  });

  it('a verdict may not cite a citation of another claim or an unknown one (CITATION_NOT_FOUND)', () => {
    // k-c2 was added to claim c2; it is not in c1's stream.
    given(inReview()).when(record('FALSE', ['k1', 'k-c2']), rita).thenRefused('CITATION_NOT_FOUND', /Claim c1 has no citation k-c2/);
  });

  it('a verdict may not cite a retracted citation (CITATION_RETRACTED)', () => {
    given([...inReview(), citationRetracted('k1')]).when(record('FALSE', ['k1']), rita).thenRefused('CITATION_RETRACTED', /k1 was retracted/);
  });

  it('a verdict must rest on at least one citation (CITATION_NOT_FOUND)', () => {
    given(inReview()).when(record('FALSE', []), rita).thenRefused('CITATION_NOT_FOUND', /at least one citation/);
  });
});

describe('published evidence changes only through a correction', () => {
  it('a citation the published fact-check rests on can be neither revised nor retracted (INVALID_TRANSITION)', () => {
    given(published()).when(reviseCitation('k1', { url: 'https://elsewhere.example/x' }), alice).thenRefused('INVALID_TRANSITION', /evidence of the published fact-check.*publish a correction/);
    given(published()).when(retractCitation('k1'), edgar).thenRefused('INVALID_TRANSITION', /evidence of the published fact-check/);
  });

  it('every citation readers see is frozen once published, cited by the verdicts or not: revising or retracting it is refused (INVALID_TRANSITION)', () => {
    // k2 stood uncited when Edgar published; readers see it all the same.
    given(published()).when(reviseCitation('k2', { title: 'Better title' }), rita).thenRefused('INVALID_TRANSITION', /k2 is evidence of the published fact-check.*publish a correction/);
    given(published()).when(reviseCitation('k2', { excerpt: 'Something else.', stance: 'SUPPORTS', url: 'https://example.org/other' }), rita).thenRefused('INVALID_TRANSITION');
    given(published()).when(retractCitation('k2'), rita).thenRefused('INVALID_TRANSITION', /cannot be retracted silently/);
    given(published()).when(retractCitation('k3'), edgar).thenRefused('INVALID_TRANSITION');
  });

  it('after the fact-check is retracted, its citations change no more', () => {
    given([...published(), factCheckRetracted()]).when(reviseCitation('k2', { title: 'Better title' }), rita).thenRefused('INVALID_TRANSITION');
    given([...published(), factCheckRetracted()]).when(retractCitation('k2'), rita).thenRefused('INVALID_TRANSITION');
  });

  it('a desk-only citation (added after publication, in no correction yet) may still be revised or retracted by its author or an editor', () => {
    const late = [...published(), citationAdded('k9', carl)];
    expect(given(late).when(reviseCitation('k9', { excerpt: 'Better quote.' }), carl).events().map((e) => e.type)).toEqual(['CitationRevised']);
    expect(given(late).when(retractCitation('k9'), edgar).events().map((e) => e.type)).toEqual(['CitationRetracted']);
    given(late).when(reviseCitation('k9', { excerpt: 'Better quote.' }), alice).thenRefused('FORBIDDEN');
  });

  it('once a correction includes a desk-only citation, it is public and frozen too', () => {
    const corrected = [...published(), citationAdded('k9', carl), factCheckCorrected('FALSE', 'FALSE', SUMMARY, SUMMARY, ['k9'])];
    given(corrected).when(reviseCitation('k9', { excerpt: 'Better quote.' }), carl).thenRefused('INVALID_TRANSITION');
    given(corrected).when(retractCitation('k9'), carl).thenRefused('INVALID_TRANSITION');
  });
});
