/**
 * Reading other desks' ClaimReview JSON-LD (schema.org, as Google's ClaimReview markup guide describes
 * it): one ClaimReview, an array of them, or a DataFeed whose elements are ClaimReviews (our own export)
 * or DataFeedItems carrying them in `item`. Pure. Strict about what a reference fact-check cannot do
 * without (url, claimReviewed, the fact-checker's name, a rating, datePublished), tolerant of what is
 * optional; every ClaimReview found is either read or reported with its place, none is dropped silently.
 */
import { canonicalJson } from '../../shared/canonical-json';
import { parseIsoInstant } from '../../shared/instant';
import { LANGUAGE_TAG, URL_MAX_LENGTH } from '../../shared/input-rules';
import { hasVisibleCharacter, textProblem, urlProblem } from '../../shared/text';
import { foldForSearch } from '../../shared/search-folding';
import { LIMITS } from '../../claims/domain/limits';

export interface ExternalProblem {
  /** Where, e.g. `dataFeedElement[3].item[0].reviewRating.alternateName`; `(document)` for the whole body. */
  path: string;
  message: string;
}

export interface ParsedClaimant {
  name: string;
  kind: 'PERSON' | 'ORGANIZATION';
}

export interface ParsedAppearance {
  url: string;
  outlet: string;
  appearedAt: string;
  firstAppearance: boolean;
}

export interface ParsedCorrection {
  /** The CorrectionComment's text. */
  text: string;
  /** Its datePublished, else the review's dateModified (else datePublished). */
  datePublished: string;
}

/** One ClaimReview as read: the fields we index and show, and the document itself. */
export interface ParsedClaimReview {
  /** Where it was in the body (`(document)`, `[2]`, `dataFeedElement[0].item[1]`). */
  path: string;
  /** The ClaimReview's `url`, normalised (WHATWG URL; no fragment, no empty query): what identifies it. */
  url: string;
  claimReviewed: string;
  /** The first author: the fact-checker the review is attributed to. */
  publisher: { name: string; url: string | null };
  /** Every author, in the document's order (the publisher first). */
  authors: { name: string; url: string | null }[];
  datePublished: string;
  /** When the publisher last changed it; null when the document does not say. */
  dateModified: string | null;
  /** The document's CorrectionComments (`correction`), in its order. */
  corrections: ParsedCorrection[];
  rating: { alternateName: string | null; ratingValue: number | null; bestRating: number | null; worstRating: number | null };
  reviewBody: string | null;
  /** BCP 47 tag; `und` when the document names none. */
  language: string;
  claimant: ParsedClaimant | null;
  /** The claim's date (itemReviewed.datePublished), else the review's date. */
  claimDate: string;
  appearances: ParsedAppearance[];
  /** The ClaimReview as given (a feed's `@context` carried over when the element has none), canonical JSON. */
  document: string;
}

export type ParseResult = { ok: true; reviews: ParsedClaimReview[] } | { ok: false; problems: ExternalProblem[] };

/** What parsing is told rather than finds out: the time now (no date may be later) and this desk itself. */
export interface ParseContext {
  now: Date;
  /** This deployment: its PUBLIC_BASE_URL and the publisher name its export writes (ORGANIZATION_NAME). */
  own?: { baseUrl: string; publisherName: string };
}

/** How deep a document may nest: ours nest 7 levels, Google's examples fewer; deeper is refused before anything recursive runs. */
export const MAX_DEPTH = 32;
export const OWN_FACT_CHECK = "this is this desk's own fact-check; it is not imported as another desk's";

export const SCHEMA_ORG_CONTEXT = 'https://schema.org';
/** At most this many ClaimReviews in one request. */
export const MAX_REVIEWS_PER_IMPORT = 1000;
const MAX_TEXT = 20_000;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Obj = { [key: string]: Json };

const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const at = (base: string, key: string | number) => (typeof key === 'number' ? `${base}[${key}]` : base ? `${base}.${key}` : key);
const where = (path: string) => path || '(document)';

/** `https://schema.org`, `http://schema.org/`, `//schema.org`, in a list, or as `@vocab`: all name schema.org. */
export function isSchemaOrgContext(value: unknown): boolean {
  if (typeof value === 'string') return /^(https?:)?\/\/schema\.org\/?$/i.test(value.trim());
  if (Array.isArray(value)) return value.some(isSchemaOrgContext);
  if (isObject(value)) return isSchemaOrgContext(value['@vocab']);
  return false;
}

