import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { Module } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import type { Request } from 'express';
import { unwrapResolverError } from '@apollo/server/errors';
import { DocumentNode, GraphQLError, GraphQLFormattedError, GraphQLSchema, specifiedRules, validate } from 'graphql';
import { QUERY_LIMITS, queryLimitsRule } from './query-limits';
import { DeskError } from '../fact-check/domain/desk-error';
import { TokenVerifier } from '../auth/token-verifier';
import { buildRequestContext } from './request-context';

const CONTEXT_FAILED = /^Context creation failed: /;

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
  if (original instanceof DeskError) {
    return { message: original.message, path: formatted.path, locations: formatted.locations, extensions: { ...original.details, code: original.code } };
  }
  const { stacktrace: _stacktrace, ...extensions } = formatted.extensions ?? {};
  // Apollo labels every validation error GRAPHQL_VALIDATION_FAILED; our query limits keep their own code.
  const cause = (error as { originalError?: unknown } | undefined)?.originalError;
  if (cause instanceof GraphQLError && cause.extensions?.code === 'QUERY_TOO_COMPLEX') extensions.code = 'QUERY_TOO_COMPLEX';
  return { ...formatted, message: formatted.message.replace(CONTEXT_FAILED, ''), extensions };
}

/** GraphQL plumbing: Apollo, code-first schema (printed to schema.gql by `npm run schema:generate`), identity. */
@Module({
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
            context: (ctx: { connectionParams?: Record<string, unknown> }) =>
              buildRequestContext(verifier, undefined, authorizationOf(ctx.connectionParams) ?? ''),
          },
        },
      }),
    }),
  ],
})
export class GraphqlApiModule {}
