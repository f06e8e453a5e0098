import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { Inject, Injectable, Module, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { APP_FILTER, HttpAdapterHost } from '@nestjs/core';
import { GraphQLModule, GraphQLSchemaHost } from '@nestjs/graphql';
import type { Request } from 'express';
import type { IncomingMessage, Server } from 'node:http';
import { TokenVerifier } from '../auth/token-verifier';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { graphqlRateLimitPlugin } from '../rate-limit/graphql-rate-limit.plugin';
import { RateLimiter } from '../rate-limit/rate-limiter';
import { WsLimits } from '../rate-limit/ws-limits';
import { formatError } from './error-format';
import { httpStatusPlugin } from './http-status';
import { MAX_ACTIVITY_PAGE } from '../audit/activity/activity.read-model';
import { MAX_HISTORY_PAGE } from '../audit/audit-trail.service';
import { LIMITS } from '../claims/domain/limits';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../claims/read-model/claims.read-model';
import { ListBounds, parseOptions, QUERY_LIMITS, QueryLimits, queryLimitsRule, queryTooLong } from './query-limits';
import { noSubscriptionsOverHttp } from './no-subscriptions-over-http';
import { RefusalFilter } from './refusal.filter';
import { describeRootTypes } from './root-descriptions';
import { timeLiteralsRule, withTimeLiterals } from './scalars';
import { buildRequestContext } from './request-context';
import { attachGraphqlWs, graphqlWsOptions } from './websocket';
import { websocketOriginRefusal } from '../http/cors';

/**
 * The size limit over HTTP, checked before Apollo parses anything: in the context factory, whose
 * refusals Apollo answers with their own status (graphql-ws checks it in onSubscribe).
 */
function refuseTooLong(req: Request): void {
  const body = req.body as { query?: unknown } | undefined;
  const tooLong = queryTooLong(body?.query) ?? queryTooLong(req.query?.query);
  if (tooLong) throw tooLong;
}

/** The query limits with the configured QUERY_MAX_NODES. */
export function queryLimitsOf(config: AppConfig): QueryLimits {
  return { ...QUERY_LIMITS, maxNodes: config.QUERY_MAX_NODES };
}

/**
 * How long each list of the desk's schema may be, for the estimate of an answer's size: the pages'
 * `first` (default and maximum), the desk's limits on one claim (CLAIM_MAX_*, src/claims/domain/limits.ts);
 * any other list counts 100.
 */
export function deskListBounds(config: AppConfig): ListBounds {
  const citations = config.CLAIM_MAX_CITATIONS;
  const assignees = config.CLAIM_MAX_ASSIGNEES;
  return {
    fallback: 100,
    pages: {
      'Query.claims': { default: DEFAULT_PAGE_SIZE, max: MAX_PAGE_SIZE },
      'Query.myQueue': { default: DEFAULT_PAGE_SIZE, max: MAX_PAGE_SIZE },
      'Query.claimHistory': { default: 50, max: MAX_HISTORY_PAGE },
      'Query.actorActivity': { default: 50, max: MAX_ACTIVITY_PAGE },
    },
    fields: {
      'Claim.appearances': config.CLAIM_MAX_APPEARANCES,
      'Claim.citations': citations,
      'Claim.assignees': assignees,
      'Claim.topics': LIMITS.topics,
      'Claim.corrections': config.CLAIM_MAX_CORRECTIONS,
      'ClaimSummary.assignees': assignees,
      'ClaimSummary.topics': LIMITS.topics,
      'Verdict.citationIds': LIMITS.citationIds,
      // Issue 13: what changed (3 claim fields, 3 per cited citation) and what the reviewer saw (one hash per cited citation).
      'Verdict.staleReasons': 3 + 3 * LIMITS.citationIds,
      'VerdictBasis.citations': LIMITS.citationIds,
      'Correction.addedCitationIds': LIMITS.citationIds,
      'Publication.citationIds': citations,
      'Actor.roles': 10,
      'AuditEvent.actorRoles': 10,
      'AuditEvent.roles': 10,
      'ClaimDiffModel.assigneesAdded': assignees,
      'ClaimDiffModel.assigneesRemoved': assignees,
      'ClaimDiffModel.citationsAdded': citations,
      'ClaimDiffModel.citationsRetracted': citations,
      'ClaimDiffModel.citationsRevised': citations,
      // Internal notes (src/notes): NOTE_MAX_MENTIONS is 20.
      'ClaimNotes.notes': config.CLAIM_MAX_NOTES,
      'InternalNote.mentions': 20,
    },
    // JSON documents count for what they hold: a ClaimReview carries a few dozen values and every
    // correction (found by an outsider: ten aliases of claimReview on a much-corrected claim, 128 MB).
    weights: {
      'Claim.claimReview': 20 + 5 * config.CLAIM_MAX_CORRECTIONS,
      'AuditEvent.data': 20,
    },
  };
}

/**
 * Subscriptions over graphql-ws at /graphql, on the service's HTTP server (made here, not by
 * @nestjs/graphql, so that WebSocket messages are size-limited: see attachGraphqlWs).
 */
@Injectable()
export class GraphqlWsEndpoint implements OnApplicationBootstrap, OnModuleDestroy {
  private endpoint?: { dispose(): Promise<void> };

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly schemaHost: GraphQLSchemaHost,
    private readonly verifier: TokenVerifier,
    private readonly limiter: RateLimiter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    const adapter = this.adapterHost.httpAdapter;
    if (!adapter) return; // an application context without HTTP (scripts)
    const express = adapter.getInstance() as { request: object };
    const refuseOrigin = websocketOriginRefusal(this.config.corsOrigins);
    // Express's own req.* on the upgrade request: the socket's address and scheme, or X-Forwarded-* as TRUST_PROXY allows.
    const expressRequest = (req: IncomingMessage) =>
      Object.create(express.request, { headers: { value: req.headers }, socket: { value: req.socket }, connection: { value: req.socket } }) as { ip?: string; protocol?: string };
    const options = graphqlWsOptions(this.verifier, new WsLimits(this.limiter), withTimeLiterals(queryLimitsRule(queryLimitsOf(this.config), deskListBounds(this.config))));
    this.endpoint = attachGraphqlWs(adapter.getHttpServer() as Server, this.schemaHost.schema, options, {
      maxSocketsPerAddress: this.config.WS_MAX_CONNECTIONS_PER_ADDRESS,
      clientAddress: (req: IncomingMessage) => expressRequest(req).ip,
      // A browser's upgrade from a page CORS_ORIGINS does not allow is refused (403); the service's own pages (the IDE)
      // and clients that send no Origin are not.
      originRefusal: (req: IncomingMessage) => {
        const host = req.headers.host;
        return refuseOrigin(req.headers.origin, host ? `${expressRequest(req).protocol ?? 'http'}://${host}` : undefined);
      },
    });
  }

  async onModuleDestroy(): Promise<void> {
    await this.endpoint?.dispose();
    this.endpoint = undefined;
  }
}

