import { createHash, createPrivateKey, createPublicKey } from 'node:crypto';
import { isIP } from 'node:net';
import { plainToInstance, Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, IsUrl, Matches, Max, Min, MinLength, validateSync } from 'class-validator';

export const ENVIRONMENTS = ['development', 'test', 'production'] as const;
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
/** PUBLIC_REVIEWER_NAMES: reviewers' names in full, as initials, or not at all (src/public-site/domain/reviewer-names.ts). */
export const REVIEWER_NAME_POLICIES = ['FULL', 'INITIALS', 'NONE'] as const;

/** The addresses a server listens on for every interface: no client can reach it there. */
const WILDCARD_HOSTS = new Set(['0.0.0.0', '[::]']);
/** A host name or IPv4 address as a URL takes it whole (the URL parser would cut "a/b" down to "a"). */
const HOST_NAME = /^[A-Za-z0-9._-]+$/;

/**
 * The host part of the service's own address for HOST: a wildcard (0.0.0.0, ::, empty) becomes
 * localhost, an IPv6 literal goes in brackets; names and IPv4 addresses are kept (lower-cased).
 */
export function publicHostOf(host: string): string {
  const trimmed = host.trim();
  if (trimmed === '') return 'localhost';
  const v6 = isIP(trimmed) === 6;
  let hostname: string | undefined;
  try {
    // The URL parser spells IPv6 literals one way ([::] for 0:0:0:0:0:0:0:0) and lower-cases names.
    if (v6 || HOST_NAME.test(trimmed)) hostname = new URL(`http://${v6 ? `[${trimmed}]` : trimmed}`).hostname;
  } catch {
    hostname = undefined;
  }
  if (hostname === undefined) {
    throw new Error(`HOST ${JSON.stringify(host)} is not a host name or IP address, so it cannot make the service's own address (PUBLIC_BASE_URL's default): fix HOST or set PUBLIC_BASE_URL`);
  }
  return WILDCARD_HOSTS.has(hostname) ? 'localhost' : hostname;
}

/** The service's own address: `http://<publicHostOf(host)>:<port>` (no port when it is 80). */
export function ownBaseUrl(host: string, port: number): string {
  return new URL(`http://${publicHostOf(host)}:${port}`).origin;
}

const trimmedOrUndefined = ({ value }: { value: unknown }) =>
  typeof value === 'string' && value.trim() === '' ? undefined : typeof value === 'string' ? value.trim() : value;

/** An unset or empty variable takes the default (an empty string is how shells and compose files unset). */
const orDefault =
  <T>(fallback: T) =>
  ({ value }: { value: unknown }) =>
    value === undefined || value === '' ? fallback : value;

/**
 * A whole number as a person writes one: decimal digits, with a leading minus (no setting takes a
 * negative, but "-1" then reads as out of range rather than as no number). Number() alone would take
 * "0x2" as 2, "1e1" as 10, "2.0" as 2 and " " as 0.
 */
const PLAIN_INTEGER = /^-?[0-9]+$/;

/** As orDefault, for whole numbers: plain decimal integers only; anything else becomes NaN, which IsInt refuses naming the setting. */
const numberOr =
  (fallback: number) =>
  ({ value }: { value: unknown }) =>
    value === undefined || value === '' ? fallback : typeof value === 'number' ? value : typeof value === 'string' && PLAIN_INTEGER.test(value) ? Number(value) : Number.NaN;

const DURATION = /^\s*\d{1,9}\s*[smhd]\s*$/;
const UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86400 } as const;

/** "30m", "24h", "7d" in seconds; null for anything else. */
export function durationSeconds(text: string): number | null {
  const match = /^\s*(\d{1,9})\s*([smhd])\s*$/.exec(text);
  return match ? Number(match[1]) * UNIT_SECONDS[match[2] as keyof typeof UNIT_SECONDS] : null;
}

/**
 * Every setting the service reads, all from environment variables. Validated once at start so a
 * typo fails the boot with a message naming the variable, instead of surfacing later as a crash.
 */
export class AppConfig {
  @IsIn(ENVIRONMENTS, { message: `NODE_ENV must be one of ${ENVIRONMENTS.join(', ')}` })
  NODE_ENV: (typeof ENVIRONMENTS)[number] = 'development';

  @Transform(numberOr(3000))
  @Min(0, { message: 'PORT must be between 0 and 65535' })
  @Max(65535, { message: 'PORT must be between 0 and 65535' })
  @IsInt({ message: 'PORT must be a whole number' })
  PORT = 3000;

  @Transform(orDefault('0.0.0.0'))
  @IsString()
  @IsNotEmpty({ message: 'HOST must not be empty' })
  HOST = '0.0.0.0';

  @Transform(orDefault('./data'))
  @IsString()
  @IsNotEmpty({ message: 'DATA_DIR must not be empty' })
  DATA_DIR = './data';

  /**
   * EventStoreDB/KurrentDB to use instead of the embedded store. Judged at start by the client's own
   * parser, as the adapter will use it (see eventStoreConnectionProblem), so a string that passes
   * cannot fail at boot.
   */
  @Transform(trimmedOrUndefined)
  @IsOptional()
  @IsString()
  EVENTSTORE_CONNECTION_STRING?: string;

  @Transform(trimmedOrUndefined)
  @IsOptional()
  @MinLength(32, { message: 'AUTH_JWT_SECRET must be at least 32 characters (HS256 needs a 256-bit key)' })
  AUTH_JWT_SECRET?: string;