/** Whether `@type` names `name` (`ClaimReview`, `schema:ClaimReview`, `https://schema.org/ClaimReview`, or in a list). */
export function hasType(value: unknown, name: string): boolean {
  if (Array.isArray(value)) return value.some((v) => hasType(v, name));
  if (typeof value !== 'string') return false;
  const t = value.trim();
  return t === name || t === `schema:${name}` || new RegExp(`^(https?:)?//schema\\.org/${name}$`, 'i').test(t);
}

/**
 * The place of the first value nested deeper than `limit` (the body itself is depth 1), or null. Iterative:
 * it is what keeps a 3,000-deep body away from the recursive readers (canonical JSON, the key checker).
 */
export function tooDeep(body: unknown, limit = MAX_DEPTH): string | null {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value: body, path: '', depth: 1 }];
  while (stack.length > 0) {
    const { value, path, depth } = stack.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    if (depth > limit) return where(path);
    if (Array.isArray(value)) value.forEach((v, i) => stack.push({ value: v, path: at(path, i), depth: depth + 1 }));
    else for (const [k, v] of Object.entries(value)) stack.push({ value: v, path: at(path, k), depth: depth + 1 });
  }
  return null;
}

/**
 * The identity of a ClaimReview url: WHATWG URL's spelling (scheme and host in lower case, default port
 * dropped, dot segments resolved) without its fragment or an empty query, so that one page is one fact-check.
 */
export function normaliseReviewUrl(url: string): string {
  const parsed = new URL(url);
  parsed.hash = '';
  if (parsed.search === '') parsed.search = '';
  return parsed.href;
}

/** Whether `url` is under `base` (same origin, and a path at or below the base's). */
export function isUnder(url: string, base: string): boolean {
  let u: URL, b: URL;
  try {
    u = new URL(url);
    b = new URL(base);
  } catch {
    return false;
  }
  if (u.origin !== b.origin) return false;
  const basePath = b.pathname.endsWith('/') ? b.pathname : `${b.pathname}/`;
  return basePath === '/' || u.pathname === b.pathname || u.pathname.startsWith(basePath);
}

export function parseClaimReviews(body: unknown, context: ParseContext = { now: new Date() }): ParseResult {
  const deep = tooDeep(body);
  if (deep !== null) return { ok: false, problems: [{ path: deep, message: `nests deeper than ${MAX_DEPTH} levels: no ClaimReview does; flatten the document` }] };
  if (typeof body !== 'object' || body === null) {
    return { ok: false, problems: [{ path: '(document)', message: `must be a ClaimReview object, an array or a DataFeed; got ${body === null ? 'null' : typeof body}` }] };
  }
  const problems: ExternalProblem[] = [];
  const reviews: ParsedClaimReview[] = [];
  const found: { value: Obj; path: string; context: Json | undefined }[] = [];

  const collect = (value: unknown, path: string, inheritedContext: Json | undefined) => {
    if (!isObject(value)) return problems.push({ path: where(path), message: 'must be a ClaimReview object' });
    const context = value['@context'] ?? inheritedContext;
    if (context === undefined) return problems.push({ path: at(path, '@context'), message: 'missing: a ClaimReview must name schema.org as its @context ("https://schema.org")' });
    if (!isSchemaOrgContext(context)) return problems.push({ path: at(path, '@context'), message: 'must be schema.org ("https://schema.org" or "http://schema.org")' });
    if (hasType(value['@type'], 'DataFeed')) {
      const elements = value.dataFeedElement;
      const list = Array.isArray(elements) ? elements : elements === undefined ? null : [elements];
      if (!list) return problems.push({ path: at(path, 'dataFeedElement'), message: 'missing: a DataFeed must list its ClaimReviews in dataFeedElement' });
      list.forEach((element, i) => {
        const elementPath = Array.isArray(elements) ? at(at(path, 'dataFeedElement'), i) : at(path, 'dataFeedElement');
        if (isObject(element) && hasType(element['@type'], 'DataFeedItem')) {
          const items = element.item;
          if (items === undefined) return problems.push({ path: at(elementPath, 'item'), message: 'missing: a DataFeedItem must carry its ClaimReview in item' });
          (Array.isArray(items) ? items : [items]).forEach((item, j) => collect(item, Array.isArray(items) ? at(at(elementPath, 'item'), j) : at(elementPath, 'item'), context));
        } else {
          collect(element, elementPath, context);
        }
      });
      return;
    }
    if (!hasType(value['@type'], 'ClaimReview')) {
      return problems.push({ path: at(path, '@type'), message: `must be ClaimReview (or a DataFeed of them); got ${JSON.stringify(value['@type'] ?? null)}` });
    }
    found.push({ value, path, context });
  };

  if (Array.isArray(body)) {
    if (body.length === 0) problems.push({ path: '(document)', message: 'is an empty list: there is no ClaimReview to import' });
    body.forEach((element, i) => collect(element, `[${i}]`, undefined));
  } else {
    collect(body, '', undefined);
  }
  if (found.length > MAX_REVIEWS_PER_IMPORT) {
    return { ok: false, problems: [{ path: '(document)', message: `holds ${found.length} ClaimReviews; at most ${MAX_REVIEWS_PER_IMPORT} may be imported at once: split it` }] };
  }
  if (found.length === 0 && problems.length === 0) problems.push({ path: '(document)', message: 'holds no ClaimReview' });

  const seen = new Map<string, string>();
  const ctx = context;
  for (const { value, path, context } of found) {
    const review = readReview(value, path, context, problems, ctx);
    if (!review) continue;
    const earlier = seen.get(review.url);
    if (earlier !== undefined) {
      problems.push({ path: at(path, 'url'), message: `repeats the url of ${where(earlier)} (${review.url}): each ClaimReview may appear once per import` });
      continue;
    }
    seen.set(review.url, path);
    reviews.push(review);
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, reviews };
}

