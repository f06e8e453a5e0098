import { ApolloServerPlugin, HeaderMap } from '@apollo/server';
import { FragmentDefinitionNode, GraphQLError, Kind } from 'graphql';
import type { RequestContext } from '../graphql/request-context';
import { operationCost } from './operation-cost';
import { RateLimiter } from './rate-limiter';

/**
 * Charges every GraphQL operation over HTTP once, after it is parsed and validated and before any
 * resolver runs, at the sum of its root fields' costs (operation-cost.ts). Over budget, the request
 * fails as a whole: HTTP 429 with Retry-After, and `extensions.code: "RATE_LIMITED"` with
 * `retryAfterSeconds`. (A Nest guard on resolvers would miss operations that reach no resolver,
 * such as `{ __typename }` or introspection, would charge per root field, and @nestjs/apollo turns
 * a resolver error's status back to 200.) WebSocket operations are bounded by ws-limits.ts instead.
 */
export function graphqlRateLimitPlugin(limiter: RateLimiter): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, operation, document, request }) {
          const req = contextValue.req;
          if (!req || !operation) return;
          const fragments: Record<string, FragmentDefinitionNode> = {};
          for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
          const cost = operationCost(operation, fragments, request.variables ?? {}, limiter.settings);
          const limited = limiter.charge({ address: req.ip ?? req.socket?.remoteAddress, actorId: contextValue.actor?.id }, cost);
          if (!limited) return;
          throw new GraphQLError(limited.message, {
            extensions: {
              code: 'RATE_LIMITED',
              retryAfterSeconds: limited.retryAfterSeconds,
              http: { status: 429, headers: new HeaderMap([['retry-after', String(limited.retryAfterSeconds)]]) },
            },
          });
        },
      };
    },
  };
}
