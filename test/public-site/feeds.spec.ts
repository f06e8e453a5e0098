import * as fc from 'fast-check';
import { DOMParser, type Document, type Element } from '@xmldom/xmldom';
import type { Publication } from '../../src/claims/domain/claim';
import { methodologyOf } from '../../src/claims/domain/methodology';
import { DEFAULT_RATINGS, ratingScale } from '../../src/claims/domain/rating-scale';
import { nameBasedUrn, renderAtomFeed } from '../../src/public-site/api/feeds.controller';
import { createTemplateEngine } from '../../src/public-site/api/templates';
import {
  EMPTY_FEED_UPDATED, FeedChange, FeedContext, FeedSource, feedView, isolate, jsonFeed, shorten, TITLE_MAX_GRAPHEMES, xmlSafe,
} from '../../src/public-site/domain/feeds';

const ATOM = 'http://www.w3.org/2005/Atom';
const FSI = '\u2068';
const PDI = '\u2069';
const RLO = '\u202E';

const ctx: FeedContext = {
  pageUrl: (id) => `https://fc.example.org/claims/${encodeURIComponent(id)}`,
  entryId: (id, kind, revision) => `urn:test:${id}:${kind.toLowerCase()}-${revision}`,
  feedId: 'urn:test:feed',
  atomUrl: 'https://fc.example.org/feed.atom',
  jsonUrl: 'https://fc.example.org/feed.json',
  homeUrl: 'https://fc.example.org/claims',
  organization: { name: 'Example Fact Check', url: 'https://example.org/about' },
  scale: ratingScale(),
};

const publication = (over: Partial<Publication> = {}): Publication => ({
  rating: 'FALSE', summary: 'No one died.', consensusRating: 'FALSE', justification: null, verdictIds: [], citationIds: [],
  methodology: methodologyOf({ scale: ratingScale(), minReviewers: 2 }), publishedBy: { id: 'edgar', name: 'Edgar' }, publishedAt: '2025-07-03T12:00:00.000Z', ...over,
});
const change = (over: Partial<FeedChange>): FeedChange => ({
  claimId: 'c1', kind: 'PUBLISHED', at: '2025-07-03T12:00:00.000Z', revision: 7, note: null, rating: 'FALSE', previousRating: null, summary: 'No one died.', justification: null, ...over,
});
const source = (over: Partial<FeedChange>, statement = 'Two men died in Yekaterinburg.', pub: Publication = publication()): FeedSource => ({ change: change(over), claim: { statement, publication: pub } });

/** Newest first, as the record gives them: c1 retracted, c2 corrected, c2 published, c1 published. */
const RECORD: FeedSource[] = [
  source({ claimId: 'c1', kind: 'RETRACTED', at: '2025-07-06T12:00:00.000Z', revision: 9, note: 'The source was withdrawn.', rating: 'FALSE' }),
  source(
    { claimId: 'c2', kind: 'CORRECTED', at: '2025-07-05T12:00:00.000Z', revision: 8, note: 'A second death was confirmed.', rating: 'MOSTLY_FALSE', previousRating: 'FALSE', summary: 'Two died, later.', justification: 'Confirmed after the verdicts.' },
    'Nine people were detained.',
  ),
  source({ claimId: 'c2', kind: 'PUBLISHED', at: '2025-07-04T12:00:00.000Z', revision: 7 }, 'Nine people were detained.'),
  source({ claimId: 'c1', kind: 'PUBLISHED', at: '2025-07-03T12:00:00Z', revision: 7 }),
];

/**
 * Strict XML: any warning or error of the parser fails the test, except xmldom's hint that U+FFFD may
 * come from a decoding error (it is a character XML allows, and a user may type it).
 */
function parseXml(text: string): Document {
  return new DOMParser({
    onError: (level: string, message: string) => {
      if (level === 'warning' && /replacement character/.test(message)) return;
      throw new Error(`XML ${level}: ${message}`);
    },
  }).parseFromString(text, 'application/xml');
}
const templates = createTemplateEngine();
const children = (el: Element, name: string) => Array.from(el.childNodes).filter((n): n is Element => n.nodeType === 1 && (n as Element).localName === name);
const child = (el: Element, name: string) => children(el, name)[0];

