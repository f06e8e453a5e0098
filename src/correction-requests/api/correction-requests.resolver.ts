import { Args, Context, ID, Info, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo, SelectionSetNode } from 'graphql';
import { Claim } from '../../claims/api/claim.types';
import type { ExistingClaim } from '../../claims/domain/claim';
import { visibleTo } from '../../claims/api/claim-view';
import { ClaimsReadModel } from '../../claims/read-model/claims.read-model';
import { toConnection } from '../../graphql/connection';
import { PageArgs } from '../../graphql/page-args';
import type { RequestContext } from '../../graphql/request-context';
import { requireActor } from '../../graphql/require-actor';
import type { Actor } from '../../shared/actor';
import { ID_MAX_LENGTH } from '../../shared/input-rules';
import { InvalidArgument, Refusal } from '../../shared/refusal';
import { SAFE_ID } from '../../shared/text';
import { Caller, CorrectionRequestsService, RequestOutcome } from '../application/correction-requests.service';
import type { CorrectionRequest } from '../domain/correction-request';
import { CorrectionRequestsReadModel, CorrectionRequestSummary } from '../read-model/correction-requests.read-model';
import { CorrectionRequestLimiter } from './correction-request-limiter';
import {
  AcceptCorrectionRequestInput,
  CorrectionRequestConnection,
  CorrectionRequestContact,
  CorrectionRequestFilterInput,
  CorrectionRequestIdInput,
  CorrectionRequestNode,
  CorrectionRequestResult,
  CorrectionRequestSummaryType,
  DeclineCorrectionRequestInput,
  RequestCorrectionInput,
} from './correction-request.types';

const caller = (ctx: RequestContext): Caller => ({ actor: ctx.actor, correlationId: ctx.correlationId });

/** Editors and admins: who may read a request (what a reader wrote may hold personal details). */
const isEditor = (actor: Actor | null) => !!actor && actor.roles.some((role) => role === 'editor' || role === 'admin');

/** How many times the operation asks for this field at its top level (aliases and fragments included). */
function timesAsked(info: GraphQLResolveInfo, selections: SelectionSetNode = info.operation.selectionSet, seen = new Set<string>()): number {
  let count = 0;
  for (const selection of selections.selections) {
    if (selection.kind === 'Field') count += selection.name.value === info.fieldName ? 1 : 0;
    else if (selection.kind === 'InlineFragment') count += timesAsked(info, selection.selectionSet, seen);
    else if (!seen.has(selection.name.value) && info.fragments[selection.name.value]) {
      seen.add(selection.name.value);
      count += timesAsked(info, info.fragments[selection.name.value].selectionSet, seen);
    }
  }
  return count;
}

/** Reading requests is the editors' (what a reader wrote may hold personal details). */
function requireEditor(ctx: RequestContext): Actor {
  const actor = requireActor(ctx);
  if (!isEditor(actor)) throw new Refusal('FORBIDDEN', 'Correction requests are read by editors only');
  return actor;
}

/** Readers ask for corrections (no token); editors list, read and handle the requests. */
@Resolver(() => CorrectionRequestNode)
export class CorrectionRequestsResolver {
  constructor(
    private readonly service: CorrectionRequestsService,
    private readonly requests: CorrectionRequestsReadModel,
    private readonly limiter: CorrectionRequestLimiter,
    private readonly claims: ClaimsReadModel,
  ) {}

  /**
   * Where the act landed, with the fact-check and the request as the read models now hold them.
   * The claim with the caller's own visibility (a reader without a token sees what claim(id) shows
   * them); the request for editors only, so the payload reveals nothing its queries would not.
   */
  private result(outcome: RequestOutcome, ctx: RequestContext): CorrectionRequestResult {
    const claim = this.claims.get(outcome.claimId, visibleTo(ctx.actor)) as Claim | null;
    const request = isEditor(ctx.actor) ? (this.requests.get(outcome.requestId) as CorrectionRequestNode | null) : null;
    return { ...outcome, claim, request };
  }

  @Mutation(() => CorrectionRequestResult, {
    description: 'Ask for a correction of a published fact-check. No token needed; a few per client address per hour (RATE_LIMITED beyond). The contact, if given, is kept privately and never published.',
  })
  async requestCorrection(@Args('input', { description: 'What to do: see the input type for each field.' }) input: RequestCorrectionInput, @Context() ctx: RequestContext, @Info() info: GraphQLResolveInfo): Promise<CorrectionRequestResult> {
    // Several in one operation would be filed one by one until the budget runs out, and the refusal of
    // the last would then blank the answers of those filed: all or nothing, by refusing the operation.
    if (timesAsked(info) > 1) {
      throw new InvalidArgument('Send one requestCorrection per operation (this one asks for several): nothing was filed');
    }
    this.limiter.charge(ctx.clientAddress);
    return this.result(await this.service.request(input, caller(ctx)), ctx);
  }

