import { decodeJwt, SignJWT } from 'jose';
import { isRole, Role, ROLES } from '../shared/actor';

export interface TokenRequest {
  sub: string;
  name?: string;
  roles: string[];
  /** Lifetime as jose understands it: '8h', '30m', '7d'. */
  expiresIn?: string;
  issuer?: string;
  audience?: string;
  /** Refuse to mint a token that lives longer than this (the service's AUTH_MAX_TOKEN_LIFETIME), in seconds. */
  maxLifetimeSeconds?: number;
}

/** Signs an HS256 token for local use (development, demos, tests). Production tokens come from the identity provider. */
export async function issueToken(secret: string, request: TokenRequest): Promise<string> {
  if (!request.sub || request.sub.trim() === '') throw new Error('A token needs a subject: --sub <actor id>');
  const unknown = request.roles.filter((role) => !isRole(role));
  if (unknown.length > 0) throw new Error(`Unknown role(s) ${unknown.join(', ')}; the roles are ${ROLES.join(', ')}`);
  const jwt = new SignJWT({ name: request.name ?? request.sub, roles: request.roles as Role[] })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(request.sub)
    .setIssuedAt()
    .setExpirationTime(request.expiresIn ?? '8h');
  if (request.issuer) jwt.setIssuer(request.issuer);
  if (request.audience) jwt.setAudience(request.audience);
  const token = await jwt.sign(new TextEncoder().encode(secret));
  if (request.maxLifetimeSeconds !== undefined) {
    const { exp = 0, iat = 0 } = decodeJwt(token);
    if (exp - iat > request.maxLifetimeSeconds) {
      throw new Error(`A token may live at most ${request.maxLifetimeSeconds} seconds here (AUTH_MAX_TOKEN_LIFETIME); --ttl ${request.expiresIn} is longer`);
    }
  }
  return token;
}
