/**
 * The feeds of the public record (Atom 1.0, RFC 4287, and JSON Feed 1.1): one entry per publication,
 * correction and retraction, newest first. Pure: the same changes and context give the same feed.
 * Both feeds render one view model (`feedView`), in which every text is already safe for XML and
 * every piece of user text is bidi-isolated, so neither serialisation needs to think about either.
 */
import type { ExistingClaim } from '../../claims/domain/claim';
import { pinnedScale } from '../../claims/domain/methodology';
import { ratingLabel, RatingScale } from '../../claims/domain/rating-scale';

export const PUBLIC_CHANGE_KINDS = ['PUBLISHED', 'CORRECTED', 'RETRACTED'] as const;
export type PublicChangeKind = (typeof PUBLIC_CHANGE_KINDS)[number];

/** A publication, correction or retraction, as the public record keeps it and the feeds read it. */
export interface PublicChange {
  claimId: string;
  kind: PublicChangeKind;
  /** The event's own `data.at`: when the act happened. */
  at: string;
  /** The event's global position: the record's order (newest first). */
  position: number;
  revision: number;
  /** The correction's or the retraction's public note; null for a publication. */
  note: string | null;
  /** The rating once the act was done (a retraction keeps the rating it withdrew). */
  rating: string;
  /** The rating a correction replaced; null otherwise. */
  previousRating: string | null;
  summary: string;
  /** Why the rating departs from the reviewers' verdicts (publication or correction); null when it does not. */
  justification: string | null;
}

/** What the feeds read of a change: all of it but its place in the log. */
export type FeedChange = Omit<PublicChange, 'position'>;

/** A change and its claim (null if the claims read model has none: then the entry goes without the statement). */
export interface FeedSource {
  change: FeedChange;
  claim: Pick<ExistingClaim, 'statement' | 'publication'> | null;
}

export interface FeedContext {
  /** The public page of a fact-check (its ClaimReview `url`). */
  pageUrl(claimId: string): string;
  /**
   * The permanent id of an entry (RFC 4287 4.2.6): the same whatever address the service answers on, so
   * a feed reader never shows an entry twice after a move.
   */
  entryId(claimId: string, kind: PublicChangeKind, revision: number): string;
  /** The permanent id of the feed itself. */
  feedId: string;
  atomUrl: string;
  jsonUrl: string;
  /** The index of fact-checks: the feeds' alternate link. */
  homeUrl: string;
  organization: { name: string; url?: string };
  /** The configured scale: what a fact-check published before scales were pinned reads through. */
  scale: RatingScale;
}

export interface FeedEntry {
  /** Stable per event: derived from the claim, the act's kind and its revision (FeedContext.entryId). */
  id: string;
  url: string;
  title: string;
  /** Plain text, paragraphs apart by a blank line. */
  text: string;
  /** RFC 3339 (UTC): when the act happened. */
  updated: string;
}

export interface FeedView {
  /** The Atom feed's id (FeedContext.feedId). */
  id: string;
  title: string;
  description: string;
  atomUrl: string;
  jsonUrl: string;
  homeUrl: string;
  /** The newest entry's time, or EMPTY_FEED_UPDATED for a feed without entries. */
  updated: string;
  author: { name: string; url: string | null };
  entries: FeedEntry[];
}

/** A feed with nothing in it still needs an `updated` (RFC 4287): a fixed one, so its ETag is stable too. */
export const EMPTY_FEED_UPDATED = '1970-01-01T00:00:00.000Z';
export const TITLE_MAX_GRAPHEMES = 100;

const FSI = '\u2068';
const PDI = '\u2069';

// XML 1.0 Char excludes C0 controls other than tab, LF and CR, U+FFFE, U+FFFF and unpaired surrogates.
const XML_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** The text without the characters XML 1.0 forbids (no escape can carry them: they are dropped). */
export function xmlSafe(text: string): string {
  return text.replace(XML_FORBIDDEN, '');
}

/**
 * The text as the feeds carry it: XML-safe, and every line end a LF (parsers disagree on NEL and
 * U+2028: XML 1.0 leaves them, XML 1.1 parsers such as xmldom turn them into LF, so neither is sent).
 */
export function feedText(text: string): string {
  return xmlSafe(text).replace(/\r\n|[\r\u0085\u2028\u2029]/g, '\n');
}

/**
 * Each line of a user's text in its own bidi isolate (FSI ... PDI): an RTL override or embedding in it
 * (U+202A-U+202E) ends at its PDI instead of reversing the text around it, and an Arabic statement
 * reads right to left inside an English sentence. The text's own isolate controls are dropped, so none
 * can close ours early. Lines end in LF (as feedText leaves them).
 */