/** GraphQL plumbing: Apollo, code-first schema (printed to schema.gql by `npm run schema:generate`), identity. */
@Module({
  providers: [{ provide: APP_FILTER, useClass: RefusalFilter }, GraphqlWsEndpoint],
  imports: [
    GraphQLModule.forRootAsync<ApolloDriverConfig>({
      driver: ApolloDriver,
      inject: [TokenVerifier, APP_CONFIG, RateLimiter],
      useFactory: (verifier: TokenVerifier, config: AppConfig, limiter: RateLimiter) => ({
        autoSchemaFile: true,
        sortSchema: true,
        transformSchema: describeRootTypes,
        introspection: config.introspection,
        playground: false,
        context: async ({ req }: { req: Request }) => {
          refuseTooLong(req);
          return buildRequestContext(verifier, req);
        },
        formatError,
        validationRules: [queryLimitsRule(queryLimitsOf(config), deskListBounds(config)), noSubscriptionsOverHttp, timeLiteralsRule],
        parseOptions: parseOptions(),
        plugins: [graphqlRateLimitPlugin(limiter), httpStatusPlugin()],
        // No `subscriptions` here: GraphqlWsEndpoint serves graphql-ws, with a message size limit.
      }),
    }),
  ],
})
export class GraphqlApiModule {}