  @Transform(trimmedOrUndefined)
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_tld: false, require_protocol: true }, { message: 'AUTH_JWKS_URL must be an http(s) URL' })
  AUTH_JWKS_URL?: string;

  @Transform(trimmedOrUndefined)
  @IsOptional()
  @IsString()
  AUTH_JWT_ISSUER?: string;

  @Transform(trimmedOrUndefined)
  @IsOptional()
  @IsString()
  AUTH_JWT_AUDIENCE?: string;

  /**
   * The longest lifetime a token may have (from its iat, and from now): a duration such as 30m, 24h
   * or 7d, at most 366d. Longer tokens are refused as UNAUTHENTICATED; `npm run token` mints none.
   */
  @Transform(orDefault('24h'))
  @IsString()
  @Matches(DURATION, { message: 'AUTH_MAX_TOKEN_LIFETIME must be a duration such as 30m, 24h or 7d (at least 1m, at most 366d)' })
  AUTH_MAX_TOKEN_LIFETIME = '24h';

  /** AUTH_MAX_TOKEN_LIFETIME in seconds. */
  get authMaxTokenLifetimeSeconds(): number {
    return durationSeconds(this.AUTH_MAX_TOKEN_LIFETIME) ?? 24 * 3600;
  }

  @Transform(numberOr(2))
  @Min(1, { message: 'PUBLISH_MIN_REVIEWERS must be between 1 and 20' })
  @Max(20, { message: 'PUBLISH_MIN_REVIEWERS must be between 1 and 20' })
  @IsInt({ message: 'PUBLISH_MIN_REVIEWERS must be a whole number' })
  PUBLISH_MIN_REVIEWERS = 2;

  // --- Publication gates and the pinned methodology (issue 13) ---

  /** Standing (not retracted) citations a fact-check needs before it can be published. */
  @Transform(numberOr(2))
  @Min(1, { message: 'PUBLISH_MIN_SOURCES must be between 1 and 50' })
  @Max(50, { message: 'PUBLISH_MIN_SOURCES must be between 1 and 50' })
  @IsInt({ message: 'PUBLISH_MIN_SOURCES must be a whole number' })
  PUBLISH_MIN_SOURCES = 2;

  /** When true, the publishing editor may not be one of the reviewers whose verdicts count. */
  @Transform(({ value }) => (value === undefined || value === '' ? false : value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'PUBLISH_REQUIRE_INDEPENDENT_EDITOR must be true or false' })
  PUBLISH_REQUIRE_INDEPENDENT_EDITOR = false;

  /**
   * The label a publication records for the rating scale in force (beside its hash). Unset: "default"
   * for the built-in scale, else "custom-" and the start of the scale's hash, so two scales never share one.
   */
  @Transform(trimmedOrUndefined)
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, { message: 'RATING_SCALE_VERSION must be 1-64 letters, digits, ".", "_" or "-"' })
  RATING_SCALE_VERSION?: string;

  /** How long a mutation waits for the read models to include its events before answering READ_MODEL_LAGGING. */
  @Transform(numberOr(5000))
  @Min(100, { message: 'READ_MODEL_WAIT_MS must be between 100 and 60000' })
  @Max(60000, { message: 'READ_MODEL_WAIT_MS must be between 100 and 60000' })
  @IsInt({ message: 'READ_MODEL_WAIT_MS must be a whole number of milliseconds' })
  READ_MODEL_WAIT_MS = 5000;

  /**
   * Public address of the fact-checks, for ClaimReview `url`s: <PUBLIC_BASE_URL>/claims/<id>. Unset: the
   * service's own address (`configuredBaseUrl`; with PORT=0 only known once it listens, see PublicAddress).
   * Readers ask PublicAddress, never this field, so none of them misses the default.
   */
  @Transform(({ value }) => (value === undefined || value === '' ? undefined : String(value).trim().replace(/\/+$/, '')))
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_tld: false, require_protocol: true }, { message: 'PUBLIC_BASE_URL must be an http(s) URL' })
  PUBLIC_BASE_URL?: string;

  /**
   * PUBLIC_BASE_URL, or the service's own address `http://<host>:<PORT>` (see ownBaseUrl); undefined
   * when PORT=0, whose port the system picks at listen time.
   */
  get configuredBaseUrl(): string | undefined {
    if (this.PUBLIC_BASE_URL !== undefined) return this.PUBLIC_BASE_URL;
    return this.PORT === 0 ? undefined : ownBaseUrl(this.HOST, this.PORT);
  }

  /** Who may see reviewers' names on the public pages: in full, as initials (the default), or not at all. */
  @Transform(({ value }) => (value === undefined || value === '' ? 'INITIALS' : String(value).trim().toUpperCase()))
  @IsIn(REVIEWER_NAME_POLICIES, { message: `PUBLIC_REVIEWER_NAMES must be one of ${REVIEWER_NAME_POLICIES.join(', ')} (got "$value")` })
  PUBLIC_REVIEWER_NAMES: (typeof REVIEWER_NAME_POLICIES)[number] = 'INITIALS';

  /** The organisation publishing the fact-checks (ClaimReview `author`). */
  @Transform(orDefault('Fact-check desk'))
  @IsString()
  @IsNotEmpty({ message: 'ORGANIZATION_NAME must not be empty' })
  ORGANIZATION_NAME = 'Fact-check desk';

  @Transform(trimmedOrUndefined)
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_tld: false, require_protocol: true }, { message: 'ORGANIZATION_URL must be an http(s) URL' })
  ORGANIZATION_URL?: string;

  /**
   * JSON list of {key, label, value, onScale?}; the default scale when unset. Kept as text: configuration
   * knows no feature, so only its JSON syntax is checked here; the claims' desk policy
   * (`ratingScaleFrom` in src/claims/application/desk-policy.ts) judges it as a scale, at start.
   */
  @Transform(trimmedOrUndefined)
  @IsOptional()
  @IsString()
  RATING_SCALE?: string;

  // --- The edge: GraphQL introspection, operator endpoints, draining (issue #11) ---

  /** Whether GraphQL introspection (__schema, __type) is answered; unset: on, except with NODE_ENV=production. */
  @Transform(({ value }) => (value === undefined || value === '' ? undefined : String(value).trim().toLowerCase()))
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'GRAPHQL_INTROSPECTION must be true or false' })
  GRAPHQL_INTROSPECTION?: 'true' | 'false';

  /** Bearer token for GET /metrics and the details of /health/ready (an admin JWT works too). */
  @Transform(trimmedOrUndefined)
  @IsOptional()
  @MinLength(32, { message: 'METRICS_TOKEN must be at least 32 characters' })
  @Matches(/^[\x21-\x7e]+$/, { message: 'METRICS_TOKEN must be printable ASCII without spaces' })
  METRICS_TOKEN?: string;

  /** On SIGTERM, how long requests in flight may take to finish before the service closes anyway. */
  @Transform(numberOr(10000))
  @Min(0, { message: 'SHUTDOWN_DRAIN_MS must be between 0 and 120000' })
  @Max(120000, { message: 'SHUTDOWN_DRAIN_MS must be between 0 and 120000' })
  @IsInt({ message: 'SHUTDOWN_DRAIN_MS must be a whole number of milliseconds' })
  SHUTDOWN_DRAIN_MS = 10000;

  // ---- Claims: how big one claim may grow, the command path's state cache, ids from mutationIds ----

  /** Citations one claim may have (retracted ones included): CLAIM_LIMIT_REACHED beyond. */
  @Transform(numberOr(200))
  @Min(1, { message: 'CLAIM_MAX_CITATIONS must be between 1 and 5000' })
  @Max(5000, { message: 'CLAIM_MAX_CITATIONS must be between 1 and 5000' })
  @IsInt({ message: 'CLAIM_MAX_CITATIONS must be a whole number' })
  CLAIM_MAX_CITATIONS = 200;

  /** Appearances in one claim's details (the API takes at most 50 in one input). */
  @Transform(numberOr(50))
  @Min(1, { message: 'CLAIM_MAX_APPEARANCES must be between 1 and 50' })
  @Max(50, { message: 'CLAIM_MAX_APPEARANCES must be between 1 and 50' })
  @IsInt({ message: 'CLAIM_MAX_APPEARANCES must be a whole number' })
  CLAIM_MAX_APPEARANCES = 50;

  /** Reviewers assigned to one claim at once. */
  @Transform(numberOr(20))
  @Min(1, { message: 'CLAIM_MAX_ASSIGNEES must be between 1 and 100' })
  @Max(100, { message: 'CLAIM_MAX_ASSIGNEES must be between 1 and 100' })
  @IsInt({ message: 'CLAIM_MAX_ASSIGNEES must be a whole number' })
  CLAIM_MAX_ASSIGNEES = 20;

  /** Corrections of one published fact-check (each a public note its page and ClaimReview carry). */
  @Transform(numberOr(50))
  @Min(1, { message: 'CLAIM_MAX_CORRECTIONS must be between 1 and 1000' })
  @Max(1000, { message: 'CLAIM_MAX_CORRECTIONS must be between 1 and 1000' })
  @IsInt({ message: 'CLAIM_MAX_CORRECTIONS must be a whole number' })
  CLAIM_MAX_CORRECTIONS = 50;

  /** Events in one claim's stream (every act counts). */
  @Transform(numberOr(1000))
  @Min(20, { message: 'CLAIM_MAX_EVENTS must be between 20 and 100000' })
  @Max(100000, { message: 'CLAIM_MAX_EVENTS must be between 20 and 100000' })
  @IsInt({ message: 'CLAIM_MAX_EVENTS must be a whole number' })
  CLAIM_MAX_EVENTS = 1000;

  /** The largest case file POST /cases/import reads (bytes; beyond it: 413). */
  @Transform(numberOr(32 * 1024 * 1024))
  @Min(1024, { message: 'CASE_IMPORT_MAX_BYTES must be between 1024 and 1073741824 (1 GiB)' })
  @Max(1024 * 1024 * 1024, { message: 'CASE_IMPORT_MAX_BYTES must be between 1024 and 1073741824 (1 GiB)' })
  @IsInt({ message: 'CASE_IMPORT_MAX_BYTES must be a whole number of bytes' })
  CASE_IMPORT_MAX_BYTES = 32 * 1024 * 1024;

  /** Memory for recently used claims' folded state in the command path (0 turns the cache off). */
  @Transform(numberOr(64))
  @Min(0, { message: 'CLAIM_STATE_CACHE_MB must be between 0 and 4096' })
  @Max(4096, { message: 'CLAIM_STATE_CACHE_MB must be between 0 and 4096' })
  @IsInt({ message: 'CLAIM_STATE_CACHE_MB must be a whole number of megabytes' })
  CLAIM_STATE_CACHE_MB = 64;

  // ---- Internal notes (src/notes) ----

  /** Characters in one internal note's text (the GraphQL field takes at most 20,000). */
  @Transform(numberOr(4000))
  @Min(1, { message: 'NOTE_MAX_LENGTH must be between 1 and 20000' })
  @Max(20000, { message: 'NOTE_MAX_LENGTH must be between 1 and 20000' })
  @IsInt({ message: 'NOTE_MAX_LENGTH must be a whole number' })
  NOTE_MAX_LENGTH = 4000;

  /** Internal notes one claim may have, retracted ones included: NOTE_LIMIT_REACHED beyond. */
  @Transform(numberOr(500))
  @Min(1, { message: 'CLAIM_MAX_NOTES must be between 1 and 10000' })
  @Max(10000, { message: 'CLAIM_MAX_NOTES must be between 1 and 10000' })
  @IsInt({ message: 'CLAIM_MAX_NOTES must be a whole number' })
  CLAIM_MAX_NOTES = 500;

  /**
   * Key of the HMAC-SHA256 that derives ids from a mutationId, so nobody without it can predict them.
   * Unset outside production: generated once into DATA_DIR/id-secret. Required in production.
   */
  @Transform(trimmedOrUndefined)
  @IsOptional()
  @MinLength(32, { message: 'ID_SECRET must be at least 32 characters' })
  ID_SECRET?: string;

  // ---- Transparency log (src/transparency-log) ----

  /**
   * The log's Ed25519 signer key in the C2SP form `PRIVATE+KEY+<name>+<key id>+<base64(0x01 ‖ seed)>`.
   * Unset outside production: generated once into DATA_DIR/log-signing-key. Required in production.
   */
  @Transform(trimmedOrUndefined)
  @IsOptional()
  @IsString()
  LOG_SIGNING_KEY?: string;

  /** The checkpoints' origin line; unset: `<PUBLIC_BASE_URL's host>/log`. */
  @Transform(trimmedOrUndefined)
  @IsOptional()
  @Matches(/^[^\s+\u0000-\u001f\u007f]{1,255}$/u, { message: 'LOG_ORIGIN must be one line of 1 to 255 characters with no space and no "+", e.g. desk.example.org/log' })
  LOG_ORIGIN?: string;

  /** Shortest time between two signed checkpoints while events arrive, in milliseconds. */
  @Transform(numberOr(2000))
  @Min(10, { message: 'LOG_CHECKPOINT_INTERVAL_MS must be between 10 and 3600000' })
  @Max(3_600_000, { message: 'LOG_CHECKPOINT_INTERVAL_MS must be between 10 and 3600000' })
  @IsInt({ message: 'LOG_CHECKPOINT_INTERVAL_MS must be a whole number of milliseconds' })
  LOG_CHECKPOINT_INTERVAL_MS = 2000;

  /**
   * The witnesses whose cosignatures POST /log/cosignatures accepts and GET /log/checkpoint publishes:
   * their C2SP vkeys (`<name>+<id>+<base64(0x04 ‖ public key)>`), separated by commas or newlines.
   */
  @IsOptional()
  @IsString()
  LOG_WITNESS_KEYS?: string;

  /** LOG_WITNESS_KEYS as a list (validated at start by witnessKeyProblem). */
  get logWitnessKeys(): string[] {
    return (this.LOG_WITNESS_KEYS ?? '').split(/[,\n]/).map((k) => k.trim()).filter((k) => k.length > 0);
  }

  /**
   * LOG_ORIGIN, or the host (and port) of the configured address followed by /log. With PORT=0 and no
   * PUBLIC_BASE_URL the port is left out: a port picked at random on every start would rename the log
   * under its existing checkpoints (and the development key named after it), and checkpoints are
   * signed before the server listens.
   */
  get logOrigin(): string {
    if (this.LOG_ORIGIN !== undefined) return this.LOG_ORIGIN;
    const base = this.configuredBaseUrl;
    return `${base === undefined ? publicHostOf(this.HOST) : new URL(base).host}/log`;
  }

  // ---- Rate limits (src/rate-limit): points per window, per actor and per client address ----

  /** Length of the rate-limit window, in seconds. */
  @Transform(numberOr(60))
  @Min(1, { message: 'RATE_LIMIT_WINDOW_SECONDS must be between 1 and 3600' })
  @Max(3600, { message: 'RATE_LIMIT_WINDOW_SECONDS must be between 1 and 3600' })
  @IsInt({ message: 'RATE_LIMIT_WINDOW_SECONDS must be a whole number of seconds' })
  RATE_LIMIT_WINDOW_SECONDS = 60;

  /** Points one actor (a token's subject; an anonymous caller is its address) may spend per window. */
  @Transform(numberOr(1200))
  @Min(1, { message: 'RATE_LIMIT_ACTOR_POINTS must be between 1 and 1000000' })
  @Max(1_000_000, { message: 'RATE_LIMIT_ACTOR_POINTS must be between 1 and 1000000' })
  @IsInt({ message: 'RATE_LIMIT_ACTOR_POINTS must be a whole number' })
  RATE_LIMIT_ACTOR_POINTS = 1200;

  /** Points one client address may spend per window, whoever the callers are (a newsroom behind one NAT shares it). */
  @Transform(numberOr(6000))
  @Min(1, { message: 'RATE_LIMIT_ADDRESS_POINTS must be between 1 and 10000000' })
  @Max(10_000_000, { message: 'RATE_LIMIT_ADDRESS_POINTS must be between 1 and 10000000' })
  @IsInt({ message: 'RATE_LIMIT_ADDRESS_POINTS must be a whole number' })
  RATE_LIMIT_ADDRESS_POINTS = 6000;

  /** Points a full-text search (`claims(filter: { search })`) costs; any other root field costs 1. */
  @Transform(numberOr(10))
  @Min(1, { message: 'RATE_LIMIT_SEARCH_COST must be between 1 and 10000' })
  @Max(10_000, { message: 'RATE_LIMIT_SEARCH_COST must be between 1 and 10000' })
  @IsInt({ message: 'RATE_LIMIT_SEARCH_COST must be a whole number' })
  RATE_LIMIT_SEARCH_COST = 10;

  /** Points an audit query costs (claimHistory, claimAsOf, claimAtRevision, claimDiff, actorActivity, verifyAuditTrail, verifyAllAuditTrails). */
  @Transform(numberOr(10))
  @Min(1, { message: 'RATE_LIMIT_AUDIT_COST must be between 1 and 10000' })
  @Max(10_000, { message: 'RATE_LIMIT_AUDIT_COST must be between 1 and 10000' })
  @IsInt({ message: 'RATE_LIMIT_AUDIT_COST must be a whole number' })
  RATE_LIMIT_AUDIT_COST = 10;

  /** How many clients (actors and addresses) the limiter remembers at once; the least recently seen are forgotten first. */
  @Transform(numberOr(100_000))
  @Min(100, { message: 'RATE_LIMIT_TRACKED_CLIENTS must be between 100 and 10000000' })
  @Max(10_000_000, { message: 'RATE_LIMIT_TRACKED_CLIENTS must be between 100 and 10000000' })
  @IsInt({ message: 'RATE_LIMIT_TRACKED_CLIENTS must be a whole number' })
  RATE_LIMIT_TRACKED_CLIENTS = 100_000;

  /** Open WebSocket (graphql-ws) connections one client address may hold; beyond, the socket is closed with 4429. */
  @Transform(numberOr(50))
  @Min(1, { message: 'WS_MAX_CONNECTIONS_PER_ADDRESS must be between 1 and 100000' })
  @Max(100_000, { message: 'WS_MAX_CONNECTIONS_PER_ADDRESS must be between 1 and 100000' })
  @IsInt({ message: 'WS_MAX_CONNECTIONS_PER_ADDRESS must be a whole number' })
  WS_MAX_CONNECTIONS_PER_ADDRESS = 50;

  /** Active subscriptions one WebSocket connection may hold; beyond, the new subscription gets a RATE_LIMITED error. */
  @Transform(numberOr(20))
  @Min(1, { message: 'WS_MAX_SUBSCRIPTIONS_PER_CONNECTION must be between 1 and 10000' })
  @Max(10_000, { message: 'WS_MAX_SUBSCRIPTIONS_PER_CONNECTION must be between 1 and 10000' })
  @IsInt({ message: 'WS_MAX_SUBSCRIPTIONS_PER_CONNECTION must be a whole number' })
  WS_MAX_SUBSCRIPTIONS_PER_CONNECTION = 20;

  /**
   * Most events of the log a deskChanges(after:) subscription replays before going live; a cursor further
   * back gets REPLAY_TOO_LONG (refetch, then subscribe from now). Each replayed change is queued for the client.
   */
  @Transform(numberOr(1000))
  @Min(1, { message: 'DESK_CHANGES_REPLAY_MAX_EVENTS must be between 1 and 10000' })
  @Max(10_000, { message: 'DESK_CHANGES_REPLAY_MAX_EVENTS must be between 1 and 10000' })
  @IsInt({ message: 'DESK_CHANGES_REPLAY_MAX_EVENTS must be a whole number' })
  DESK_CHANGES_REPLAY_MAX_EVENTS = 1000;

  // ---- Correction requests (src/correction-requests): readers' requests, without a token ----

  /** Correction requests one client address may make per CORRECTION_REQUEST_WINDOW_SECONDS (beyond: RATE_LIMITED). */
  @Transform(numberOr(5))
  @Min(1, { message: 'CORRECTION_REQUESTS_PER_ADDRESS must be between 1 and 100000' })
  @Max(100_000, { message: 'CORRECTION_REQUESTS_PER_ADDRESS must be between 1 and 100000' })
  @IsInt({ message: 'CORRECTION_REQUESTS_PER_ADDRESS must be a whole number' })
  CORRECTION_REQUESTS_PER_ADDRESS = 5;

  /** The window of CORRECTION_REQUESTS_PER_ADDRESS, in seconds. */
  @Transform(numberOr(3600))
  @Min(1, { message: 'CORRECTION_REQUEST_WINDOW_SECONDS must be between 1 and 86400' })
  @Max(86_400, { message: 'CORRECTION_REQUEST_WINDOW_SECONDS must be between 1 and 86400' })
  @IsInt({ message: 'CORRECTION_REQUEST_WINDOW_SECONDS must be a whole number of seconds' })
  CORRECTION_REQUEST_WINDOW_SECONDS = 3600;

  /** Days a reader's contact details are kept after their request (then purged: at start and hourly). Never in an event. */
  @Transform(numberOr(90))
  @Min(1, { message: 'CORRECTION_CONTACT_RETENTION_DAYS must be between 1 and 3650' })
  @Max(3650, { message: 'CORRECTION_CONTACT_RETENTION_DAYS must be between 1 and 3650' })
  @IsInt({ message: 'CORRECTION_CONTACT_RETENTION_DAYS must be a whole number of days' })
  CORRECTION_CONTACT_RETENTION_DAYS = 90;

  // ---- The edge, after an outsider's attack (issue #11): answer size, slow requests, proxies, WebSocket frames ----

  /** Estimated values one GraphQL answer may hold (lists counted at their largest: `first`, CLAIM_MAX_*); beyond, QUERY_TOO_COMPLEX. */
  @Transform(numberOr(50_000))
  @Min(1000, { message: 'QUERY_MAX_NODES must be between 1000 and 10000000' })
  @Max(10_000_000, { message: 'QUERY_MAX_NODES must be between 1000 and 10000000' })
  @IsInt({ message: 'QUERY_MAX_NODES must be a whole number' })
  QUERY_MAX_NODES = 50_000;

  /** Time a client has to send a whole request, body included (Node's requestTimeout); beyond, 408 and the connection closed. */
  @Transform(numberOr(30_000))
  @Min(1000, { message: 'HTTP_REQUEST_TIMEOUT_MS must be between 1000 and 600000' })
  @Max(600_000, { message: 'HTTP_REQUEST_TIMEOUT_MS must be between 1000 and 600000' })
  @IsInt({ message: 'HTTP_REQUEST_TIMEOUT_MS must be a whole number of milliseconds' })
  HTTP_REQUEST_TIMEOUT_MS = 30_000;

  /** Time a client has to send a request's headers (Node's headersTimeout); at most HTTP_REQUEST_TIMEOUT_MS. */
  @Transform(numberOr(10_000))
  @Min(1000, { message: 'HTTP_HEADERS_TIMEOUT_MS must be between 1000 and 600000' })
  @Max(600_000, { message: 'HTTP_HEADERS_TIMEOUT_MS must be between 1000 and 600000' })
  @IsInt({ message: 'HTTP_HEADERS_TIMEOUT_MS must be a whole number of milliseconds' })
  HTTP_HEADERS_TIMEOUT_MS = 10_000;

  /** Open TCP connections the HTTP server accepts at once (WebSockets included); further ones are dropped. 0: no cap. */
  @Transform(numberOr(10_000))
  @Min(0, { message: 'HTTP_MAX_CONNECTIONS must be between 0 and 1000000' })
  @Max(1_000_000, { message: 'HTTP_MAX_CONNECTIONS must be between 0 and 1000000' })
  @IsInt({ message: 'HTTP_MAX_CONNECTIONS must be a whole number' })
  HTTP_MAX_CONNECTIONS = 10_000;

  /**
   * Which proxies' X-Forwarded-For is believed (Express's `trust proxy`): `false` (none: the client
   * is the connection's address), a number of proxy hops in front of the service, or a comma-separated
   * list of proxy addresses/CIDR ranges (`loopback`, `linklocal`, `uniquelocal` allowed).
   */
  @Transform(({ value }) => (value === undefined || value === '' ? 'false' : String(value).trim()))
  @IsString()
  TRUST_PROXY = 'false';

  /** TRUST_PROXY as Express takes it; undefined when it is not a valid setting (loadConfig reports it). */
  get trustProxy(): false | number | string[] | undefined {
    return trustProxyOf(this.TRUST_PROXY);
  }

  // ---- Browser clients (issue 14): CORS and the IDE at GET /graphql ----

  /**
   * Origins whose pages may call the API from a browser (CORS): comma-separated exact origins
   * (scheme://host[:port]), or `*` alone for any. Unset: none (same-origin pages and non-browser
   * clients are unaffected). The public ClaimReview exports are readable from any origin regardless.
   */
  @Transform(trimmedOrUndefined)
  @IsOptional()
  @IsString()
  CORS_ORIGINS?: string;

  /** CORS_ORIGINS as the CORS middleware takes it: '*' or the list of origins (empty when unset or invalid). */
  get corsOrigins(): '*' | string[] {
    if (this.CORS_ORIGINS === undefined) return [];
    const parsed = corsOriginsOf(this.CORS_ORIGINS);
    return 'problems' in parsed ? [] : parsed.allowed;
  }

  /** Whether GET /graphql serves the IDE (Altair) to browsers; unset: on, except with NODE_ENV=production. */
  @Transform(({ value }) => (value === undefined || value === '' ? undefined : String(value).trim().toLowerCase()))
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'GRAPHQL_IDE must be true or false' })
  GRAPHQL_IDE?: 'true' | 'false';

  /** GRAPHQL_IDE when set; otherwise on outside production. */
  get graphqlIde(): boolean {
    return this.GRAPHQL_IDE === undefined ? !this.isProduction : this.GRAPHQL_IDE === 'true';
  }

  @Transform(orDefault('info'))
  @IsIn(LOG_LEVELS, { message: `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}` })
  LOG_LEVEL: (typeof LOG_LEVELS)[number] = 'info';

  /** GRAPHQL_INTROSPECTION when set; otherwise on outside production. */
  get introspection(): boolean {
    return this.GRAPHQL_INTROSPECTION === undefined ? !this.isProduction : this.GRAPHQL_INTROSPECTION === 'true';
  }

  get isProduction(): boolean {
    return this.NODE_ENV === 'production';
  }
}

