import fc from 'fast-check';
import type { ClaimEvent } from '../../src/claims/domain/claim';
import { ratingScale } from '../../src/claims/domain/rating-scale';
import { factCheckPage, safeLink, type LogFindings, type PageSettings, type StreamEvent } from '../../src/public-site/domain/fact-check-page';
import { directionOf } from '../../src/public-site/domain/text-direction';
import {
  citationAdded, claimId, factCheckCorrected, factCheckPublished, factCheckRetracted, published, ravi, rita, stateAfter, SUMMARY, verdictWithdrawn,
} from '../fact-check/desk.fixtures';
import { DEFAULT_POLICY } from '../support/decider-spec';

const URL_OF = `https://desk.example/claims/${claimId}`;
const NO_LOG: LogFindings = { proofBundleUrl: `/log/fact-checks/${claimId}`, byRevision: new Map() };
const settings = (over: Partial<PageSettings> = {}): PageSettings => ({ scale: DEFAULT_POLICY.scale, reviewerNames: 'FULL', ...over });
const stream = (history: ClaimEvent[]): StreamEvent[] => history.map((event, revision) => ({ revision, event }));

/** Given a claim's history, then its public page. */
function pageAfter(history: ClaimEvent[], log: LogFindings = NO_LOG, over: Partial<PageSettings> = {}) {
  return factCheckPage(stateAfter(history), stream(history), URL_OF, log, settings(over));
}

describe('the public page of a fact-check (pure)', () => {
  it('has none for a claim that was never published', () => {
    const history = published().slice(0, -1);
    expect(pageAfter(history)).toBeNull();
  });

  it('shows the rating with its label on the scale it was published under, not a later one', () => {
    const renamed = ratingScale([
      { key: 'FALSE', label: 'Wrong', value: 1, onScale: true },
      { key: 'TRUE', label: 'Right', value: 2, onScale: true },
    ]);
    const page = pageAfter(published(), NO_LOG, { scale: renamed });
    expect(page?.rating).toEqual({ key: 'FALSE', label: 'False', scaleVersion: expect.any(String) });
    expect(page?.summary).toBe(SUMMARY);
  });

  it("publishes the editor's reason when the rating departs from the verdicts, and a correction's", () => {
    const departing = [...published().slice(0, -1), factCheckPublished('MOSTLY_FALSE', ['v-rita', 'v-ravi'], ['k1'], { consensusRating: 'FALSE', justification: 'One death is disputed.' })];
    const corrected = [...departing, factCheckCorrected('MOSTLY_FALSE', 'MIXED', SUMMARY, SUMMARY, [], 'A second registry.')];
    const page = pageAfter(corrected)!;
    expect(page.justification).toBe('One death is disputed.');
    expect(page.corrections[0]).toMatchObject({ ratingChanged: true, justification: 'A second registry.', previousRatingLabel: 'Mostly false', newRatingLabel: 'Mixed' });
    expect(pageAfter(published())!.justification).toBeNull();
  });

  it('leaves out evidence added after publication until a correction includes it', () => {
    const late = [...published(), citationAdded('k9', rita)];
    expect(pageAfter(late)?.evidence.map((e) => e.title)).toEqual(['Source k1', 'Source k2', 'Source k3']);
    const timeline = pageAfter(late)!.timeline.map((t) => t.text);
    expect(timeline.some((t) => t.includes('Source k9'))).toBe(false);
    const included = [...late, factCheckCorrected('FALSE', 'FALSE', SUMMARY, SUMMARY, ['k9'])];
    expect(pageAfter(included)?.evidence.map((e) => e.title)).toContain('Source k9');
    expect(pageAfter(included)!.timeline.some((t) => t.text === 'Evidence added: Example Press, "Source k9".')).toBe(true);
  });

  it.each([
    ['FULL', ['Rita', 'Ravi'], 'Edgar'],
    ['INITIALS', ['R.', 'R.'], 'E.'],
    ['NONE', [null, null], null],
  ] as const)('names the reviewers and the editor as PUBLIC_REVIEWER_NAMES=%s allows', (policy, reviewers, editor) => {
    const page = pageAfter(published(), NO_LOG, { reviewerNames: policy })!;
    expect(page.verdicts.map((v) => v.reviewer)).toEqual(reviewers);
    expect(page.publishedBy).toBe(editor);
    const timeline = page.timeline.map((t) => t.text).join('\n');
    if (policy !== 'FULL') {
      expect(timeline).not.toContain('Rita');
      expect(timeline).not.toContain('Edgar');
    }
    if (policy === 'NONE') expect(timeline).toContain('A reviewer rated the claim False.');
  });

  it('tells the steps in order, without the reasons the desk wrote for its own steps', () => {
    const history = [...published(), verdictWithdrawn(ravi), factCheckCorrected('FALSE', 'MOSTLY_FALSE', SUMMARY, 'Mostly not.', [], 'New count'), factCheckRetracted()];
    const page = pageAfter(history)!;
    const texts = page.timeline.map((t) => t.text);
    expect(texts[0]).toBe('The claim was logged by the desk.');
    expect(texts).toContain('Ravi withdrew their rating.');
    expect(texts).toContain('A correction changed the rating from False to Mostly false: Corrected after a reader wrote in');
    expect(texts[texts.length - 1]).toBe('The fact-check was retracted: Wrong claim');
    expect(texts.join('\n')).not.toContain('Second thoughts'); // the withdrawal's reason
    expect(page.verdicts.find((v) => v.reviewer === 'Ravi')?.withdrawnAt).not.toBeNull();
    expect(page.retraction).toEqual({ at: expect.any(String), note: 'Wrong claim' });
  });

  it('gives each public event its standing in the transparency log', () => {
    const history = [...published(), factCheckCorrected('FALSE', 'FALSE', SUMMARY, 'Reworded.')];
    const publishedAt = history.findIndex((e) => e.type === 'FactCheckPublished');
    const log: LogFindings = {
      ...NO_LOG,
      byRevision: new Map([
        [publishedAt, { state: 'PROVED', leafIndex: 31, proofUrl: `/log/fact-checks/${claimId}/events/31/proof` }],
        [history.length - 1, { state: 'PENDING', leafIndex: null }],
      ]),
    };
    const page = pageAfter(history, log)!;
    const withLog = page.timeline.filter((t) => t.log !== null);
    expect(withLog.map((t) => t.log)).toEqual([
      { state: 'PROVED', leafIndex: 31, proofUrl: `/log/fact-checks/${claimId}/events/31/proof` },
      { state: 'PENDING', leafIndex: null },
    ]);
  });

  it('does not run ahead of the claim it shows: events past its revision are left for the next read', () => {
    const history = published();
    const ahead = [...history, factCheckRetracted()];
    const page = factCheckPage(stateAfter(history), stream(ahead), URL_OF, NO_LOG, settings())!;
    expect(page.timeline.map((t) => t.text).some((t) => t.startsWith('The fact-check was retracted'))).toBe(false);
  });

  it('keeps an appearance or a source whose address is not http(s) as text, never as a link', () => {
    const history = published().map((e) =>
      e.type === 'ClaimSubmitted' ? { ...e, data: { ...e.data, appearances: [{ url: 'javascript:alert(1)', outlet: 'X', appearedAt: '2025-06-28', firstAppearance: true }] } } : e,
    ) as ClaimEvent[];
    expect(pageAfter(history)!.appearances[0].link).toEqual({ text: 'javascript:alert(1)', href: null });
  });
});