function readReview(value: Obj, path: string, context: Json | undefined, problems: ExternalProblem[], ctx: ParseContext): ParsedClaimReview | null {
  const before = problems.length;
  const p = (key: string) => at(path, key);
  const givenUrl = requiredUrl(value.url, p('url'), problems);
  const url = givenUrl === null ? null : normaliseReviewUrl(givenUrl);
  if (url !== null && ctx.own && isUnder(url, ctx.own.baseUrl)) problems.push({ path: p('url'), message: `is under this deployment's PUBLIC_BASE_URL (${ctx.own.baseUrl}): ${OWN_FACT_CHECK}` });
  const claimReviewed = requiredText(value.claimReviewed, p('claimReviewed'), problems, 'text');
  const datePublished = requiredDate(value.datePublished, p('datePublished'), problems, ctx.now);
  const dateModified = optionalDate(value.dateModified, p('dateModified'), problems, ctx.now);
  if (datePublished !== null && dateModified !== null && compareDates(dateModified, datePublished) < 0) {
    problems.push({ path: p('dateModified'), message: `is before datePublished (${datePublished}): a review cannot be changed before it was published` });
  }

  // The fact-checkers: Organizations (or Persons) with a name; the first is the publisher, and all are kept.
  const authors: { name: string; url: string | null }[] = [];
  const authorList = Array.isArray(value.author) ? value.author : value.author === undefined || value.author === null ? [] : [value.author];
  if (authorList.length === 0) problems.push({ path: p('author'), message: 'missing: the fact-checker (an Organization with a name) is required' });
  authorList.forEach((author, i) => {
    const authorPath = Array.isArray(value.author) ? at(p('author'), i) : p('author');
    let read: { name: string; url: string | null } | null = null;
    if (typeof author === 'string') read = nonBlank(author, authorPath, problems) ? { name: author.normalize('NFC').trim(), url: null } : null;
    else if (!isObject(author)) problems.push({ path: authorPath, message: 'must be an Organization with a name' });
    else {
      const name = requiredText(author.name, at(authorPath, 'name'), problems, 'line');
      const orgUrl = optionalUrl(author.url, at(authorPath, 'url'), problems);
      if (name !== null) read = { name, url: orgUrl };
    }
    if (read === null) return;
    // Compared as search compares words (case, width, accents, dashes and invisible characters aside), so a
    // respelling that reads the same ("fact-check DESK", a no-break or zero-width space) is still this desk.
    if (ctx.own && foldForSearch(read.name) === foldForSearch(ctx.own.publisherName)) {
      problems.push({ path: typeof author === 'string' ? authorPath : at(authorPath, 'name'), message: `is this desk (ORGANIZATION_NAME): ${OWN_FACT_CHECK}` });
    }
    authors.push(read);
  });
  const publisher = authors[0] ?? null;

  const rating = readRating(value.reviewRating, p('reviewRating'), problems);
  const reviewBody = optionalText(value.reviewBody, p('reviewBody'), problems, 'text');

  const item = value.itemReviewed;
  const itemPath = p('itemReviewed');
  let claimant: ParsedClaimant | null = null;
  let claimDate: string | null = null;
  let appearances: ParsedAppearance[] = [];
  let itemLanguage: string | null = null;
  if (item !== undefined && item !== null) {
    if (!isObject(item)) problems.push({ path: itemPath, message: 'must be a Claim object' });
    else {
      claimant = readClaimant(item.author, at(itemPath, 'author'), problems);
      claimDate = optionalDate(item.datePublished, at(itemPath, 'datePublished'), problems, ctx.now);
      if (claimDate !== null && datePublished !== null && compareDates(claimDate, datePublished) > 0) {
        problems.push({ path: at(itemPath, 'datePublished'), message: `is after the review's datePublished (${datePublished}): a claim is made before it is reviewed` });
      }
      itemLanguage = optionalLanguage(item.inLanguage, at(itemPath, 'inLanguage'), problems);
      // An appearance without a date is dated as the claim (else as the review's day), never as the import.
      const fallback = (claimDate ?? datePublished)?.slice(0, 10) ?? null;
      const first = readAppearances(item.firstAppearance, at(itemPath, 'firstAppearance'), problems, fallback, ctx.now);
      const all = readAppearances(item.appearance, at(itemPath, 'appearance'), problems, fallback, ctx.now);
      // The first appearance is usually also listed among the appearances: keep one entry, marked first.
      const firstUrls = new Set(first.map((a) => a.url));
      appearances = [...first.map((a) => ({ ...a, firstAppearance: true })), ...all.filter((a) => !firstUrls.has(a.url))];
      if (appearances.length > LIMITS.appearances) {
        problems.push({ path: at(itemPath, item.appearance === undefined ? 'firstAppearance' : 'appearance'), message: `lists ${appearances.length} appearances; at most ${LIMITS.appearances} are kept: none is dropped, so list the most telling ones` });
      }
    }
  }
  const language = optionalLanguage(value.inLanguage, p('inLanguage'), problems) ?? itemLanguage ?? 'und';
  const corrections = readCorrections(value.correction, p('correction'), problems, (dateModified ?? datePublished) ?? '', ctx.now);

  if (problems.length > before || url === null || claimReviewed === null || datePublished === null || publisher === null || rating === null) return null;
  const document = value['@context'] === undefined && context !== undefined ? { '@context': context, ...value } : value;
  return {
    path: where(path),
    url,
    claimReviewed,
    publisher,
    authors,
    datePublished,
    dateModified,
    corrections,
    rating,
    reviewBody,
    language,
    claimant,
    claimDate: claimDate ?? datePublished.slice(0, 10),
    appearances,
    document: canonicalJson(document),
  };
}