const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

/** TRUST_PROXY's text as Express's `trust proxy` value, or undefined when it is none of the accepted forms. */
export function trustProxyOf(text: string): false | number | string[] | undefined {
  const value = text.trim().toLowerCase();
  if (value === 'false' || value === '0') return false;
  if (/^\d{1,2}$/.test(value)) return Number(value);
  const entries = value.split(',').map((e) => e.trim());
  const valid = (entry: string) => {
    if (PROXY_NAMES.includes(entry)) return true;
    const [address, bits, ...rest] = entry.split('/');
    const family = isIP(address);
    if (family === 0 || rest.length > 0) return false;
    if (bits === undefined) return true;
    return /^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
  };
  return entries.length > 0 && entries.every(valid) ? entries : undefined;
}

// ---- CORS_ORIGINS ----

/**
 * CORS_ORIGINS's text as the allowed origins, or every problem with it. An entry must be exactly what a
 * browser sends as `Origin` (scheme, host, the port unless it is the scheme's default; no path, not
 * even a trailing slash), since the middleware compares the header to it as text. Host names are
 * taken case-insensitively and kept lower-cased, as browsers send them.
 */
export function corsOriginsOf(text: string): { allowed: '*' | string[] } | { problems: string[] } {
  const entries = text.split(',').map((entry) => entry.trim());
  if (entries.includes('*')) {
    return entries.length === 1 ? { allowed: '*' } : { problems: [`CORS_ORIGINS: "*" (any origin) must be given alone, not in a list (got "${text.trim()}")`] };
  }
  const problems: string[] = [];
  const allowed: string[] = [];
  const shape = 'scheme://host[:port], with no path, query or trailing slash, e.g. https://desk.example.org or http://localhost:5173';
  for (const entry of entries) {
    if (entry === '') {
      problems.push(`CORS_ORIGINS has an empty entry (a stray comma?): each entry must be an origin, ${shape}`);
      continue;
    }
    let url: URL | undefined;
    try {
      url = new URL(entry);
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
      problems.push(`CORS_ORIGINS: "${entry}" is not an http(s) origin: give ${shape}`);
    } else if (url.origin !== entry.toLowerCase()) {
      problems.push(`CORS_ORIGINS: "${entry}" is not an origin (${shape}); did you mean "${url.origin}"?`);
    } else if (!allowed.includes(url.origin)) {
      allowed.push(url.origin);
    }
  }
  return problems.length > 0 ? { problems } : { allowed };
}