describe('safeLink (property)', () => {
  it('gives an href only for http and https URLs, and then the parsed URL itself', () => {
    fc.assert(
      fc.property(fc.oneof(fc.webUrl(), fc.string(), fc.constantFrom('javascript:alert(1)', 'JaVaScRiPt:alert(1)', ' javascript:x', 'data:text/html,<b>', 'vbscript:x', 'file:///etc/passwd', '//evil.example/x')), (url) => {
        const link = safeLink(url);
        if (link.href === null) return;
        const parsed = new URL(link.href);
        expect(['http:', 'https:']).toContain(parsed.protocol);
        expect(link.href).toBe(new URL(url).href);
      }),
    );
  });
});

describe('text direction from the claim language', () => {
  it.each([
    ['ar', 'rtl'], ['ar-EG', 'rtl'], ['fa', 'rtl'], ['he', 'rtl'], ['ur', 'rtl'], ['ps', 'rtl'], ['yi', 'rtl'], ['dv', 'rtl'], ['ckb', 'rtl'], ['az-Arab', 'rtl'],
    ['en', 'ltr'], ['ru', 'ltr'], ['az', 'ltr'], ['az-Cyrl', 'ltr'], ['ug-Cyrl', 'ltr'], ['zh-Hant', 'ltr'], ['und', 'ltr'], ['not a tag', 'ltr'],
  ])('%s reads %s', (tag, dir) => {
    expect(directionOf(tag)).toBe(dir);
  });
});