/** Compares two ISO dates or date-times: by day when either is a bare day, else by instant. */
export function compareDates(a: string, b: string): number {
  const x = parseIsoInstant(a);
  const y = parseIsoInstant(b);
  if (!x || !y) return 0;
  if (x.kind === 'date' || y.kind === 'date') {
    const day = (v: string, i: typeof x) => (i.kind === 'date' ? v : new Date(i.ms).toISOString().slice(0, 10));
    return day(a, x) < day(b, y) ? -1 : day(a, x) > day(b, y) ? 1 : 0;
  }
  return Math.sign(x.ms - y.ms);
}

/** schema.org's `correction`: CorrectionComments (or their text), each with its date, else the review's. */
function readCorrections(value: Json | undefined, path: string, problems: ExternalProblem[], fallbackDate: string, now: Date): ParsedCorrection[] {
  if (value === undefined || value === null) return [];
  const list = Array.isArray(value) ? value : [value];
  const out: ParsedCorrection[] = [];
  list.forEach((entry, i) => {
    const entryPath = Array.isArray(value) ? at(path, i) : path;
    const comment = typeof entry === 'string' ? { text: entry } : entry;
    if (!isObject(comment)) return problems.push({ path: entryPath, message: 'must be a CorrectionComment (with its text) or its text' });
    const text = requiredText(comment.text, typeof entry === 'string' ? entryPath : at(entryPath, 'text'), problems, 'text');
    const date = optionalDate(comment.datePublished, at(entryPath, 'datePublished'), problems, now);
    if (text !== null) out.push({ text, datePublished: date ?? fallbackDate });
  });
  return out;
}