  @Mutation(() => CorrectionRequestResult, { description: 'Tell the reader the desk is looking into it (editors).' })
  async acknowledgeCorrectionRequest(@Args('input', { description: 'What to do: see the input type for each field.' }) input: CorrectionRequestIdInput, @Context() ctx: RequestContext): Promise<CorrectionRequestResult> {
    requireActor(ctx); // anonymous: UNAUTHENTICATED, as everywhere; the domain refuses other roles
    return this.result(await this.service.acknowledge(input.requestId, caller(ctx)), ctx);
  }

  @Mutation(() => CorrectionRequestResult, { description: 'Decline a request, with a reason shown to the public (editors).' })
  async declineCorrectionRequest(@Args('input', { description: 'What to do: see the input type for each field.' }) input: DeclineCorrectionRequestInput, @Context() ctx: RequestContext): Promise<CorrectionRequestResult> {
    requireActor(ctx); // anonymous: UNAUTHENTICATED, as everywhere; the domain refuses other roles
    return this.result(await this.service.decline(input.requestId, input.publicReason, caller(ctx)), ctx);
  }

  @Mutation(() => CorrectionRequestResult, { description: 'Accept a request: name the correction (correctFactCheck, published after the request) that answers it (editors).' })
  async acceptCorrectionRequest(@Args('input', { description: 'What to do: see the input type for each field.' }) input: AcceptCorrectionRequestInput, @Context() ctx: RequestContext): Promise<CorrectionRequestResult> {
    requireActor(ctx); // anonymous: UNAUTHENTICATED, as everywhere; the domain refuses other roles
    return this.result(await this.service.accept(input.requestId, input.correctionNumber, caller(ctx)), ctx);
  }

  @Query(() => CorrectionRequestConnection, { description: 'Readers\' correction requests, newest first (editors); at most 100 a page.' })
  correctionRequests(
    @Args('filter', { type: () => CorrectionRequestFilterInput, nullable: true, description: 'Narrows the list; absent: every request.' }) filter: CorrectionRequestFilterInput | undefined,
    @Args() { first, after }: PageArgs,
    @Context() ctx: RequestContext,
  ): CorrectionRequestConnection {
    requireEditor(ctx);
    const page = this.requests.list(filter ?? {}, { first, after });
    return { ...toConnection({ nodes: page.requests as CorrectionRequestNode[], cursors: page.cursors, hasNextPage: page.hasNextPage }, after), totalCount: page.totalCount };
  }

  @Query(() => CorrectionRequestNode, { nullable: true, description: 'One correction request (editors); null when there is none.' })
  correctionRequest(@Args('id', { type: () => ID, description: 'The correction request\'s id (as requestCorrection returned it).' }) id: string, @Context() ctx: RequestContext): CorrectionRequest | null {
    requireEditor(ctx);
    if (id.length > ID_MAX_LENGTH || !SAFE_ID.test(id)) throw new InvalidArgument(`id may contain letters, digits, "-" and "_" only, at most ${ID_MAX_LENGTH} characters`, { field: 'id' });
    return this.requests.get(id);
  }

  @ResolveField('id', () => ID, { description: 'The same as requestId: its global id (node(id:) finds it, for editors and admins).' })
  id(@Parent() request: CorrectionRequest): string {
    return request.requestId;
  }

  @ResolveField('contact', () => CorrectionRequestContact, {
    nullable: true,
    description: 'The contact the reader left (editors only); null when none was left or it has been purged after the retention period.',
  })
  contact(@Parent() request: CorrectionRequest, @Context() ctx: RequestContext): CorrectionRequestContact | null {
    requireEditor(ctx);
    return request.hasContact ? this.service.contactOf(request.requestId) : null;
  }
}

/** `Claim.correctionRequests`: the public summary on the fact-check (for anyone who may read the claim). */
@Resolver(() => Claim)
export class ClaimCorrectionRequestsResolver {
  constructor(private readonly requests: CorrectionRequestsReadModel) {}

  @ResolveField('correctionRequests', () => CorrectionRequestSummaryType, {
    description: 'How readers\' correction requests on this fact-check were handled: counts and public reasons, no personal data.',
  })
  correctionRequests(@Parent() claim: ExistingClaim): CorrectionRequestSummary {
    return this.requests.summaryFor(claim.id);
  }
}