const XML_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe('JSON Feed 1.1 of the public record', () => {
  it('has the version, the feed links, the organisation as author and one item per change, newest first, with a stable id per event', () => {
    expect(jsonFeed(feedView(RECORD, ctx))).toEqual({
      version: 'https://jsonfeed.org/version/1.1',
      title: 'Example Fact Check: fact-checks, corrections and retractions',
      home_page_url: 'https://fc.example.org/claims',
      feed_url: 'https://fc.example.org/feed.json',
      description: 'Every fact-check Example Fact Check publishes, corrects or retracts, newest first.',
      authors: [{ name: 'Example Fact Check', url: 'https://example.org/about' }],
      items: [
        {
          id: 'urn:test:c1:retracted-9',
          url: 'https://fc.example.org/claims/c1',
          title: `Retracted: ${FSI}Two men died in Yekaterinburg.${PDI}`,
          content_text: `Retraction: ${FSI}The source was withdrawn.${PDI}\n\nThis fact-check, rated False, has been retracted and no longer stands.`,
          date_published: '2025-07-06T12:00:00.000Z',
        },
        {
          id: 'urn:test:c2:corrected-8',
          url: 'https://fc.example.org/claims/c2',
          title: `Corrected: ${FSI}Nine people were detained.${PDI}`,
          content_text: `Correction: ${FSI}A second death was confirmed.${PDI}\n\nRating: Mostly false (was False)\n\n${FSI}Two died, later.${PDI}\n\nWhy this rating: ${FSI}Confirmed after the verdicts.${PDI}`,
          date_published: '2025-07-05T12:00:00.000Z',
        },
        {
          id: 'urn:test:c2:published-7',
          url: 'https://fc.example.org/claims/c2',
          title: `Fact-check: ${FSI}Nine people were detained.${PDI}`,
          content_text: `Rating: False\n\n${FSI}No one died.${PDI}`,
          date_published: '2025-07-04T12:00:00.000Z',
        },
        {
          id: 'urn:test:c1:published-7',
          url: 'https://fc.example.org/claims/c1',
          title: `Fact-check: ${FSI}Two men died in Yekaterinburg.${PDI}`,
          content_text: `Rating: False\n\n${FSI}No one died.${PDI}`,
          // Read as RFC 3339 UTC with milliseconds, whatever form the event stored it in.
          date_published: '2025-07-03T12:00:00.000Z',
        },
      ],
    });
  });

  it('the feed is updated at its latest act, also when an earlier entry carries a later time; an empty feed at a fixed epoch', () => {
    expect(feedView(RECORD, ctx).updated).toBe('2025-07-06T12:00:00.000Z');
    const imported = [source({ at: '2025-07-01T00:00:00.000Z', revision: 9 }), source({ at: '2025-07-02T00:00:00.000Z', revision: 8 })];
    expect(feedView(imported, ctx).updated).toBe('2025-07-02T00:00:00.000Z');
    const empty = jsonFeed(feedView([], ctx));
    expect(empty.items).toEqual([]);
    expect(feedView([], ctx).updated).toBe(EMPTY_FEED_UPDATED);
  });

  it('labels ratings on the scale the fact-check was published under, a v1 publication on the configured one', () => {
    const pinned = methodologyOf({ scale: ratingScale(DEFAULT_RATINGS.map((r) => (r.key === 'FALSE' ? { ...r, label: 'Fake' } : r))), minReviewers: 2 });
    const configured = { ...ctx, scale: ratingScale(DEFAULT_RATINGS.map((r) => (r.key === 'FALSE' ? { ...r, label: 'Untrue' } : r))) };
    const [withPinned, v1] = jsonFeed(feedView([source({}, 'S', publication({ methodology: pinned })), source({}, 'S', publication({ methodology: null }))], configured)).items;
    expect(withPinned.content_text).toMatch(/^Rating: Fake\n/);
    expect(v1.content_text).toMatch(/^Rating: Untrue\n/);
  });

  it('a correction that keeps the rating says so; a change without its claim still gets an entry, naming the claim id', () => {
    const [kept, orphan] = jsonFeed(
      feedView([source({ kind: 'CORRECTED', note: 'Typo.', rating: 'FALSE', previousRating: 'FALSE' }), { change: change({ claimId: 'gone', revision: 3 }), claim: null }], ctx),
    ).items;
    expect(kept.content_text).toContain('Rating: False (unchanged)');
    expect(orphan).toMatchObject({ id: 'urn:test:gone:published-3', title: 'Fact-check: fact-check gone' });
  });

  it('titles are one line of at most 100 graphemes, cut with an ellipsis and never inside a character', () => {
    const long = `${'Сто двадцать человек задержали. '.repeat(10)}`;
    const [item] = jsonFeed(feedView([source({}, `${long}\n\nsecond paragraph`)], ctx)).items;
    const inner = item.title.slice('Fact-check: '.length + 1, -1);
    expect([...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(inner)]).toHaveLength(TITLE_MAX_GRAPHEMES);
    expect(inner.endsWith('…')).toBe(true);
    expect(inner).not.toContain('\n');
    // A family emoji (one grapheme of seven code units) is kept whole or dropped whole.
    const family = '👨‍👩‍👧';
    expect(shorten(`${'a'.repeat(98)}${family}${family}`, 100)).toBe(`${'a'.repeat(98)}${family}${family}`);
    expect(shorten(`${'a'.repeat(98)}${family}${family}${family}`, 100)).toBe(`${'a'.repeat(98)}${family}…`);
  });

  it('property: a shortened title is a prefix of the text on one line, at most the limit in graphemes, never ending inside one', () => {
    const zalgo = fc.integer({ min: 1, max: 40 }).map((n) => `e${'\u0301'.repeat(n)}`);
    const text = fc.string({ unit: fc.oneof(fc.constantFrom('a', ' ', '\n', 'ب', 'ж', '👨‍👩‍👧', '😀'), zalgo), maxLength: 400 });
    const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
    const count = (s: string) => [...segmenter.segment(s)].length;
    fc.assert(
      fc.property(text, fc.integer({ min: 2, max: 120 }), (input, max) => {
        const line = input.replace(/\s+/gu, ' ').trim();
        const title = shorten(input, max);
        expect(count(title)).toBeLessThanOrEqual(max);
        if (title === line) return;
        expect(title.endsWith('…')).toBe(true);
        const kept = title.slice(0, -1);
        expect(line.startsWith(kept)).toBe(true);
        // Cut between graphemes: the kept part's graphemes are the line's first ones.
        expect([...segmenter.segment(kept)].map((g) => g.segment)).toEqual([...segmenter.segment(line)].slice(0, count(kept)).map((g) => g.segment));
      }),
      { numRuns: Number(process.env.RUNS ?? 200) },
    );
  });
});

