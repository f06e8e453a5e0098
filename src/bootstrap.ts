import { INestApplication } from '@nestjs/common';
import { NestApplication, NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import helmet from 'helmet';
import { AppModule } from './app.module';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AppConfig } from './config/app-config';
import { lockDataDir } from './config/data-dir-lock';
import { PublicAddress } from './config/public-address';
import { corsMiddleware } from './http/cors';
import { graphqlIdeMiddleware, IDE_ASSETS_PREFIX, ideAssetHeaders, ideAssetNotFound, ideAssetsDirectory } from './http/graphql-ide';
import { graphqlBodyErrors } from './graphql/body-errors';
import { inputValidationPipe } from './graphql/input-validation';
import { MAX_MESSAGE_BYTES } from './graphql/query-limits';
import { JsonLogger } from './logging/json-logger';
import { CASE_IMPORT_PATH, caseImportBody } from './case-file/case-import.body';
import { externalImportBodyErrors } from './external-fact-checks/api/body-errors';
import { EXTERNAL_IMPORT_PATH, EXTERNAL_IMPORT_UNAUTHENTICATED } from './external-fact-checks/api/external-fact-checks.controller';
import { Draining } from './observability/draining';

const DRAINING = new WeakMap<INestApplication, Draining>();

/** The app's shutdown switch (main.ts flips it on SIGTERM). */
export function drainingOf(app: INestApplication): Draining {
  const draining = DRAINING.get(app);
  if (!draining) throw new Error('drainingOf: not an application made by createApp');
  return draining;
}

/**
 * Security headers for an API that answers JSON and JSON-LD only: nothing may be framed, run or
 * loaded from its answers (CSP default-src 'none'), and the published ClaimReviews stay readable
 * from other origins (Cross-Origin-Resource-Policy: cross-origin), as syndication needs. The IDE's
 * routes replace the CSP with their own (src/http/graphql-ide.ts).
 */
export const SECURITY_HEADERS = helmet({
  contentSecurityPolicy: { useDefaults: false, directives: { 'default-src': ["'none'"], 'frame-ancestors': ["'none'"], 'base-uri': ["'none'"], 'form-action': ["'none'"] } },
  crossOriginResourcePolicy: { policy: 'cross-origin' },
  strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: true },
  referrerPolicy: { policy: 'no-referrer' },
});

/**
 * The HTTP server's bounds on slow and numerous clients: a whole request (body included) within
 * HTTP_REQUEST_TIMEOUT_MS, its headers within HTTP_HEADERS_TIMEOUT_MS (else 408 and the connection
 * closed), at most HTTP_MAX_CONNECTIONS connections. Node checks the timeouts every
 * connectionsCheckingInterval (30 s by default): checked at least once a second here, so a timeout
 * is enforced within about a second of its value. Call before listen.
 */
export function boundHttpServer(server: Server, config: Pick<AppConfig, 'HTTP_REQUEST_TIMEOUT_MS' | 'HTTP_HEADERS_TIMEOUT_MS' | 'HTTP_MAX_CONNECTIONS'>): void {
  server.requestTimeout = config.HTTP_REQUEST_TIMEOUT_MS;
  server.headersTimeout = config.HTTP_HEADERS_TIMEOUT_MS;
  // An option of http.createServer, read when the server starts listening (Nest creates the server without options).
  (server as Server & { connectionsCheckingInterval: number }).connectionsCheckingInterval = Math.min(1000, Math.floor(config.HTTP_HEADERS_TIMEOUT_MS / 2));
  if (config.HTTP_MAX_CONNECTIONS > 0) server.maxConnections = config.HTTP_MAX_CONNECTIONS;
}

/**
 * Creates the application (not yet listening). Shared by main.ts, the tests and the scripts. Takes
 * DATA_DIR's lock first (refused with DataDirLocked when another live process holds it), and
 * releases it when the application is closed.
 */
export async function createApp(config: AppConfig, logger = new JsonLogger(config.LOG_LEVEL)): Promise<INestApplication> {
  const lock = lockDataDir(config.DATA_DIR);
  if (lock.takenOverFrom !== undefined) logger.warn(`DATA_DIR ${config.DATA_DIR}: took over the lock of process ${lock.takenOverFrom}, which is gone`, 'Bootstrap');
  let app: NestExpressApplication;
  try {
    app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), { logger, bufferLogs: true });
  } catch (error) {
    lock.release();
    throw error;
  }
  // The lock is released once the application is closed (its store and read models with it). Defined,
  // not assigned: NestFactory's proxy ignores assignments (and looks methods up at each call, hence
  // the prototype's close).
  const close = () => NestApplication.prototype.close.call(app);
  Object.defineProperty(app, 'close', {
    configurable: true,
    value: async () => {
      try {
        await close();
      } finally {
        lock.release();
      }
    },
  });
  // X-Forwarded-For is believed only from the proxies TRUST_PROXY names: req.ip, and so the rate
  // limiter's per-address budget and the WebSocket limits, are the client's address behind them.
  app.set('trust proxy', config.trustProxy ?? false);
  boundHttpServer(app.getHttpServer() as Server, config);
  // With PORT=0 the public address is the port bound, whoever calls listen (main.ts, the tests).
  const server = app.getHttpServer() as Server;
  const address = app.get(PublicAddress);
  server.on('listening', () => {
    const bound = server.address();
    if (bound !== null && typeof bound === 'object') address.listening((bound as AddressInfo).port);
  });
  const draining = new Draining();
  DRAINING.set(app, draining);
  // First of all: a request arriving during shutdown is answered 503 at once, before any other work.
  app.use(draining.middleware);
  app.use(SECURITY_HEADERS);
  // Browser clients (README, "Browser clients"): CORS answers preflights before any route; the IDE
  // (or a note that it is off) answers a browser's GET /graphql before Apollo's CSRF check would.
  app.use(corsMiddleware(config.corsOrigins));
  app.use(graphqlIdeMiddleware(config.graphqlIde));
  if (config.graphqlIde) {
    app.useStaticAssets(ideAssetsDirectory(), { prefix: IDE_ASSETS_PREFIX, index: false, redirect: false, setHeaders: ideAssetHeaders });
    app.use(ideAssetNotFound);
  }
  // Room for the largest valid input (a claim with 50 appearances of 2 KB URLs, a 4,000-character statement), not more;
  // the same bound limits a WebSocket message (src/graphql/websocket.ts).
  // A case file is read whole by its own endpoint, up to its own limit; the JSON parser then skips it.
  app.use(CASE_IMPORT_PATH, caseImportBody(config.CASE_IMPORT_MAX_BYTES));
  // So is another desk's ClaimReview DataFeed, which outgrows the API's limit as soon as it holds a few hundred reviews.
  app.use(`/${EXTERNAL_IMPORT_PATH}`, caseImportBody(config.CASE_IMPORT_MAX_BYTES, EXTERNAL_IMPORT_UNAUTHENTICATED));
  // application/ld+json too: what ClaimReview documents are sent as (POST /fact-checks/external/import).
  app.useBodyParser('json', { limit: MAX_MESSAGE_BYTES, type: ['application/json', 'application/ld+json'] });
  // A /graphql body the parser refuses (not JSON, over the limit) is answered in GraphQL's shape, not Nest's.
  app.use(graphqlBodyErrors(MAX_MESSAGE_BYTES));
  app.use(externalImportBodyErrors(MAX_MESSAGE_BYTES, `/${EXTERNAL_IMPORT_PATH}`));
  app.useLogger(logger);
  app.useGlobalPipes(inputValidationPipe());
  return app;
}