// ---- EVENTSTORE_CONNECTION_STRING: one parser for validation and the adapter ----

/**
 * The schemes KurrentDB's own Node client (@kurrent/kurrentdb-client 1.3.1, parseConnectionString)
 * accepts, each also with `+discover`. The pinned @eventstore/db-client 6.2.1 parses only esdb://
 * and esdb+discover://, which mean exactly the same.
 */
const EVENTSTORE_SCHEME = /^(esdb|kurrentdb|kurrent|kdb)(\+discover)?:\/\//;
const EVENTSTORE_SHAPE = 'esdb://host:2113?tls=false (or esdb+discover://, kurrentdb://, kurrentdb+discover://, kurrent://, kdb://)';

/**
 * The connection string as @eventstore/db-client 6.2.1 parses it: a KurrentDB scheme becomes its
 * esdb twin, the rest is untouched. Undefined when the scheme is none of the accepted ones.
 */
export function eventStoreClientConnectionString(text: string): string | undefined {
  const trimmed = text.trim();
  const scheme = EVENTSTORE_SCHEME.exec(trimmed);
  return scheme ? `esdb${scheme[2] ?? ''}://${trimmed.slice(scheme[0].length)}` : undefined;
}

/**
 * Why the adapter would refuse this connection string at boot, or undefined. It builds the client
 * exactly as the adapter does (the client's own parser, certificate files read), which opens no
 * connection; the client is loaded only when the variable is set.
 */
