import { isSandboxFrame, renderAltair, renderInitSnippet, SANDBOX_FRAME_CSP } from 'altair-static';
import type { NextFunction, Request, Response } from 'express';

export { getDistDirectory as ideAssetsDirectory } from 'altair-static';

/** The IDE answers browsers at the GraphQL endpoint itself; its files are served under IDE_ASSETS_PREFIX. */
export const IDE_PATH = '/graphql';
export const IDE_ASSETS_PREFIX = '/graphql/ide/';
const INIT_SCRIPT = 'init.js';

/**
 * The IDE's Content-Security-Policy, on its routes only (the rest of the API keeps `default-src
 * 'none'`): its own scripts, styles (Angular injects inline styles), images, fonts and workers, and
 * requests to this service alone, so nothing it does can leave for the internet.
 */
export const IDE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "frame-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'none'",
  "object-src 'none'",
].join('; ');

/** Altair's script sandbox (pre- and post-request scripts) runs in an iframe that must stay sandboxed. */
const SANDBOX_CSP = `${SANDBOX_FRAME_CSP}; default-src 'self'; style-src 'self' 'unsafe-inline'; connect-src 'none'; frame-ancestors 'self'`;

/** What a browser gets at GET /graphql when the IDE is off: a plain answer instead of Apollo's CSRF error. */
export const IDE_OFF_MESSAGE = [
  'This is the GraphQL API of the fact-check desk. Its IDE is off here (GRAPHQL_IDE=false, or NODE_ENV=production without GRAPHQL_IDE=true).',
  'Send queries with POST /graphql and Content-Type: application/json, or GET /graphql?query=... with the header apollo-require-preflight: true.',
  '',
].join('\n');

/** A browser's navigation to the endpoint (Accept prefers HTML, no operation in the URL), not a GraphQL GET. */
function isBrowserVisit(req: Request): boolean {
  if (req.method !== 'GET' || req.path !== IDE_PATH) return false;
  if (req.query.query !== undefined || req.query.extensions !== undefined) return false;
  return req.accepts(['application/json', 'application/graphql-response+json', 'text/html']) === 'text/html';
}

/** The Host header when it is a plain host[:port] (it goes into the IDE's endpoint URLs), else undefined. */
function hostOf(req: Request): string | undefined {
  const host = req.get('host');
  return host !== undefined && /^([A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(:\d{1,5})?$/.test(host) ? host : undefined;
}

/** Altair's start-up options: this service's endpoint (HTTP and graphql-ws), an empty Authorization header to fill in, nothing remote. */
function initSnippet(req: Request): string {
  const host = hostOf(req);
  const secure = req.protocol === 'https';
  return renderInitSnippet({
    initialName: 'Fact-check desk',
    endpointURL: host ? `${secure ? 'https' : 'http'}://${host}${IDE_PATH}` : IDE_PATH,
    ...(host ? { subscriptionsEndpoint: `${secure ? 'wss' : 'ws'}://${host}${IDE_PATH}`, initialSubscriptionRequestHandlerId: 'graphql-ws' as const } : {}),
    initialHeaders: { Authorization: '' },
    initialQuery: '# Put "Bearer <token>" in the Authorization header (npm run token prints one), then run:\n{\n  whoami {\n    id\n    name\n    roles\n  }\n}\n',
    // Altair's account (its cloud), update checks and remote plugins would reach the internet.
    disableAccount: true,
    initialSettings: {
      'alert.disableUpdateNotification': true,
      'banners.disable': true,
      disablePushNotification: true,
      'plugin.list': [],
    },
  });
}

/**
 * GET /graphql for browsers: the Altair IDE (files from the altair-static package, never a CDN) when
 * `enabled`, else a plain-text note saying the IDE is off. GraphQL requests (POST, GET with a query,
 * non-HTML Accept) pass through to Apollo untouched.
 */
export function graphqlIdeMiddleware(enabled: boolean) {
  const page = enabled ? renderAltair({ baseURL: IDE_ASSETS_PREFIX, serveInitialOptionsInSeperateRequest: INIT_SCRIPT }) : '';
  return (req: Request, res: Response, next: NextFunction): void => {
    if (isBrowserVisit(req)) {
      res.setHeader('Cache-Control', 'no-cache');
      res.append('Vary', 'Accept');
      if (!enabled) {
        res.status(404).type('text/plain').send(IDE_OFF_MESSAGE);
        return;
      }
      res.setHeader('Content-Security-Policy', IDE_CSP);
      res.status(200).type('text/html').send(page);
      return;
    }
    if (!enabled && req.path.startsWith(IDE_ASSETS_PREFIX)) {
      res.status(404).type('text/plain').send(IDE_OFF_MESSAGE);
      return;
    }
    if (req.method === 'GET' && req.path === `${IDE_ASSETS_PREFIX}${INIT_SCRIPT}`) {
      // Built from this request's Host: never shared between clients.
      res.setHeader('Cache-Control', 'no-store');
      res.setHeader('Content-Security-Policy', IDE_CSP);
      res.status(200).type('text/javascript').send(initSnippet(req));
      return;
    }
    next();
  };
}

/**
 * After the IDE's static files: what is not one of them is a 404 here, not a GraphQL request (Apollo
 * answers every path under /graphql).
 */
export function ideAssetNotFound(req: Request, res: Response, next: NextFunction): void {
  if (!req.path.startsWith(IDE_ASSETS_PREFIX)) return next();
  res.status(404).type('text/plain').send(`No such file of the GraphQL IDE: ${req.path}\n`);
}

/** Headers of the IDE's static files (serve-static's setHeaders). */
export function ideAssetHeaders(res: { setHeader(name: string, value: string): unknown }, path: string): void {
  if (!isSandboxFrame(path)) {
    res.setHeader('Content-Security-Policy', IDE_CSP);
    return;
  }
  res.setHeader('Content-Security-Policy', SANDBOX_CSP);
  // The sandboxed frame has an opaque origin: its module scripts are cross-origin loads to the browser.
  res.setHeader('Access-Control-Allow-Origin', '*');
}
