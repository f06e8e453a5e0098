import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import helmet from 'helmet';
import { AppModule } from './app.module';
import { AppConfig } from './config/app-config';
import { inputValidationPipe } from './graphql/input-validation';
import { JsonLogger } from './logging/json-logger';
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
 * from other origins (Cross-Origin-Resource-Policy: cross-origin), as syndication needs.
 */
export const SECURITY_HEADERS = helmet({
  contentSecurityPolicy: { useDefaults: false, directives: { 'default-src': ["'none'"], 'frame-ancestors': ["'none'"], 'base-uri': ["'none'"], 'form-action': ["'none'"] } },
  crossOriginResourcePolicy: { policy: 'cross-origin' },
  strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: true },
  referrerPolicy: { policy: 'no-referrer' },
});

/** Creates the application (not yet listening). Shared by main.ts, the tests and the scripts. */
export async function createApp(config: AppConfig, logger = new JsonLogger(config.LOG_LEVEL)): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), { logger, bufferLogs: true });
  const draining = new Draining();
  DRAINING.set(app, draining);
  // First of all: a request arriving during shutdown is answered 503 at once, before any other work.
  app.use(draining.middleware);
  app.use(SECURITY_HEADERS);
  // Room for the largest valid input (a claim with 50 appearances of 2 KB URLs, a 4,000-character statement), not more.
  app.useBodyParser('json', { limit: '512kb' });
  app.useLogger(logger);
  app.useGlobalPipes(inputValidationPipe());
  return app;
}
