import type { Request } from 'express';
import { GraphQLError } from 'graphql';
import { Actor } from '../auth/actor';
import { InvalidToken, TokenVerifier } from '../auth/token-verifier';

/** What every resolver can rely on: the verified actor (null when anonymous). */
export interface RequestContext {
  req?: Request;
  actor: Actor | null;
}

/**
 * Builds the GraphQL context. A request without a token is anonymous (resolvers decide what that
 * may do); a request with a bad token is refused outright, so nobody acts under a broken identity.
 */
export async function buildRequestContext(verifier: TokenVerifier, req: Request | undefined, authorization?: string): Promise<RequestContext> {
  try {
    const actor = await verifier.authenticate(authorization ?? req?.headers.authorization);
    return { req, actor };
  } catch (error) {
    if (error instanceof InvalidToken) {
      throw new GraphQLError(error.message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
    }
    throw error;
  }
}
