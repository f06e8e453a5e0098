import { DocumentNode, GraphQLError, GraphQLSchema, parse, specifiedRules, validate } from 'graphql';
import type { TokenVerifier } from '../auth/token-verifier';
import { WsContext, WsLimits } from '../rate-limit/ws-limits';
import { formattedAsError } from './error-format';
import { parseOptions, queryLimitsRule, queryTooLong } from './query-limits';
import { buildRequestContext } from './request-context';

function authorizationOf(params: Record<string, unknown> | undefined): string | undefined {
  const value = params?.authorization ?? params?.Authorization;
  return typeof value === 'string' ? value : undefined;
}

/**
 * Subscriptions over graphql-ws: the token travels in the connection's init payload
 * ({ authorization: "Bearer ..." }); the same limits, error shapes and codes as over HTTP.
 */
export function graphqlWsOptions(verifier: TokenVerifier, limits: WsLimits) {
  return {
    validate: (schema: GraphQLSchema, document: DocumentNode) => validate(schema, document, [...specifiedRules, queryLimitsRule()]),
    // Parsed with the same token limit as over HTTP (graphql-ws parses with this).
    parse: (source: string) => parse(source, parseOptions()),
    onSubscribe: (ctx: WsContext, _id: string, payload: { query?: string; operationName?: string | null; variables?: Record<string, unknown> | null }) => {
      const limited = limits.subscriptionRefusal(ctx, payload);
      if (limited) return limited;
      // The size limit before anything is parsed; then a parse check, so a syntax error or a document
      // over the token limit is answered as a refusal (graphql-ws would close the socket on a throw).
      const tooLong = queryTooLong(payload.query);
      if (tooLong) return [formattedAsError(tooLong, true)];
      try {
        parse(String(payload.query ?? ''), parseOptions());
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        return [formattedAsError(new GraphQLError(message, { extensions: { code: 'GRAPHQL_PARSE_FAILED' } }), true)];
      }
      return undefined;
    },
    onConnect: async (ctx: WsContext & { connectionParams?: Record<string, unknown> }) => {
      if (!limits.admit(ctx)) return false; // closed with 4429: too many connections from this address
      try {
        const actor = await verifier.authenticate(authorizationOf(ctx.connectionParams));
        limits.expireWithToken(ctx, authorizationOf(ctx.connectionParams), actor?.id); // closed with 4401 at the token's exp
        return true;
      } catch {
        limits.release(ctx);
        return false; // closes the socket with 4403 Forbidden: a bad token never gets a subscription
      }
    },
    onClose: (ctx: WsContext) => limits.release(ctx),
    onError: (_ctx: unknown, _id: string, _payload: unknown, errors: readonly GraphQLError[]) => errors.map((e) => formattedAsError(e, true)),
    onNext: (_ctx: unknown, _id: string, _payload: unknown, _args: unknown, result: { errors?: readonly GraphQLError[] }) =>
      result.errors ? { ...result, errors: result.errors.map((e) => formattedAsError(e)) } : undefined,
    context: (ctx: { connectionParams?: Record<string, unknown> }) => buildRequestContext(verifier, undefined, authorizationOf(ctx.connectionParams) ?? ''),
  };
}
