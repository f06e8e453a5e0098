import { Body, Controller, Headers, HttpCode, HttpException, Inject, Post, Query } from '@nestjs/common';
import { InvalidToken, TokenVerifier } from '../../auth/token-verifier';
import type { Actor } from '../../shared/actor';
import { CLOCK, Clock } from '../../shared/clock';
import { duplicateKeys } from '../../shared/json-duplicate-keys';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { PublicAddress } from '../../config/public-address';
import { EventStoreUnavailable } from '../../event-store/event-store.errors';
import { ExternalFactCheckImport, ExternalImportResult } from '../../claims/application/external-fact-check-import';
import { MAX_DEPTH, parseClaimReviews, ParseContext, tooDeep } from '../domain/claim-review.parse';

export const EXTERNAL_IMPORT_PATH = 'fact-checks/external/import';

const NO_TOKEN = 'Importing fact-checks needs Authorization: Bearer <token> of an admin or importer';
/** The answer to a request without a token, given by the body reader before the body is read. */
export const EXTERNAL_IMPORT_UNAUTHENTICATED = { path: '(token)', message: NO_TOKEN };

/** What a ClaimReview document is sent as: JSON, or JSON-LD (`application/ld+json`). */
const ACCEPTED_TYPES = ['application/json', 'application/ld+json'];

/**
 * Who may import other desks' fact-checks. The one place naming the roles: `importer` is the role the
 * case-file import adds; until it exists a token carries it only if minted by hand, and `admin` works.
 */
export const EXTERNAL_IMPORT_ROLES: readonly string[] = ['admin', 'importer'];

const fail = (status: number, path: string, message: string) => new HttpException({ ok: false, problems: [{ path, message }] }, status);

/** `dryRun` from the query string: absent or false (write), true (check only); anything else is refused. */
function dryRunOf(raw: unknown): boolean {
  if (raw === undefined || raw === 'false') return false;
  if (raw === 'true') return true;
  throw fail(400, 'dryRun', `dryRun must be true or false; got ${JSON.stringify(raw)}`);
}

/**
 * POST /fact-checks/external/import[?dryRun=true]: a ClaimReview, an array of them or a DataFeed, stored as
 * read-only reference fact-checks. Thin: authenticate, parse (pure), hand the reviews to the use case.
 */
@Controller()
export class ExternalFactChecksController {
  constructor(
    private readonly verifier: TokenVerifier,
    private readonly imports: ExternalFactCheckImport,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly address: PublicAddress,
  ) {}

  @Post(EXTERNAL_IMPORT_PATH)
  @HttpCode(200)
  async import(
    @Headers('authorization') authorization: string | undefined,
    @Headers('content-type') contentType: string | undefined,
    @Query('dryRun') rawDryRun: unknown,
    @Body() body: unknown,
  ): Promise<ExternalImportResult> {
    const actor = await this.authenticate(authorization);
    const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
    if (!ACCEPTED_TYPES.includes(type)) {
      throw fail(415, '(document)', `Content-Type ${contentType ? JSON.stringify(contentType) : 'missing'}: send the ClaimReview document as application/ld+json or application/json`);
    }
    const dryRun = dryRunOf(rawDryRun);
    const context: ParseContext = { now: this.clock(), own: { baseUrl: this.address.baseUrl, publisherName: this.config.ORGANIZATION_NAME } };
    const parsed = parseClaimReviews(Buffer.isBuffer(body) ? documentOf(body) : body, context);
    if (!parsed.ok) throw new HttpException({ ok: false, problems: parsed.problems }, 422);
    let result: ExternalImportResult;
    try {
      result = await this.imports.run(parsed.reviews, actor, dryRun);
    } catch (error) {
      if (error instanceof EventStoreUnavailable) throw fail(503, '(service)', `The event store is unavailable; nothing was imported: try again later (${error.message})`);
      throw error;
    }
    if (!result.ok) throw new HttpException(result, 422);
    return result;
  }

  private async authenticate(authorization: string | undefined): Promise<Actor> {
    let actor: Actor | null;
    try {
      actor = await this.verifier.authenticate(authorization);
    } catch (error) {
      if (error instanceof InvalidToken) throw fail(401, '(token)', error.message);
      throw error;
    }
    if (!actor) throw fail(401, '(token)', NO_TOKEN);
    if (!actor.roles.some((role) => EXTERNAL_IMPORT_ROLES.includes(role))) {
      throw fail(403, '(token)', `Only ${EXTERNAL_IMPORT_ROLES.join(' or ')} tokens may import fact-checks; this one has ${actor.roles.join(', ') || 'no role'}`);
    }
    return actor;
  }
}

/**
 * The document from the body's bytes (read raw up to CASE_IMPORT_MAX_BYTES, like a case file, because a
 * desk's DataFeed outgrows the API's JSON limit): strict UTF-8, a BOM tolerated, then JSON.
 */
function documentOf(raw: Buffer): unknown {
  if (raw.length === 0) throw fail(400, '(document)', 'empty body: send a ClaimReview, an array of them or a DataFeed');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(raw).replace(/^\uFEFF/, '');
  } catch {
    throw fail(400, '(document)', 'The body is not valid UTF-8: send the ClaimReview document as UTF-8 JSON');
  }
  if (text.trim() === '') throw fail(400, '(document)', 'empty body: send a ClaimReview, an array of them or a DataFeed');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw fail(400, '(document)', `The body is not JSON: ${(error as Error).message}`);
  }
  // Depth first (iteratively): the key checker and canonical JSON below recurse.
  const deep = tooDeep(value);
  if (deep !== null) throw fail(422, deep, `nests deeper than ${MAX_DEPTH} levels: no ClaimReview does; flatten the document`);
  const duplicates = duplicateKeys(text);
  if (duplicates.length > 0) throw new HttpException({ ok: false, problems: duplicates }, 422);
  return value;
}
