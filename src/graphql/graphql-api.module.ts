import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { Module } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import type { Request } from 'express';
import { GraphQLFormattedError } from 'graphql';
import { TokenVerifier } from '../auth/token-verifier';
import { buildRequestContext } from './request-context';

const CONTEXT_FAILED = /^Context creation failed: /;

/** Apollo wraps errors thrown while building the context; the reader only needs the reason. */
export function formatError(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const { stacktrace: _stacktrace, ...extensions } = formatted.extensions ?? {};
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
      }),
    }),
  ],
})
export class GraphqlApiModule {}
