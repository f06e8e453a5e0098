import type { NextFunction, Request, Response } from 'express';

/**
 * The public read endpoints: published ClaimReviews, one and the feed (src/claim-review), and the
 * transparency log's (src/transparency-log). Anyone may
 * read them from any page (`*`, never with credentials), whatever CORS_ORIGINS says: syndication is
 * their purpose. The standards report is not among them: it is for editors.
 */
export const PUBLIC_READ_PATHS: readonly RegExp[] = [
  /^\/claims\/[^/]+\/claim-review\.jsonld$/,
  /^\/claim-reviews\.jsonld$/,
  // The transparency log's checkpoint, key and proofs (src/transparency-log): meant for anyone's verifier.
  /^\/log\/(checkpoint|vkey|proof\/inclusion|proof\/consistency)$/,
];

/**
 * Request headers a page on an allowed origin may send: the bearer token, JSON bodies, Apollo's
 * CSRF-prevention headers (which force the preflight), Apollo Client's identification, ours.
 */
export const ALLOWED_REQUEST_HEADERS = [
  'authorization',
  'content-type',
  'accept',
  'apollo-require-preflight',
  'x-apollo-operation-name',
  'apollographql-client-name',
  'apollographql-client-version',
  'x-correlation-id',
];

/** Headers of the public reads a page may send (a token is harmless there, and many clients send one everywhere). */
export const PUBLIC_REQUEST_HEADERS = ['accept', 'authorization', 'if-none-match', 'if-modified-since'];

/** Response headers a page may read besides the CORS-safelisted ones: the rate limiter's and draining's Retry-After, the feed's Link. */
const EXPOSED_HEADERS = 'Retry-After, Link';

/** How long a browser may reuse a preflight's answer, in seconds (Chromium caps it at 7200). */
export const PREFLIGHT_MAX_AGE_SECONDS = 7200;

/**
 * CORS for the whole HTTP API, before any route (GraphQL and REST alike):
 * - the public reads answer `Access-Control-Allow-Origin: *` to every origin;
 * - everything else answers an allowed origin (CORS_ORIGINS) with that origin (or `*` when CORS_ORIGINS
 *   is `*`) and a disallowed one with no CORS header at all, so the browser keeps the answer from the
 *   page; a preflight from a disallowed origin is refused with 403 and a message saying why.
 * Never `Access-Control-Allow-Credentials`: the API authenticates with bearer tokens a page sends
 * itself, not cookies, so no cross-origin request carries ambient authority. Requests a browser sends
 * without a preflight are still refused by Apollo's CSRF prevention before they run.
 */
export function corsMiddleware(allowedOrigins: '*' | readonly string[]) {
  const allowed = allowedOrigins === '*' ? null : new Set(allowedOrigins);
  const allowsOrigin = originAllowed(allowedOrigins);
  const allows = (origin: string | undefined): origin is string => allowsOrigin(origin);

  return (req: Request, res: Response, next: NextFunction): void => {
    const origin = req.headers.origin;
    const preflight = req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined;

    if (PUBLIC_READ_PATHS.some((path) => path.test(req.path))) {
      res.setHeader('Access-Control-Allow-Origin', '*');
      res.setHeader('Access-Control-Expose-Headers', EXPOSED_HEADERS);
      if (preflight) {
        res.setHeader('Access-Control-Allow-Methods', 'GET, HEAD');
        res.setHeader('Access-Control-Allow-Headers', PUBLIC_REQUEST_HEADERS.join(', '));
        res.setHeader('Access-Control-Max-Age', String(PREFLIGHT_MAX_AGE_SECONDS));
        res.status(204).end();
        return;
      }
      next();
      return;
    }

    // The answer depends on Origin unless every origin gets the same: caches must keep them apart.
    if (allowed !== null) res.append('Vary', 'Origin');
    if (allows(origin)) {
      res.setHeader('Access-Control-Allow-Origin', allowed === null ? '*' : origin);
      res.setHeader('Access-Control-Expose-Headers', EXPOSED_HEADERS);
    }
    if (!preflight) {
      next();
      return;
    }
    if (!allows(origin)) {
      res.status(403).type('text/plain').send(
        origin === undefined
          ? 'CORS preflight without an Origin header: nothing to allow.\n'
          : `CORS: the origin ${origin} may not call this API from a browser: it is not in CORS_ORIGINS.\n`,
      );
      return;
    }
    res.setHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
    res.setHeader('Access-Control-Allow-Headers', ALLOWED_REQUEST_HEADERS.join(', '));
    res.setHeader('Access-Control-Max-Age', String(PREFLIGHT_MAX_AGE_SECONDS));
    res.status(204).end();
  };
}

/** Whether a page of `origin` may call the API (CORS_ORIGINS: an exact entry, or `*` for any). */
export function originAllowed(allowedOrigins: '*' | readonly string[]): (origin: string | undefined) => boolean {
  const allowed = allowedOrigins === '*' ? null : new Set(allowedOrigins);
  return (origin: string | undefined): boolean => origin !== undefined && (allowed === null || allowed.has(origin));
}

/** Whether `origin` is `own`, as origins compare (scheme, host, port; default ports and case aside). */
function sameOrigin(origin: string, own: string | undefined): boolean {
  if (own === undefined) return false;
  try {
    const a = new URL(origin);
    const b = new URL(own);
    return a.origin !== 'null' && a.origin === b.origin;
  } catch {
    return false;
  }
}

/**
 * Why a WebSocket upgrade is refused for its Origin, or undefined when it may go on. Browsers send
 * `Origin` on every upgrade and make no preflight for WebSockets, so CORS never applies to them: the
 * server checks it here. Allowed: no Origin at all (server-side clients: Node's ws, graphql-ws in Node),
 * an origin CORS_ORIGINS allows, and the service's own origin (`ownOrigin`, the scheme, host and port
 * the request was made to: the IDE). Anything else would let any page drive the API over a socket.
 */
export function websocketOriginRefusal(allowedOrigins: '*' | readonly string[]): (origin: string | undefined, ownOrigin: string | undefined) => string | undefined {
  const allows = originAllowed(allowedOrigins);
  return (origin, ownOrigin) => {
    if (origin === undefined || allows(origin) || sameOrigin(origin, ownOrigin)) return undefined;
    const shown = origin.length > 100 ? `${origin.slice(0, 100)}…` : origin;
    return `WebSocket: the origin ${shown} may not open a socket to this API from a browser: it is not in CORS_ORIGINS.\n`;
  };
}
