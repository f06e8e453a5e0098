import { createRemoteJWKSet, decodeProtectedHeader, errors, JWTPayload, jwtVerify, JWTVerifyGetKey } from 'jose';
import { Actor, isRole } from '../shared/actor';
import { ACTOR_ID_RULE, isActorId, normaliseText } from '../shared/text';

/** Why a presented token was refused. The message is meant for the person holding the token. */
export class InvalidToken extends Error {
  override readonly name = 'InvalidToken';
}

export interface TokenVerifierOptions {
  /** Shared secret for HS256 tokens. */
  secret?: string;
  /** JSON Web Key Set for RS256/ES256 tokens issued by an identity provider. */
  jwksUrl?: string;
  issuer?: string;
  audience?: string;
  /** The longest lifetime a token may have, in seconds: `exp - iat`, or `exp - now` without `iat`. */
  maxLifetimeSeconds?: number;
}

/** The default cap on a token's lifetime (AUTH_MAX_TOKEN_LIFETIME): 24 hours. */
export const DEFAULT_MAX_TOKEN_LIFETIME_SECONDS = 24 * 3600;

const ASYMMETRIC = ['RS256', 'ES256'];

/**
 * Verifies bearer tokens and turns their claims into an Actor. Only the algorithms we configured
 * are accepted, so a token cannot choose its own verification (no `alg: none`, no HS256 signed
 * with a public key).
 */
export class TokenVerifier {
  private readonly secret?: Uint8Array;
  private readonly jwks?: JWTVerifyGetKey;

  constructor(private readonly options: TokenVerifierOptions) {
    if (options.secret) this.secret = new TextEncoder().encode(options.secret);
    if (options.jwksUrl) this.jwks = createRemoteJWKSet(new URL(options.jwksUrl));
    if (!this.secret && !this.jwks) throw new Error('TokenVerifier needs a secret or a JWKS URL');
  }

  /** Parses an Authorization header. No header means an anonymous request; a bad one is refused. */
  async authenticate(authorization: string | undefined): Promise<Actor | null> {
    if (authorization === undefined || authorization.trim() === '') return null;
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!match) throw new InvalidToken('The Authorization header must be "Bearer <token>"');
    return this.verify(match[1]);
  }

  async verify(token: string): Promise<Actor> {
    let alg: string | undefined;
    try {
      alg = decodeProtectedHeader(token).alg;
    } catch {
      throw new InvalidToken('The token is malformed: it is not a signed JWT');
    }
    const checks = { issuer: this.options.issuer, audience: this.options.audience };
    try {
      let payload: JWTPayload;
      if (alg === 'HS256' && this.secret) {
        ({ payload } = await jwtVerify(token, this.secret, { ...checks, algorithms: ['HS256'] }));
      } else if (alg && ASYMMETRIC.includes(alg) && this.jwks) {
        ({ payload } = await jwtVerify(token, this.jwks, { ...checks, algorithms: ASYMMETRIC }));
      } else {
        throw new InvalidToken(`Tokens signed with "${alg ?? 'no algorithm'}" are not accepted here`);
      }
      checkLifetime(payload, this.options.maxLifetimeSeconds ?? DEFAULT_MAX_TOKEN_LIFETIME_SECONDS);
      return toActor(payload);
    } catch (error) {
      throw explain(error);
    }
  }
}

/**
 * A token that lives longer than the cap is refused even with a good signature: a leaked year-9999
 * token would otherwise be a permanent key. Measured from `iat` (what the issuer granted) and from
 * now (what is left of it): an `iat` set in the future does not stretch the cap.
 */
function checkLifetime(payload: JWTPayload, maxSeconds: number): void {
  if (typeof payload.exp !== 'number') throw new InvalidToken('The token has no expiry (exp claim): tokens must expire');
  const now = Math.floor(Date.now() / 1000);
  const lifetime = Math.max(payload.exp - now, typeof payload.iat === 'number' ? payload.exp - payload.iat : 0);
  if (lifetime > maxSeconds) {
    throw new InvalidToken(`The token lives too long: at most ${formatSeconds(maxSeconds)} from issue is accepted here (AUTH_MAX_TOKEN_LIFETIME)`);
  }
}

export function formatSeconds(seconds: number): string {
  if (seconds % 86400 === 0) return `${seconds / 86400}d`;
  if (seconds % 3600 === 0) return `${seconds / 3600}h`;
  if (seconds % 60 === 0) return `${seconds / 60}m`;
  return `${seconds}s`;
}

function toActor(payload: JWTPayload): Actor {
  if (typeof payload.sub !== 'string' || payload.sub.trim() === '') throw new InvalidToken('The token has no subject (sub claim)');
  // The same rule as every person's id in the API (reviewer ids, actor filters): what a token carries can be named there.
  if (!isActorId(payload.sub)) throw new InvalidToken(`The token's subject must be ${ACTOR_ID_RULE}`);
  const claimed = payload['roles'];
  if (claimed !== undefined && !Array.isArray(claimed)) throw new InvalidToken('The token\'s roles claim must be a list');
  // Identity providers often add roles of their own; we keep the ones this service knows.
  const roles = [...new Set((claimed ?? []).filter(isRole))];
  const given = typeof payload['name'] === 'string' ? normaliseText(payload['name']).replace(/[\p{Cc}\p{Cf}]/gu, '').trim().slice(0, 200) : '';
  const name = given !== '' ? given : payload.sub;
  return { id: payload.sub, name, roles };
}

function explain(error: unknown): InvalidToken {
  if (error instanceof InvalidToken) return error;
  if (error instanceof errors.JWTExpired) return new InvalidToken('The token has expired');
  if (error instanceof errors.JWTClaimValidationFailed) return new InvalidToken(`The token's ${error.claim} claim is not valid: ${error.reason}`);
  if (error instanceof errors.JWSSignatureVerificationFailed) return new InvalidToken('The token\'s signature does not verify');
  if (error instanceof errors.JOSEAlgNotAllowed) return new InvalidToken('The token\'s signing algorithm is not accepted here');
  if (error instanceof errors.JWKSNoMatchingKey) return new InvalidToken('The token was signed with a key the identity provider does not publish');
  if (error instanceof errors.JOSEError) return new InvalidToken(`The token is not valid (${error.code})`);
  return new InvalidToken('The token could not be verified');
}