function readRating(value: Json | undefined, path: string, problems: ExternalProblem[]): ParsedClaimReview['rating'] | null {
  const rating = Array.isArray(value) ? value[0] : value;
  const ratingPath = Array.isArray(value) ? at(path, 0) : path;
  if (rating === undefined || rating === null) {
    problems.push({ path, message: 'missing: a Rating with alternateName (the verdict as readers see it) or ratingValue is required' });
    return null;
  }
  if (!isObject(rating)) {
    problems.push({ path: ratingPath, message: 'must be a Rating object' });
    return null;
  }
  const alternateName = optionalText(rating.alternateName, at(ratingPath, 'alternateName'), problems, 'line');
  const ratingValue = optionalNumber(rating.ratingValue, at(ratingPath, 'ratingValue'), problems);
  const bestRating = optionalNumber(rating.bestRating, at(ratingPath, 'bestRating'), problems);
  const worstRating = optionalNumber(rating.worstRating, at(ratingPath, 'worstRating'), problems);
  if (worstRating !== null && bestRating !== null && worstRating > bestRating) {
    problems.push({ path: at(ratingPath, 'worstRating'), message: `is ${worstRating}, above bestRating (${bestRating}): the scale runs from worst to best` });
    return null;
  }
  if (ratingValue !== null && ((worstRating !== null && ratingValue < worstRating) || (bestRating !== null && ratingValue > bestRating))) {
    problems.push({ path: at(ratingPath, 'ratingValue'), message: `is ${ratingValue}, outside the scale [${worstRating ?? '…'}, ${bestRating ?? '…'}] (worstRating, bestRating)` });
    return null;
  }
  if (alternateName === null && ratingValue === null) {
    if (rating.alternateName === undefined && rating.ratingValue === undefined) {
      problems.push({ path: at(ratingPath, 'alternateName'), message: 'missing: give the rating as readers see it (alternateName), or its ratingValue' });
    }
    return null;
  }
  return { alternateName, ratingValue, bestRating, worstRating };
}

function readClaimant(value: Json | undefined, path: string, problems: ExternalProblem[]): ParsedClaimant | null {
  if (value === undefined || value === null) return null;
  const author = Array.isArray(value) ? value[0] : value;
  const authorPath = Array.isArray(value) ? at(path, 0) : path;
  if (author === undefined) return null;
  if (typeof author === 'string') return nonBlank(author, authorPath, problems) ? { name: author.trim(), kind: 'PERSON' } : null;
  if (!isObject(author)) {
    problems.push({ path: authorPath, message: 'must be a Person or Organization with a name' });
    return null;
  }
  const name = requiredText(author.name, at(authorPath, 'name'), problems, 'line');
  return name === null ? null : { name, kind: hasType(author['@type'], 'Person') ? 'PERSON' : 'ORGANIZATION' };
}

/** CreativeWorks (or bare URLs); a missing date reads as `fallbackDate` (the claim's). */
function readAppearances(value: Json | undefined, path: string, problems: ExternalProblem[], fallbackDate: string | null, now: Date): ParsedAppearance[] {
  if (value === undefined || value === null) return [];
  const list = Array.isArray(value) ? value : [value];
  const out: ParsedAppearance[] = [];
  list.forEach((entry, i) => {
    const entryPath = Array.isArray(value) ? at(path, i) : path;
    const work = typeof entry === 'string' ? { url: entry } : entry;
    if (!isObject(work)) return problems.push({ path: entryPath, message: 'must be a CreativeWork (with a url) or a URL' });
    const url = requiredUrl(work.url, at(entryPath, 'url'), problems);
    const date = optionalDate(work.datePublished, at(entryPath, 'datePublished'), problems, now);
    let outlet: string | null = null;
    const publisher = Array.isArray(work.publisher) ? work.publisher[0] : work.publisher;
    if (isObject(publisher)) outlet = optionalText(publisher.name, at(entryPath, 'publisher.name'), problems, 'line');
    else if (typeof publisher === 'string') outlet = optionalText(publisher, at(entryPath, 'publisher'), problems, 'line');
    if (url === null) return;
    out.push({ url, outlet: outlet ?? new URL(url).hostname, appearedAt: date ?? fallbackDate ?? '', firstAppearance: false });
  });
  return out;
}

function nonBlank(value: string, path: string, problems: ExternalProblem[]): boolean {
  if (value.trim() === '' || !hasVisibleCharacter(value)) {
    problems.push({ path, message: 'must not be blank' });
    return false;
  }
  return true;
}

