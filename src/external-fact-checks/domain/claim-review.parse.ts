/**
 * Reading other desks' ClaimReview JSON-LD (schema.org, as Google's ClaimReview markup guide describes
 * it): one ClaimReview, an array of them, or a DataFeed whose elements are ClaimReviews (our own export)
 * or DataFeedItems carrying them in `item`. Pure. Strict about what a reference fact-check cannot do
 * without (url, claimReviewed, the fact-checker's name, a rating, datePublished), tolerant of what is
 * optional; every ClaimReview found is either read or reported with its place, none is dropped silently.
 */
import { canonicalJson } from '../../shared/canonical-json';
import { isIsoDateOrDateTime } from '../../shared/instant';
import { LANGUAGE_TAG, URL_MAX_LENGTH } from '../../shared/input-rules';
import { textProblem, urlProblem } from '../../shared/text';

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

/** One ClaimReview as read: the fields we index and show, and the document itself. */
export interface ParsedClaimReview {
  /** Where it was in the body (`(document)`, `[2]`, `dataFeedElement[0].item[1]`). */
  path: string;
  url: string;
  claimReviewed: string;
  publisher: { name: string; url: string | null };
  datePublished: string;
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

export function parseClaimReviews(body: unknown): ParseResult {
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
  for (const { value, path, context } of found) {
    const review = readReview(value, path, context, problems);
    if (!review) continue;
    const earlier = seen.get(review.url);
    if (earlier !== undefined) {
      problems.push({ path: at(path, 'url'), message: `repeats the url of ${where(earlier)}: each ClaimReview may appear once per import` });
      continue;
    }
    seen.set(review.url, path);
    reviews.push(review);
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, reviews };
}

function readReview(value: Obj, path: string, context: Json | undefined, problems: ExternalProblem[]): ParsedClaimReview | null {
  const before = problems.length;
  const p = (key: string) => at(path, key);
  const url = requiredUrl(value.url, p('url'), problems);
  const claimReviewed = requiredText(value.claimReviewed, p('claimReviewed'), problems, 'text');
  const datePublished = requiredDate(value.datePublished, p('datePublished'), problems);

  // The fact-checker: an Organization (or Person) with a name; a list is read from its first entry.
  let publisher: { name: string; url: string | null } | null = null;
  const authorPath = Array.isArray(value.author) ? at(p('author'), 0) : p('author');
  const author = Array.isArray(value.author) ? value.author[0] : value.author;
  if (author === undefined || author === null) problems.push({ path: p('author'), message: 'missing: the fact-checker (an Organization with a name) is required' });
  else if (typeof author === 'string') publisher = nonBlank(author, authorPath, problems) ? { name: author.trim(), url: null } : null;
  else if (!isObject(author)) problems.push({ path: authorPath, message: 'must be an Organization with a name' });
  else {
    const name = requiredText(author.name, at(authorPath, 'name'), problems, 'line');
    const orgUrl = optionalUrl(author.url, at(authorPath, 'url'), problems);
    if (name !== null) publisher = { name, url: orgUrl };
  }

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
      claimDate = optionalDate(item.datePublished, at(itemPath, 'datePublished'), problems);
      itemLanguage = optionalLanguage(item.inLanguage, at(itemPath, 'inLanguage'), problems);
      const first = readAppearances(item.firstAppearance, at(itemPath, 'firstAppearance'), problems, datePublished);
      const all = readAppearances(item.appearance, at(itemPath, 'appearance'), problems, datePublished);
      // The first appearance is usually also listed among the appearances: keep one entry, marked first.
      const firstUrls = new Set(first.map((a) => a.url));
      appearances = [...first.map((a) => ({ ...a, firstAppearance: true })), ...all.filter((a) => !firstUrls.has(a.url))];
    }
  }
  const language = optionalLanguage(value.inLanguage, p('inLanguage'), problems) ?? itemLanguage ?? 'und';

  if (problems.length > before || url === null || claimReviewed === null || datePublished === null || publisher === null || rating === null) return null;
  const document = value['@context'] === undefined && context !== undefined ? { '@context': context, ...value } : value;
  return {
    path: where(path),
    url,
    claimReviewed,
    publisher,
    datePublished,
    rating,
    reviewBody,
    language,
    claimant,
    claimDate: claimDate ?? datePublished.slice(0, 10),
    appearances,
    document: canonicalJson(document),
  };
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

/** CreativeWorks (or bare URLs); a missing date reads as the review's own date. */
function readAppearances(value: Json | undefined, path: string, problems: ExternalProblem[], fallbackDate: string | null): ParsedAppearance[] {
  if (value === undefined || value === null) return [];
  const list = Array.isArray(value) ? value : [value];
  const out: ParsedAppearance[] = [];
  list.forEach((entry, i) => {
    const entryPath = Array.isArray(value) ? at(path, i) : path;
    const work = typeof entry === 'string' ? { url: entry } : entry;
    if (!isObject(work)) return problems.push({ path: entryPath, message: 'must be a CreativeWork (with a url) or a URL' });
    const url = requiredUrl(work.url, at(entryPath, 'url'), problems);
    const date = optionalDate(work.datePublished, at(entryPath, 'datePublished'), problems);
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
  if (value.trim() === '') {
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
  if (text === '') {
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

function requiredDate(value: Json | undefined, path: string, problems: ExternalProblem[]): string | null {
  if (value === undefined || value === null) {
    problems.push({ path, message: 'missing' });
    return null;
  }
  return optionalDate(value, path, problems);
}

function optionalDate(value: Json | undefined, path: string, problems: ExternalProblem[]): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || !isIsoDateOrDateTime(value.trim())) {
    problems.push({ path, message: `must be an ISO 8601 date (YYYY-MM-DD) or date-time; got ${JSON.stringify(value)}` });
    return null;
  }
  return value.trim();
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