export function eventStoreConnectionProblem(text: string): string | undefined {
  const translated = eventStoreClientConnectionString(text);
  const shape = `EVENTSTORE_CONNECTION_STRING must look like ${EVENTSTORE_SHAPE}`;
  if (translated === undefined) return shape;
  // The client strips trailing slashes first, then would complain about the scheme.
  if (/^esdb(\+discover)?:\/\/\/*$/.test(translated)) return `${shape}: no host given`;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { EventStoreDBClient } = require('@eventstore/db-client') as typeof import('@eventstore/db-client');
    EventStoreDBClient.connectionString(translated);
    return undefined;
  } catch (error) {
    // Positions shift by the scheme's translation; the text itself is not echoed (it may hold a password).
    const shift = text.trim().length - translated.length;
    const { location, expected } = error as { location?: [number, number]; expected?: string };
    if (Array.isArray(location) && typeof expected === 'string') {
      return `${shape}: at position ${location[0] + shift}, expected ${expected}`;
    }
    return `${shape}: ${(error as Error).message}`;
  }
}

// ---- LOG_SIGNING_KEY ----

/**
 * Why a C2SP Ed25519 signer key (`PRIVATE+KEY+<name>+<8 hex key id>+<base64(0x01 ‖ 32-byte seed)>`)
 * is unusable, or undefined. Checked here so a bad key stops the start naming the variable; the key
 * ID is SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key)[:4]. The secret is never echoed.
 */
export function signerKeyProblem(text: string): string | undefined {
  const shape = 'must be an Ed25519 signer key PRIVATE+KEY+<name>+<8 hex digits>+<base64>';
  const match = /^PRIVATE\+KEY\+([^+\s]+)\+([0-9a-f]{8})\+([A-Za-z0-9+/]+={0,2})$/.exec(text);
  if (!match) return shape;
  const [, name, id, key] = match;
  const raw = Buffer.from(key, 'base64');
  if (raw.toString('base64') !== key || raw.length !== 33) return `${shape}: the key is not base64 of 33 bytes`;
  if (raw[0] !== 0x01) return `${shape}: its type is not 0x01 (Ed25519)`;
  let publicKey: Buffer;
  try {
    const der = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), raw.subarray(1)]);
    const spki = createPublicKey(createPrivateKey({ key: der, format: 'der', type: 'pkcs8' })).export({ format: 'der', type: 'spki' });
    publicKey = spki.subarray(spki.length - 32);
  } catch {
    return `${shape}: the seed is not an Ed25519 key`;
  }
  const expected = createHash('sha256').update(name).update(Buffer.from([0x0a, 0x01])).update(publicKey).digest().subarray(0, 4).toString('hex');
  return expected === id ? undefined : `${shape}: its key id ${id} does not match its key (expected ${expected})`;
}

