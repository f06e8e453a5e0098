import { createHash } from 'node:crypto';
import * as fc from 'fast-check';
import type { Request, Response } from 'express';
import { cachedResponse, conditionalStatus, ConditionalRequest, parseIfNoneMatch, PUBLIC_CACHE_CONTROL, strongEtag } from '../../src/public-site/api/http-caching';

const BODY = '<feed>one</feed>';
const ETAG = strongEtag(BODY);
const MODIFIED = new Date('2025-07-06T12:00:07.450Z');

const get = (headers: ConditionalRequest['headers'] = {}, method = 'GET'): ConditionalRequest => ({ method, headers });

/** What cachedResponse did to the response: its status, headers and body. */
function respond(headers: ConditionalRequest['headers'], options: Partial<Parameters<typeof cachedResponse>[2]> = {}, method = 'GET') {
  const sent: { status?: number; headers: Record<string, string>; body?: Buffer; ended: boolean } = { headers: {}, ended: false };
  const res = {
    setHeader(name: string, value: string) {
      sent.headers[name.toLowerCase()] = value;
      return this;
    },
    status(code: number) {
      sent.status = code;
      return this;
    },
    end(body?: Buffer) {
      sent.body = body;
      sent.ended = true;
      return this;
    },
  };
  cachedResponse({ method, headers } as unknown as Request, res as unknown as Response, { body: BODY, lastModified: MODIFIED, contentType: 'application/atom+xml; charset=utf-8', ...options });
  return sent;
}

describe('strong ETag', () => {
  it('is "sha256-" and the first 27 characters of the body\'s SHA-256 in base64url, quoted', () => {
    const digest = createHash('sha256').update(BODY, 'utf8').digest('base64url');
    expect(ETAG).toBe(`"sha256-${digest.slice(0, 27)}"`);
    expect(strongEtag(Buffer.from(BODY, 'utf8'))).toBe(ETAG);
  });

  it('property: a valid strong entity-tag, the same for the same body, different for a different one', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        expect(strongEtag(a)).toMatch(/^"sha256-[A-Za-z0-9_-]{27}"$/);
        expect(strongEtag(a)).toBe(strongEtag(a));
        if (a !== b) expect(strongEtag(a)).not.toBe(strongEtag(b));
      }),
    );
  });
});

describe('If-None-Match', () => {
  it('parses a list of tags, weak or strong, and *', () => {
    expect(parseIfNoneMatch('*')).toBe('*');
    expect(parseIfNoneMatch(' * ')).toBe('*');
    expect(parseIfNoneMatch('"a", W/"b" ,"c"')).toEqual(['"a"', '"b"', '"c"']);
    expect(parseIfNoneMatch('"a,b"')).toEqual(['"a,b"']);
    expect(parseIfNoneMatch('')).toEqual([]);
    expect(parseIfNoneMatch('not-a-tag')).toEqual([]);
  });

  it('304 when any tag matches by weak comparison (W/ ignored), or for *; 200 otherwise', () => {
    expect(conditionalStatus(get({ 'if-none-match': ETAG }), ETAG, MODIFIED)).toBe(304);
    expect(conditionalStatus(get({ 'if-none-match': `W/${ETAG}` }), ETAG, MODIFIED)).toBe(304);
    expect(conditionalStatus(get({ 'if-none-match': `"other", ${ETAG}` }), ETAG, MODIFIED)).toBe(304);
    expect(conditionalStatus(get({ 'if-none-match': ['"other"', ETAG] }), ETAG, MODIFIED)).toBe(304);
    expect(conditionalStatus(get({ 'if-none-match': '*' }), ETAG, MODIFIED)).toBe(304);
    expect(conditionalStatus(get({ 'if-none-match': '"other"' }), ETAG, MODIFIED)).toBe(200);
    expect(conditionalStatus(get({ 'if-none-match': ETAG.slice(0, -2) + '"' }), ETAG, MODIFIED)).toBe(200);
    expect(conditionalStatus(get({ 'if-none-match': 'garbage' }), ETAG, MODIFIED)).toBe(200);
    expect(conditionalStatus(get({ 'if-none-match': ETAG }, 'HEAD'), ETAG, MODIFIED)).toBe(304);
    expect(conditionalStatus(get({ 'if-none-match': ETAG }, 'POST'), ETAG, MODIFIED)).toBe(200);
  });

  it('decides alone when present: If-Modified-Since is then ignored, either way', () => {
    const future = 'Wed, 01 Jan 2100 00:00:00 GMT';
    expect(conditionalStatus(get({ 'if-none-match': '"other"', 'if-modified-since': future }), ETAG, MODIFIED)).toBe(200);
    expect(conditionalStatus(get({ 'if-none-match': ETAG, 'if-modified-since': 'Thu, 01 Jan 1970 00:00:00 GMT' }), ETAG, MODIFIED)).toBe(304);
  });
});

