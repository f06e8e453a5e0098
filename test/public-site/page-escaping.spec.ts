import fc from 'fast-check';
import { JSDOM } from 'jsdom';
import { buildClaimReview } from '../../src/claim-review/claim-review.builder';
import { serialiseJsonLd } from '../../src/claim-review/json-ld.serialiser';
import type { ClaimEvent } from '../../src/claims/domain/claim';
import { factCheckPage, type LogFindings } from '../../src/public-site/domain/fact-check-page';
import { PageRenderer } from '../../src/public-site/api/page-renderer';
import { claimId, factCheckCorrected, published, stateAfter } from '../fact-check/desk.fixtures';
import { DEFAULT_POLICY } from '../support/decider-spec';

const HOSTILE = [
  '<script>window.pwned=1</script>',
  '</script><script>window.pwned=2</script>',
  '<img src=x onerror="window.pwned=3">',
  '"><svg onload=alert(1)>',
  "' onmouseover='alert(1)",
  '<!--',
  ']]>',
  '&amp;&lt;',
  '\u202Eevil\u202C',
  '\u2066isolate',
  'javascript:alert(1)',
  '{{constructor.constructor("alert(1)")()}}',
  '<%= it %>',
  '${process.exit()}',
];
const hostileText = fc.oneof(
  fc.constantFrom(...HOSTILE),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }),
  fc.array(fc.constantFrom(...HOSTILE, 'قال', 'Мария', 'ə', ' '), { minLength: 1, maxLength: 6 }).map((parts) => parts.join('')),
);
// The stored texts the page shows are trimmed, non-empty, and free of NUL (the input rules' floor).
const storedText = hostileText.map((s) => s.replace(/\u0000/g, '').trim()).filter((s) => s.length > 0);

const LOG: LogFindings = { proofBundleUrl: `/log/fact-checks/${claimId}`, byRevision: new Map() };
const renderer = new PageRenderer({ name: 'Desk <b>& Co</b>', url: null });

/** What the service renders for the fact-check, through the real templates. */
function render(history: ClaimEvent[]): { html: string; review: unknown } {
  const claim = stateAfter(history);
  const review = buildClaimReview(claim, { scale: DEFAULT_POLICY.scale, baseUrl: 'https://desk.example', organization: { name: 'Desk' } });
  const view = factCheckPage(claim, history.map((event, revision) => ({ revision, event })), `https://desk.example/claims/${claimId}`, LOG, { scale: DEFAULT_POLICY.scale, reviewerNames: 'FULL' })!;
  const html = renderer.render('fact-check', { title: view.statement, lang: view.lang, dir: view.dir, jsonLd: serialiseJsonLd(review), canonical: view.url }, { view, logProblem: null, claimReviewUrl: '/x' });
  return { html, review };
}

function withNote(event: ClaimEvent, note: string): ClaimEvent {
  return event.type === 'FactCheckCorrected' ? { ...event, data: { ...event.data, note } } : event;
}

function hostileHistory(t: { statement: string; claimant: string; excerpt: string; title: string; summary: string; note: string; topic: string; url: string }): ClaimEvent[] {
  return [
    ...published().map((e): ClaimEvent => {
      if (e.type === 'ClaimSubmitted') return { ...e, data: { ...e.data, statement: t.statement, claimant: { name: t.claimant, kind: 'PERSON' }, topics: [t.topic], appearances: [{ url: t.url, outlet: t.title, appearedAt: '2025-06-28', firstAppearance: true }] } };
      if (e.type === 'CitationAdded' && e.data.citationId === 'k1') return { ...e, data: { ...e.data, excerpt: t.excerpt, title: t.title, publisher: t.claimant, url: t.url } };
      if (e.type === 'FactCheckPublished') return { ...e, data: { ...e.data, summary: t.summary } };
      return e;
    }),
    withNote(factCheckCorrected('FALSE', 'FALSE', t.summary, t.summary), t.note),
  ];
}

describe('the fact-check page renders hostile text inert (property, real templates, real HTML parser)', () => {
  it('every user text comes back as the same text, no script runs, no handler or javascript: link appears, the JSON-LD is the ClaimReview', () => {
    fc.assert(
      fc.property(
        fc.record({ statement: storedText, claimant: storedText, excerpt: storedText, title: storedText, summary: storedText, note: storedText, topic: storedText, url: fc.oneof(fc.webUrl(), fc.constantFrom('javascript:alert(1)', 'data:text/html,<script>1</script>')) }),
        (texts) => {
          const { html, review } = render(hostileHistory(texts));
          const dom = new JSDOM(html);
          const doc = dom.window.document;
          const scripts = [...doc.querySelectorAll('script')];
          expect(scripts.map((s) => s.getAttribute('type'))).toEqual(['application/ld+json']);
          expect(JSON.parse(scripts[0].textContent ?? '')).toEqual(review);
          for (const element of doc.querySelectorAll('*')) {
            for (const attribute of element.getAttributeNames()) expect(attribute.startsWith('on')).toBe(false);
          }
          for (const a of doc.querySelectorAll('a[href]')) expect(a.getAttribute('href')).not.toMatch(/^\s*(javascript|data|vbscript):/i);
          expect(doc.querySelector('h1 q')?.textContent).toBe(texts.statement);
          expect(doc.querySelector('.evidence blockquote p')?.textContent).toBe(texts.excerpt);
          expect(doc.querySelector('.claim-source bdi')?.textContent).toBe(texts.claimant);
          expect([...doc.querySelectorAll('.corrections bdi')].map((b) => b.textContent)).toContain(texts.note);
          expect(doc.querySelectorAll('img, svg, iframe, object, embed, form').length).toBe(0);
          dom.window.close();
        },
      ),
      { numRuns: 80 },
    );
  });

  it('isolates right-to-left overrides in their own element, so they cannot reorder the rating or the labels around them', () => {
    const { html } = render(hostileHistory({ statement: 'Prices fell \u202Eeslaf si siht', claimant: '\u202EName', excerpt: 'e', title: 't', summary: 's', note: 'n', topic: 'x', url: 'https://e.example' }));
    const doc = new JSDOM(html).window.document;
    const claimant = doc.querySelector('.claim-source bdi');
    expect(claimant?.textContent).toBe('\u202EName');
    expect(doc.querySelector('.rating strong bdi')?.textContent).toBe('False');
  });

  it('escapes the organisation name in the layout too', () => {
    const { html } = render(published());
    const doc = new JSDOM(html).window.document;
    expect(doc.querySelector('.site-name a')?.textContent).toBe('Desk <b>& Co</b>');
    expect(doc.querySelectorAll('b').length).toBe(0);
  });
});