export function isolate(text: string): string {
  return text
    .replace(/[\u2066-\u2069]/g, '')
    .split('\n')
    .map((line) => (line === '' ? line : `${FSI}${line}${PDI}`))
    .join('\n');
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Code units a title's graphemes are looked for in: far more than `max` graphemes of any script need. */
const UNITS_PER_GRAPHEME = 16;

/** On one line, at most `max` graphemes (never a half character), with an ellipsis when cut. */
export function shorten(text: string, max = TITLE_MAX_GRAPHEMES): string {
  const line = text.replace(/\s+/gu, ' ').trim();
  if (line.length <= max) return line;
  // Segmenting costs about a microsecond a grapheme, and more the longer the text: only the start of a
  // long statement is segmented, and only up to the first grapheme past the limit.
  const window = line.slice(0, max * UNITS_PER_GRAPHEME);
  const lengths: number[] = [];
  for (const { segment } of graphemes.segment(window)) {
    lengths.push(segment.length);
    if (lengths.length > max) break;
  }
  if (lengths.length <= max && window.length === line.length) return line;
  // Cut: to max - 1 graphemes and the ellipsis, or, past the window, without its last grapheme (perhaps a cluster cut short).
  const keep = Math.min(max, lengths.length) - 1;
  return `${line.slice(0, lengths.slice(0, keep).reduce((sum, n) => sum + n, 0)).trimEnd()}…`;
}

/** An RFC 3339 UTC time for an event's `at` (as stored, when it is not a time JavaScript reads). */
function rfc3339(at: string): string {
  const time = new Date(at);
  return Number.isNaN(time.getTime()) ? xmlSafe(at) : time.toISOString();
}

const TITLE_PREFIX: Record<PublicChangeKind, string> = { PUBLISHED: 'Fact-check', CORRECTED: 'Corrected', RETRACTED: 'Retracted' };

function entryTitle({ change, claim }: FeedSource): string {
  const about = claim ? isolate(shorten(feedText(claim.statement))) : `fact-check ${change.claimId}`;
  return `${TITLE_PREFIX[change.kind]}: ${about}`;
}

function entryText({ change, claim }: FeedSource, configured: RatingScale): string {
  const scale = claim ? pinnedScale(claim, configured) : configured;
  const label = (key: string) => ratingLabel(scale, key);
  const user = (text: string) => isolate(feedText(text));
  const justification = change.justification ? [`Why this rating: ${user(change.justification)}`] : [];
  let paragraphs: string[];
  switch (change.kind) {
    case 'PUBLISHED':
      paragraphs = [`Rating: ${label(change.rating)}`, user(change.summary), ...justification];
      break;
    case 'CORRECTED': {
      const rating =
        change.previousRating !== null && change.previousRating !== change.rating
          ? `Rating: ${label(change.rating)} (was ${label(change.previousRating)})`
          : `Rating: ${label(change.rating)} (unchanged)`;
      paragraphs = [`Correction: ${user(change.note ?? '')}`, rating, user(change.summary), ...justification];
      break;
    }
    case 'RETRACTED':
      paragraphs = [
        `Retraction: ${user(change.note ?? '')}`,
        change.rating ? `This fact-check, rated ${label(change.rating)}, has been retracted and no longer stands.` : 'This fact-check has been retracted and no longer stands.',
      ];
      break;
  }
  return paragraphs.join('\n\n');
}

function feedEntry(source: FeedSource, ctx: FeedContext): FeedEntry {
  const { change } = source;
  const url = ctx.pageUrl(change.claimId);
  return { id: ctx.entryId(change.claimId, change.kind, change.revision), url, title: entryTitle(source), text: entryText(source, ctx.scale), updated: rfc3339(change.at) };
}

/** The view both feeds render: entries in the order given (the record's, newest first). */
export function feedView(sources: readonly FeedSource[], ctx: FeedContext): FeedView {
  const entries = sources.map((s) => feedEntry(s, ctx));
  // The latest act, not merely the first entry: an act imported later may carry an earlier time.
  const updated = entries.reduce<string | null>((latest, e) => (latest === null || e.updated > latest ? e.updated : latest), null) ?? EMPTY_FEED_UPDATED;
  const name = feedText(ctx.organization.name);
  return {
    id: ctx.feedId,
    title: `${name}: fact-checks, corrections and retractions`,
    description: `Every fact-check ${name} publishes, corrects or retracts, newest first.`,
    atomUrl: ctx.atomUrl,
    jsonUrl: ctx.jsonUrl,
    homeUrl: ctx.homeUrl,
    updated,
    author: { name, url: ctx.organization.url ?? null },
    entries,
  };
}

export const JSON_FEED_VERSION = 'https://jsonfeed.org/version/1.1';

export interface JsonFeedItem {
  id: string;
  url: string;
  title: string;
  content_text: string;
  date_published: string;
}

export interface JsonFeed {
  version: typeof JSON_FEED_VERSION;
  title: string;
  home_page_url: string;
  feed_url: string;
  description: string;
  authors: { name: string; url?: string }[];
  items: JsonFeedItem[];
}

/** JSON Feed 1.1 (https://jsonfeed.org/version/1.1) of the view. */
export function jsonFeed(view: FeedView): JsonFeed {
  return {
    version: JSON_FEED_VERSION,
    title: view.title,
    home_page_url: view.homeUrl,
    feed_url: view.jsonUrl,
    description: view.description,
    authors: [{ name: view.author.name, ...(view.author.url ? { url: view.author.url } : {}) }],
    items: view.entries.map((e) => ({ id: e.id, url: e.url, title: e.title, content_text: e.text, date_published: e.updated })),
  };
}
