import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';

/**
 * HTTP caching of the public site's answers (RFC 9110 section 13, RFC 9111): a strong ETag from the
 * body, Last-Modified, Cache-Control, and 304 Not Modified for a matching conditional GET or HEAD, so
 * a CDN or a feed reader can revalidate cheaply. The decision is pure (`conditionalStatus`); only
 * `cachedResponse` touches Express.
 */

export const PUBLIC_CACHE_CONTROL = 'public, max-age=60';

/** A strong validator: the first 27 characters of the body's SHA-256 in base64url (162 bits), quoted. */
export function strongEtag(body: string | Buffer): string {
  return `"sha256-${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
}

/** The opaque tags of an If-None-Match value (`*` as itself); weakness is dropped, as weak comparison ignores it. */
export function parseIfNoneMatch(value: string): '*' | string[] {
  if (value.trim() === '*') return '*';
  // entity-tag = [ "W/" ] DQUOTE *etagc DQUOTE; anything between the tags (commas, spaces, junk) is skipped.
  return [...value.matchAll(/(?:W\/)?("[\x21\x23-\x7E\x80-\xFF]*")/g)].map((m) => m[1]);
}

/** Weak comparison (RFC 9110 13.1.2): equal opaque tags match whether either is weak. */
function weakMatch(header: string, etag: string): boolean {
  const tags = parseIfNoneMatch(header);
  if (tags === '*') return true;
  const opaque = etag.replace(/^W\//, '');
  return tags.includes(opaque);
}

/** One header value (Node joins repeated If-None-Match with ", ", which parses the same). */
const single = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value.join(', ') : value);

export interface ConditionalRequest {
  method: string;
  headers: { 'if-none-match'?: string | string[]; 'if-modified-since'?: string | string[] };
}

/**
 * 304 or 200 for a GET or HEAD of a representation with this ETag and Last-Modified. If-None-Match
 * decides when present (If-Modified-Since is then ignored, RFC 9110 13.2.2); otherwise an
 * If-Modified-Since that is a valid date no earlier than Last-Modified (to the second) gives 304.
 * Other methods are always 200 here (the public site has no other).
 */
export function conditionalStatus(request: ConditionalRequest, etag: string, lastModified: Date | null, now: number = Date.now()): 200 | 304 {
  if (request.method !== 'GET' && request.method !== 'HEAD') return 200;
  const ifNoneMatch = single(request.headers['if-none-match']);
  if (ifNoneMatch !== undefined) return weakMatch(ifNoneMatch, etag) ? 304 : 200;
  const ifModifiedSince = single(request.headers['if-modified-since']);
  if (ifModifiedSince === undefined || lastModified === null) return 200;
  const since = Date.parse(ifModifiedSince);
  // RFC 9110 13.1.3: a date later than the server's clock is not a valid validator.
  if (Number.isNaN(since) || since > now) return 200;
  // HTTP dates have whole seconds: a Last-Modified sent as "…:07 GMT" for 07.450 must compare as 07.
  return Math.floor(lastModified.getTime() / 1000) * 1000 <= since ? 304 : 200;
}

export interface CachedBody {
  body: string | Buffer;
  /** When the representation last changed; null for none known (no Last-Modified then). */
  lastModified: Date | string | null;
  contentType: string;
  cacheControl?: string;
  /** The body's strong ETag when the caller kept it with the body (strongEtag(body)); computed here otherwise. */
  etag?: string;
  /** The status of the full answer (default 200). Preconditions apply to a 2xx only: a 410 or 404 page is always sent whole. */
  status?: number;
}

/**
 * Answers the request with the body (its status, 200 by default) or 304 Not Modified, with ETag,
 * Cache-Control and Last-Modified on both. Ends the response itself: Express's own freshness check
 * (which also demands If-Modified-Since when both are sent) is not used.
 */
export function cachedResponse(req: Request, res: Response, { body, lastModified, contentType, cacheControl = PUBLIC_CACHE_CONTROL, status = 200, etag: kept }: CachedBody): void {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  const etag = kept ?? strongEtag(bytes);
  const modified = lastModified === null ? null : new Date(lastModified);
  const known = modified !== null && !Number.isNaN(modified.getTime()) ? modified : null;
  res.setHeader('ETag', etag);
  res.setHeader('Cache-Control', cacheControl);
  if (known) res.setHeader('Last-Modified', known.toUTCString());
  // RFC 9110 13.2.1: preconditions are ignored when the answer without them would not be a 2xx.
  if (status >= 200 && status < 300 && conditionalStatus(req, etag, known) === 304) {
    res.status(304).end();
    return;
  }
  res.status(status);
  res.setHeader('Content-Type', contentType);
  res.setHeader('Content-Length', String(bytes.length));
  res.end(bytes);
}
