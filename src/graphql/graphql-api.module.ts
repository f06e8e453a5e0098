import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { RefusalFilter } from './refusal.filter';
import { GraphQLModule } from '@nestjs/graphql';
import type { Request } from 'express';
import { unwrapResolverError } from '@apollo/server/errors';
import { DocumentNode, GraphQLError, GraphQLFormattedError, GraphQLSchema, specifiedRules, validate } from 'graphql';
import { QUERY_LIMITS, queryLimitsRule } from './query-limits';
import { Refusal } from '../shared/refusal';
import { TokenVerifier } from '../auth/token-verifier';
import { buildRequestContext } from './request-context';

const CONTEXT_FAILED = /^Context creation failed: /;

/** Refusal codes of the inner layers that clients know under a GraphQL-wide name. */
const API_CODES: Record<string, string> = { INCOMPLETE_DETAILS: 'BAD_USER_INPUT' };

/** formatError's answer as a GraphQLError, which is what graphql-ws hooks hand back. */
function formattedAsError(error: GraphQLError): GraphQLError {
  const formatted = formatError(error.toJSON(), error);
  return new GraphQLError(formatted.message, { path: formatted.path, extensions: formatted.extensions });
}

function authorizationOf(params: Record<string, unknown> | undefined): string | undefined {
  const value = params?.authorization ?? params?.Authorization;
  return typeof value === 'string' ? value : undefined;
}

/**
 * Every error a client sees carries a stable `extensions.code`. The desk's refusals keep their
 * own code and details; stack traces never leave the server.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  if (original instanceof Refusal) {
    const code = API_CODES[original.code] ?? original.code;
    return { message: original.message, path: formatted.path, locations: formatted.locations, extensions: { ...original.details, code } };
  }
  const { stacktrace: _stacktrace, ...extensions } = formatted.extensions ?? {};
  // Apollo labels every validation error GRAPHQL_VALIDATION_FAILED; our query limits keep their own code.
  const cause = (error as { originalError?: unknown } | undefined)?.originalError;
  if (cause instanceof GraphQLError && cause.extensions?.code === 'QUERY_TOO_COMPLEX') extensions.code = 'QUERY_TOO_COMPLEX';
  return { ...formatted, message: formatted.message.replace(CONTEXT_FAILED, ''), extensions };
}

/** GraphQL plumbing: Apollo, code-first schema (printed to schema.gql by `npm run schema:generate`), identity. */
@Module({
  providers: [{ provide: APP_FILTER, useClass: RefusalFilter }],
  imports: [
    GraphQLModule.forRootAsync<ApolloDriverConfig>({
      driver: ApolloDriver,
      inject: [TokenVerifier],
      useFactory: (verifier: TokenVerifier) => ({
        autoSchemaFile: true,
        sortSchema: true,
        introspection: true,
        playground: false,
        context: ({ req }: { req: Request }) => buildRequestContext(verifier, req),
        formatError,
        validationRules: [queryLimitsRule()],
        subscriptions: {
          // graphql-ws: the token travels in the connection's init payload ({ authorization: "Bearer ..." }).
          'graphql-ws': {
            // The same limits as over HTTP, where the body parser already caps the size.
            validate: (schema: GraphQLSchema, document: DocumentNode) => validate(schema, document, [...specifiedRules, queryLimitsRule()]),
            onSubscribe: (_ctx: unknown, _id: string, payload: { query?: string }) =>
              typeof payload.query === 'string' && payload.query.length > QUERY_LIMITS.maxQueryLength
                ? [new GraphQLError(`The query is longer than ${QUERY_LIMITS.maxQueryLength} characters`, { extensions: { code: 'QUERY_TOO_COMPLEX' } })]
                : undefined,
            onConnect: async (ctx: { connectionParams?: Record<string, unknown> }) => {
              try {
                await verifier.authenticate(authorizationOf(ctx.connectionParams));
                return true;
              } catch {
                return false; // closes the socket with 4403 Forbidden: a bad token never gets a subscription
              }
            },
            // Errors over WebSocket get the same shape and codes as over HTTP.
            onError: (_ctx: unknown, _id: string, _payload: unknown, errors: readonly GraphQLError[]) => errors.map((e) => formattedAsError(e)),
            onNext: (_ctx: unknown, _id: string, _payload: unknown, _args: unknown, result: { errors?: readonly GraphQLError[] }) =>
              result.errors ? { ...result, errors: result.errors.map((e) => formattedAsError(e)) } : undefined,
            context: (ctx: { connectionParams?: Record<string, unknown> }) =>
              buildRequestContext(verifier, undefined, authorizationOf(ctx.connectionParams) ?? ''),
          },
        },
      }),
    }),
  ],
})
export class GraphqlApiModule {}
