import type { Request } from 'express';
import { randomUUID } from 'node:crypto';
import { GraphQLError } from 'graphql';
import { Actor } from '../shared/actor';
import { InvalidToken, TokenVerifier } from '../auth/token-verifier';

/** What every resolver can rely on: the verified actor (null when anonymous). */
export interface RequestContext {
  req?: Request;
  actor: Actor | null;
  /** Ties together every event this request causes; taken from X-Correlation-Id when the client sends a sane one. */
  correlationId: string;
  /**
   * Who the client is to per-address budgets, the same over HTTP and WebSocket: Express's `req.ip`
   * (TRUST_PROXY applies) or the socket's address. Undefined only when neither is known.
   */
  clientAddress?: string;
}

const CORRELATION_ID = /^[A-Za-z0-9._:-]{1,100}$/;

function correlationIdOf(req: Request | undefined): string {
  const given = req?.headers['x-correlation-id'];
  return typeof given === 'string' && CORRELATION_ID.test(given) ? given : randomUUID();
}

/**
 * Builds the GraphQL context. A request without a token is anonymous (resolvers decide what that
 * may do); a request with a bad token is refused outright, so nobody acts under a broken identity.
 */
export async function buildRequestContext(verifier: TokenVerifier, req: Request | undefined, authorization?: string, clientAddress?: string): Promise<RequestContext> {
  try {
    const actor = await verifier.authenticate(authorization ?? req?.headers.authorization);
    return { req, actor, correlationId: correlationIdOf(req), clientAddress: clientAddress ?? req?.ip ?? req?.socket?.remoteAddress };
  } catch (error) {
    if (error instanceof InvalidToken) {
      throw new GraphQLError(error.message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
    }
    throw error;
  }
}