function requiredText(value: Json | undefined, path: string, problems: ExternalProblem[], kind: 'text' | 'line'): string | null {
  if (value === undefined || value === null) {
    problems.push({ path, message: 'missing' });
    return null;
  }
  return optionalText(value, path, problems, kind, true);
}

function optionalText(value: Json | undefined, path: string, problems: ExternalProblem[], kind: 'text' | 'line', required = false): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') {
    problems.push({ path, message: `must be text; got ${typeof value === 'object' ? (Array.isArray(value) ? 'a list' : 'an object') : typeof value}` });
    return null;
  }
  const text = value.normalize('NFC').trim();
  // Invisible-only text (zero-width spaces, joiners, a Braille blank) is as blank as the empty string.
  if (text === '' || !hasVisibleCharacter(text)) {
    if (required) problems.push({ path, message: 'must not be blank' });
    return null;
  }
  if (text.length > MAX_TEXT) {
    problems.push({ path, message: `is ${text.length} characters long; at most ${MAX_TEXT} are kept` });
    return null;
  }
  const problem = textProblem(text, kind);
  if (problem) {
    problems.push({ path, message: problem });
    return null;
  }
  return text;
}

function requiredUrl(value: Json | undefined, path: string, problems: ExternalProblem[]): string | null {
  if (value === undefined || value === null) {
    problems.push({ path, message: 'missing' });
    return null;
  }
  return optionalUrl(value, path, problems);
}

function optionalUrl(value: Json | undefined, path: string, problems: ExternalProblem[]): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') {
    problems.push({ path, message: 'must be an http(s) URL' });
    return null;
  }
  const url = value.trim();
  const problem = url.length > URL_MAX_LENGTH ? `must be at most ${URL_MAX_LENGTH} characters` : urlProblem(url);
  if (problem) {
    problems.push({ path, message: problem });
    return null;
  }
  return url;
}

function requiredDate(value: Json | undefined, path: string, problems: ExternalProblem[], now: Date): string | null {
  if (value === undefined || value === null) {
    problems.push({ path, message: 'missing' });
    return null;
  }
  return optionalDate(value, path, problems, now);
}

/** A bare day is "today" somewhere up to 14 hours ahead of UTC: it is in the future only after that. */
const DAY_AHEAD_MS = 14 * 3600_000;

function optionalDate(value: Json | undefined, path: string, problems: ExternalProblem[], now: Date): string | null {
  if (value === undefined || value === null) return null;
  const instant = typeof value === 'string' ? parseIsoInstant(value.trim()) : null;
  if (typeof value !== 'string' || instant === null) {
    problems.push({ path, message: `must be an ISO 8601 date (YYYY-MM-DD) or date-time; got ${JSON.stringify(value)}` });
    return null;
  }
  const text = value.trim();
  if (/^0000/.test(text)) {
    problems.push({ path, message: `is in the year 0000; got ${JSON.stringify(text)}: give the real date` });
    return null;
  }
  if (instant.ms - (instant.kind === 'date' ? DAY_AHEAD_MS : 0) > now.getTime()) {
    problems.push({ path, message: `is in the future (${text}; now is ${now.toISOString()})` });
    return null;
  }
  return text;
}

function optionalNumber(value: Json | undefined, path: string, problems: ExternalProblem[]): number | null {
  if (value === undefined || value === null) return null;
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value) ? Number(value) : NaN;
  if (!Number.isFinite(n)) {
    problems.push({ path, message: `must be a number; got ${JSON.stringify(value)}` });
    return null;
  }
  return n;
}

/** A BCP 47 tag, or schema.org's Language object with its tag as `alternateName`. */
function optionalLanguage(value: Json | undefined, path: string, problems: ExternalProblem[]): string | null {
  if (value === undefined || value === null) return null;
  const tag = isObject(value) ? value.alternateName : value;
  if (typeof tag !== 'string' || !LANGUAGE_TAG.test(tag.trim().replace(/_/g, '-').replace(/^[A-Za-z]+/, (s) => s.toLowerCase()))) {
    problems.push({ path, message: `must be a BCP 47 language tag such as "en" or "ru"; got ${JSON.stringify(value)}` });
    return null;
  }
  return tag.trim().replace(/_/g, '-').replace(/^[A-Za-z]+/, (s) => s.toLowerCase());
}