/**
 * Why a witness's verifier key (tlog-cosignature: `<name>+<8 hex key id>+<base64(0x04 ‖ 32-byte
 * Ed25519 public key)>`, key id SHA-256(name ‖ 0x0A ‖ 0x04 ‖ key)[:4]) is unusable, or undefined.
 */
export function witnessKeyProblem(text: string): string | undefined {
  const shape = 'must be a witness verifier key <name>+<8 hex digits>+<base64> (npm run log:keygen -- --witness)';
  const match = /^([^+\s]+)\+([0-9a-f]{8})\+([A-Za-z0-9+/]+={0,2})$/.exec(text);
  if (!match) return shape;
  const [, name, id, key] = match;
  const raw = Buffer.from(key, 'base64');
  if (raw.toString('base64') !== key || raw.length !== 33) return `${shape}: the key is not base64 of 33 bytes`;
  if (raw[0] !== 0x04) return `${shape}: its type is 0x${raw[0].toString(16).padStart(2, '0')}, not 0x04 (an Ed25519 cosignature key)`;
  const expected = createHash('sha256').update(name).update(Buffer.from([0x0a, 0x04])).update(raw.subarray(1)).digest().subarray(0, 4).toString('hex');
  return expected === id ? undefined : `${shape}: its key id ${id} does not match its key (expected ${expected})`;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

const KNOWN_KEYS = Object.keys(new AppConfig());

/** Reads and validates the configuration; throws one ConfigError listing every problem. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const raw = Object.fromEntries(KNOWN_KEYS.filter((key) => env[key] !== undefined).map((key) => [key, env[key]]));
  const config = plainToInstance(AppConfig, raw, { exposeDefaultValues: true });
  const problems = validateSync(config, { stopAtFirstError: true }).flatMap((error) => Object.values(error.constraints ?? {}));
  if (config.isProduction && !config.AUTH_JWT_SECRET && !config.AUTH_JWKS_URL) {
    problems.push('NODE_ENV=production needs AUTH_JWT_SECRET or AUTH_JWKS_URL: tokens cannot be verified without one');
  }
  if (config.isProduction && !config.ID_SECRET) {
    problems.push('NODE_ENV=production needs ID_SECRET (at least 32 characters): ids derived from mutationIds would otherwise be predictable or change with the data directory');
  }
  if (config.isProduction && !config.LOG_SIGNING_KEY) {
    problems.push('NODE_ENV=production needs LOG_SIGNING_KEY (an Ed25519 signer key, PRIVATE+KEY+<name>+<id>+<key>: see "Transparency log" in the README): the log\'s checkpoints would otherwise be signed by a key that changes with the data directory');
  }
  if (config.LOG_SIGNING_KEY !== undefined) {
    const problem = signerKeyProblem(config.LOG_SIGNING_KEY);
    if (problem) problems.push(`LOG_SIGNING_KEY ${problem}`);
  }
  for (const key of config.logWitnessKeys) {
    const problem = witnessKeyProblem(key);
    if (problem) problems.push(`LOG_WITNESS_KEYS: ${JSON.stringify(key)} ${problem}`);
  }
  const lifetime = durationSeconds(config.AUTH_MAX_TOKEN_LIFETIME);
  if (lifetime !== null && (lifetime < 60 || lifetime > 366 * 86400)) {
    problems.push('AUTH_MAX_TOKEN_LIFETIME must be a duration such as 30m, 24h or 7d (at least 1m, at most 366d)');
  }
  if (config.HTTP_HEADERS_TIMEOUT_MS > config.HTTP_REQUEST_TIMEOUT_MS) {
    problems.push(`HTTP_HEADERS_TIMEOUT_MS (${config.HTTP_HEADERS_TIMEOUT_MS}) must not be longer than HTTP_REQUEST_TIMEOUT_MS (${config.HTTP_REQUEST_TIMEOUT_MS})`);
  }
  if (typeof config.TRUST_PROXY === 'string' && config.trustProxy === undefined) {
    problems.push(
      'TRUST_PROXY must be false, a number of proxy hops (0-99), or a comma-separated list of proxy addresses or CIDR ranges (loopback, linklocal, uniquelocal allowed); "true" is refused: any client could forge its address',
    );
  }
  if (config.EVENTSTORE_CONNECTION_STRING !== undefined) {
    const problem = eventStoreConnectionProblem(config.EVENTSTORE_CONNECTION_STRING);
    if (problem) problems.push(problem);
  }
  if (config.CORS_ORIGINS !== undefined) {
    const parsed = corsOriginsOf(config.CORS_ORIGINS);
    if ('problems' in parsed) problems.push(...parsed.problems);
  }
  if (config.PUBLIC_BASE_URL === undefined) {
    try {
      publicHostOf(config.HOST);
    } catch (error) {
      problems.push((error as Error).message);
    }
  }
  if (config.RATING_SCALE !== undefined) {
    try {
      JSON.parse(config.RATING_SCALE);
    } catch (error) {
      problems.push(`RATING_SCALE is not a usable rating scale: ${(error as Error).message}`);
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

export const APP_CONFIG = Symbol('APP_CONFIG');
