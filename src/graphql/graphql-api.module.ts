import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import type { Request } from 'express';
import { TokenVerifier } from '../auth/token-verifier';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { graphqlRateLimitPlugin } from '../rate-limit/graphql-rate-limit.plugin';
import { RateLimiter } from '../rate-limit/rate-limiter';
import { WsLimits } from '../rate-limit/ws-limits';
import { formatError } from './error-format';
import { parseOptions, queryLimitsRule, queryTooLong } from './query-limits';
import { RefusalFilter } from './refusal.filter';
import { buildRequestContext } from './request-context';
import { graphqlWsOptions } from './websocket';

/**
 * The size limit over HTTP, checked before Apollo parses anything: in the context factory, whose
 * refusals Apollo answers with their own status (graphql-ws checks it in onSubscribe).
 */
function refuseTooLong(req: Request): void {
  const body = req.body as { query?: unknown } | undefined;
  const tooLong = queryTooLong(body?.query) ?? queryTooLong(req.query?.query);
  if (tooLong) throw tooLong;
}

/** GraphQL plumbing: Apollo, code-first schema (printed to schema.gql by `npm run schema:generate`), identity. */
@Module({
  providers: [{ provide: APP_FILTER, useClass: RefusalFilter }],
  imports: [
    GraphQLModule.forRootAsync<ApolloDriverConfig>({
      driver: ApolloDriver,
      inject: [TokenVerifier, APP_CONFIG, RateLimiter],
      useFactory: (verifier: TokenVerifier, config: AppConfig, limiter: RateLimiter) => ({
        autoSchemaFile: true,
        sortSchema: true,
        introspection: config.introspection,
        playground: false,
        context: async ({ req }: { req: Request }) => {
          refuseTooLong(req);
          return buildRequestContext(verifier, req);
        },
        formatError,
        validationRules: [queryLimitsRule()],
        parseOptions: parseOptions(),
        plugins: [graphqlRateLimitPlugin(limiter)],
        subscriptions: { 'graphql-ws': graphqlWsOptions(verifier, new WsLimits(limiter)) },
      }),
    }),
  ],
})
export class GraphqlApiModule {}
