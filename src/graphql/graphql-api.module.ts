import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import type { Request } from 'express';
import { TokenVerifier } from '../auth/token-verifier';
import { graphqlRateLimitPlugin } from '../rate-limit/graphql-rate-limit.plugin';
import { RateLimiter } from '../rate-limit/rate-limiter';
import { WsLimits } from '../rate-limit/ws-limits';
import { formatError } from './error-format';
import { queryLimitsRule } from './query-limits';
import { RefusalFilter } from './refusal.filter';
import { buildRequestContext } from './request-context';
import { graphqlWsOptions } from './websocket';

/** GraphQL plumbing: Apollo, code-first schema (printed to schema.gql by `npm run schema:generate`), identity. */
@Module({
  providers: [{ provide: APP_FILTER, useClass: RefusalFilter }],
  imports: [
    GraphQLModule.forRootAsync<ApolloDriverConfig>({
      driver: ApolloDriver,
      inject: [TokenVerifier, RateLimiter],
      useFactory: (verifier: TokenVerifier, limiter: RateLimiter) => ({
        autoSchemaFile: true,
        sortSchema: true,
        introspection: true,
        playground: false,
        context: ({ req }: { req: Request }) => buildRequestContext(verifier, req),
        formatError,
        validationRules: [queryLimitsRule()],
        plugins: [graphqlRateLimitPlugin(limiter)],
        subscriptions: { 'graphql-ws': graphqlWsOptions(verifier, new WsLimits(limiter)) },
      }),
    }),
  ],
})
export class GraphqlApiModule {}