describe('hostile text in the feeds', () => {
  const HOSTILE_STATEMENT = `<script>alert("x")</script> ]]> & Tom's ${RLO}txt.exe\u0000\u0007\u001B\uFFFE\uD800 ترحيل الأذربيجانيين Екатеринбург`;
  const HOSTILE_SUMMARY = `]]><![CDATA[ & <b>bold</b>\u000B${RLO}gnp.\u202Dx\u2069${RLO}escaped?\r\nline two \uDC00\uFFFF`;
  const hostile = source({ kind: 'CORRECTED', note: `<img src=x onerror=alert(1)> ${RLO}override`, summary: HOSTILE_SUMMARY, previousRating: 'FALSE', rating: 'FALSE' }, HOSTILE_STATEMENT);

  it('drops what XML 1.0 forbids (C0 controls but tab, LF and CR; U+FFFE, U+FFFF; lone surrogates) and keeps Arabic, Cyrillic and markup characters as text', () => {
    const [item] = jsonFeed(feedView([hostile], ctx)).items;
    for (const text of [item.title, item.content_text]) expect(text).not.toMatch(XML_FORBIDDEN);
    expect(item.title).toBe(`Corrected: ${FSI}<script>alert("x")</script> ]]> & Tom's ${RLO}txt.exe ترحيل الأذربيجانيين Екатеринбург${PDI}`);
    expect(item.content_text).toContain(`${FSI}<img src=x onerror=alert(1)> ${RLO}override${PDI}`);
    expect(JSON.parse(JSON.stringify(item))).toEqual(item);
  });

  it('keeps every RTL override inside its own isolate: a stray PDI in the text cannot close the isolate early', () => {
    const [item] = jsonFeed(feedView([hostile], ctx)).items;
    for (const line of item.content_text.split('\n')) {
      // Every override sits between an FSI and the PDI that closes it, and the text brings no isolate controls of its own.
      let depth = 0;
      for (const ch of line) {
        if (ch === FSI) depth += 1;
        else if (ch === PDI) depth -= 1;
        else if (ch === RLO || ch === '\u202D') expect(depth).toBe(1);
        expect(depth === 0 || depth === 1).toBe(true);
      }
      expect(depth).toBe(0);
    }
    expect(isolate(`a${PDI}${RLO}b\nc`)).toBe(`${FSI}a${RLO}b${PDI}\n${FSI}c${PDI}`);
  });

  it('the Atom feed parses strictly; script, CDATA and entities stay text, and every text reads back as the view has it', () => {
    const view = feedView([hostile, ...RECORD], ctx);
    const atom = renderAtomFeed(templates, view);
    expect(atom).not.toMatch(XML_FORBIDDEN);
    const doc = parseXml(atom);
    const feed = doc.documentElement!;
    expect(feed.namespaceURI).toBe(ATOM);
    expect(doc.getElementsByTagName('script')).toHaveLength(0);
    expect(doc.getElementsByTagName('img')).toHaveLength(0);
    expect(doc.getElementsByTagName('b')).toHaveLength(0);
    const entries = children(feed, 'entry');
    expect(entries).toHaveLength(view.entries.length);
    entries.forEach((entry, i) => {
      expect(child(entry, 'title').textContent).toBe(view.entries[i].title);
      expect(child(entry, 'content').textContent).toBe(view.entries[i].text);
      expect(child(entry, 'id').textContent).toBe(view.entries[i].id);
    });
  });

  it('property: whatever the statement, summary and note (any UTF-16, lone surrogates and controls included), the Atom feed parses strictly and reads back', () => {
    const anyUnit = fc.integer({ min: 0, max: 0xffff }).map((n) => String.fromCharCode(n));
    const text = fc.string({ unit: fc.oneof(anyUnit, fc.constantFrom('<', '&', ']]>', RLO, PDI, '\r', '\u0085', '\u2028', '"', "'", 'ب', 'ж')), maxLength: 40 });
    fc.assert(
      fc.property(text, text, text, fc.constantFrom('PUBLISHED', 'CORRECTED', 'RETRACTED') as fc.Arbitrary<FeedChange['kind']>, (statement, summary, note, kind) => {
        const view = feedView([source({ kind, summary, note, previousRating: kind === 'CORRECTED' ? 'TRUE' : null }, statement)], { ...ctx, organization: { name: `Org ${note}` } });
        const atom = renderAtomFeed(templates, view);
        // xmldom does not check characters: what XML 1.0 forbids is looked for in the document itself.
        expect(atom).not.toMatch(XML_FORBIDDEN);
        const doc = parseXml(atom);
        const [entry] = children(doc.documentElement!, 'entry');
        expect(child(entry, 'title').textContent).toBe(view.entries[0].title);
        expect(child(entry, 'content').textContent).toBe(view.entries[0].text);
        expect(child(child(doc.documentElement!, 'author'), 'name').textContent).toBe(view.author.name);
      }),
      { numRuns: Number(process.env.RUNS ?? 300) },
    );
  });

  it('ends every line with LF, whatever line ends the text had (CR LF, CR, NEL, U+2028, U+2029), so every parser reads the same text', () => {
    const [item] = jsonFeed(feedView([source({ summary: 'one\r\ntwo\rthree\u0085four\u2028five\u2029six' })], ctx)).items;
    expect(item.content_text).toBe(`Rating: False\n\n${['one', 'two', 'three', 'four', 'five', 'six'].map((l) => `${FSI}${l}${PDI}`).join('\n')}`);
  });

  it('xmlSafe keeps every character XML allows, surrogate pairs included, and drops the rest', () => {
    expect(xmlSafe('a\tb\nc\rd😀\u0085\u007F\uE000\uFFFD')).toBe('a\tb\nc\rd😀\u0085\u007F\uE000\uFFFD');
    expect(xmlSafe('\u0000\u0001\u0008\u000B\u000C\u000E\u001F\uFFFE\uFFFF\uD800x\uDFFF')).toBe('x');
  });
});

describe('permanent ids of the feeds (property)', () => {
  it('are name-based UUID URNs (version 8, RFC 9562 variant): the same for the same name, different for different names', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        const ua = nameBasedUrn(a);
        expect(ua).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
        expect(nameBasedUrn(a)).toBe(ua);
        if (a !== b) expect(nameBasedUrn(b)).not.toBe(ua);
      }),
    );
  });
});