describe('If-Modified-Since (without If-None-Match)', () => {
  it('304 when the representation has not changed since the date, to the second; 200 when it has, for a bad date, or with no Last-Modified', () => {
    expect(conditionalStatus(get({ 'if-modified-since': MODIFIED.toUTCString() }), ETAG, MODIFIED)).toBe(304);
    expect(conditionalStatus(get({ 'if-modified-since': 'Sun, 06 Jul 2025 12:00:08 GMT' }), ETAG, MODIFIED)).toBe(304);
    expect(conditionalStatus(get({ 'if-modified-since': 'Sun, 06 Jul 2025 12:00:06 GMT' }), ETAG, MODIFIED)).toBe(200);
    expect(conditionalStatus(get({ 'if-modified-since': 'yesterday' }), ETAG, MODIFIED)).toBe(200);
    expect(conditionalStatus(get({ 'if-modified-since': MODIFIED.toUTCString() }), ETAG, null)).toBe(200);
    expect(conditionalStatus(get({ 'if-modified-since': MODIFIED.toUTCString() }, 'POST'), ETAG, MODIFIED)).toBe(200);
  });
});

describe('cachedResponse', () => {
  it('200 with the body, its length, the content type, ETag, Last-Modified and Cache-Control', () => {
    const sent = respond({});
    expect(sent.status).toBe(200);
    expect(sent.body?.toString('utf8')).toBe(BODY);
    expect(sent.headers).toEqual({
      etag: ETAG,
      'cache-control': PUBLIC_CACHE_CONTROL,
      'last-modified': 'Sun, 06 Jul 2025 12:00:07 GMT',
      'content-type': 'application/atom+xml; charset=utf-8',
      'content-length': String(Buffer.byteLength(BODY)),
    });
    expect(PUBLIC_CACHE_CONTROL).toBe('public, max-age=60');
  });

  it('304 without a body, still with the validators and Cache-Control', () => {
    const sent = respond({ 'if-none-match': ETAG });
    expect(sent.status).toBe(304);
    expect(sent.ended).toBe(true);
    expect(sent.body).toBeUndefined();
    expect(sent.headers).toEqual({ etag: ETAG, 'cache-control': PUBLIC_CACHE_CONTROL, 'last-modified': 'Sun, 06 Jul 2025 12:00:07 GMT' });
  });

  it('counts the length in UTF-8 bytes; no Last-Modified when none is known; its own Cache-Control when given', () => {
    const body = 'Екатеринбург ترحيل';
    const sent = respond({}, { body, lastModified: null, cacheControl: 'no-cache' });
    expect(sent.headers['content-length']).toBe(String(Buffer.byteLength(body, 'utf8')));
    expect(sent.headers).not.toHaveProperty('last-modified');
    expect(sent.headers['cache-control']).toBe('no-cache');
    expect(sent.headers.etag).toBe(strongEtag(body));
  });

  it('sends another status whole, whatever the preconditions (a 410 page is never answered 304)', () => {
    const gone = respond({ 'if-none-match': ETAG }, { status: 410 });
    expect(gone.status).toBe(410);
    expect(gone.body?.toString('utf8')).toBe(BODY);
    expect(gone.headers.etag).toBe(ETAG);
    expect(respond({ 'if-none-match': ETAG }, { status: 203 }).status).toBe(304);
  });

  it('takes Last-Modified as an ISO text too, and ignores one that is not a date', () => {
    expect(respond({}, { lastModified: '2025-07-06T12:00:07.450Z' }).headers['last-modified']).toBe('Sun, 06 Jul 2025 12:00:07 GMT');
    expect(respond({}, { lastModified: 'not a date' }).headers).not.toHaveProperty('last-modified');
  });
});

describe('If-Modified-Since from the future', () => {
  it('is no validator (RFC 9110 13.1.3): the full answer, not a 304', () => {
    const lastModified = new Date('2026-01-01T00:00:00Z');
    const now = Date.parse('2026-06-01T00:00:00Z');
    const ask = (date: string) => conditionalStatus({ method: 'GET', headers: { 'if-modified-since': date } }, '"x"', lastModified, now);
    expect(ask('Wed, 02 Dec 2099 00:00:00 GMT')).toBe(200);
    expect(ask('Mon, 01 Jun 2026 00:00:00 GMT')).toBe(304);
    expect(ask('Thu, 01 Jan 2026 00:00:00 GMT')).toBe(304);
    expect(ask('Wed, 31 Dec 2025 23:59:59 GMT')).toBe(200);
  });
});
