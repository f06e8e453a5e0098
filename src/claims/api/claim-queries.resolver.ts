import { Inject } from '@nestjs/common';
import { Args, Context, ID, Parent, Query, ResolveField, Resolver, Subscription } from '@nestjs/graphql';
import { ID_MAX_LENGTH } from '../../shared/input-rules';
import { InvalidArgument } from '../../shared/refusal';
import { SAFE_ID } from '../../shared/text';
import { requireMember } from '../../graphql/require-actor';
import { toConnection } from '../../graphql/connection';
import { PageArgs } from '../../graphql/page-args';
import { ExistingClaim, ClaimStatus } from '../domain/claim';
import { Citation, Claim, ClaimOriginEnum, ExternalFactCheck, Publication, RatingOption, Verdict } from './claim.types';
import { citationsFor, publicationView, verdictView, visibleTo } from './claim-view';
import { DESK_POLICY } from '../application/desk-policy';
import type { DeskPolicy } from '../domain/commands';
import type { RequestContext } from '../../graphql/request-context';
import { ClaimChangePayload, ClaimLiveUpdates } from '../read-model/claim-live-updates';
import { ClaimChange, ClaimConnection, ClaimSummary, ClaimFilterInput, ClaimSortEnum, DeskCounts, DeskFeedFilterInput } from './claim-list.types';
import { ClaimOrigin, ClaimSort, ClaimsReadModel } from '../read-model/claims.read-model';

/** Claim ids are the service's own (letters, digits, "-", "_"): anything else names no claim, and is refused before any look-up. */
function checkId(id: string): void {
  if (id.length > ID_MAX_LENGTH || !SAFE_ID.test(id)) {
    throw new InvalidArgument(`id may contain letters, digits, "-" and "_" only, at most ${ID_MAX_LENGTH} characters`, { field: 'id' });
  }
}

/** The desk's read side: lists, counts, the reviewer's queue and live updates, all from the read models. */
@Resolver(() => Claim)
export class ClaimQueriesResolver {
  constructor(
    private readonly claims: ClaimsReadModel,
    private readonly live: ClaimLiveUpdates,
    @Inject(DESK_POLICY) private readonly policy: DeskPolicy,
  ) {}

  @Query(() => [RatingOption], { description: 'The desk\'s rating scale.' })
  ratingScale(): RatingOption[] {
    return this.policy.scale.ratings;
  }

  @Query(() => Claim, { nullable: true, description: 'A claim with its citations, verdicts, assignees and published fact-check; null when there is none (or it is not public and you have no token).' })
  claim(@Args('id', { type: () => ID, description: 'The claim\'s id.' }) id: string, @Context() ctx: RequestContext): ExistingClaim | null {
    checkId(id);
    return this.claims.get(id, visibleTo(ctx.actor));
  }

  @Query(() => ClaimConnection, { name: 'claims', description: 'Claims, newest first unless sorted otherwise, filtered and paginated (Relay cursors; at most 100 a page).' })
  listClaims(
    @Args('filter', { type: () => ClaimFilterInput, nullable: true, description: 'Narrows the list; absent: every claim you may see.' }) filter: ClaimFilterInput,
    @Args() { first, after }: PageArgs,
    @Args('sort', { type: () => ClaimSortEnum, nullable: true, description: 'The order of the list; absent: NEWEST, or RELEVANCE with a search.' }) sort: ClaimSort | undefined,
    @Context() ctx: RequestContext,
  ): ClaimConnection {
    return this.page({ ...(filter ?? {}) }, first, after, sort, visibleTo(ctx.actor));
  }

  @Query(() => DeskCounts, { description: 'How many claims are in each status, for the desk\'s dashboard.' })
  deskCounts(@Context() ctx: RequestContext): DeskCounts {
    const c = this.claims.countsByStatus(visibleTo(ctx.actor));
    return { draft: c.DRAFT, inReview: c.IN_REVIEW, published: c.PUBLISHED, rejected: c.REJECTED, retracted: c.RETRACTED, total: Object.values(c).reduce((a, b) => a + b, 0) };
  }

  @Query(() => ClaimConnection, { description: 'Claims assigned to you that await your verdict, oldest first.' })
  myQueue(@Args() { first, after }: PageArgs, @Context() ctx: RequestContext): ClaimConnection {
    const actor = requireMember(ctx);
    return this.page({ awaitingVerdictFrom: actor.id }, first, after, 'OLDEST', undefined);
  }

  @Subscription(() => ClaimSummary, {
    description: "The claim's summary now, then again after every change (once the read models include it); query claim(id) for the rest.",
    resolve: (claim: ClaimSummary) => claim,
  })
  claimUpdated(@Args('id', { type: () => ID, description: 'The claim\'s id.' }) id: string, @Context() ctx: RequestContext) {
    checkId(id);
    return this.live.claimUpdates(id, visibleTo(ctx.actor));
  }

  @Subscription(() => ClaimChange, {
    description:
      'Every change at the desk, optionally only for some statuses or one assignee. With `after` (a change\'s `cursor`), first every change since that cursor, in order, then on live with no gap or repeat.',
    resolve: (change: ClaimChangePayload) => change,
  })
  deskChanges(
    @Args('filter', { type: () => DeskFeedFilterInput, nullable: true, description: 'Only the changes that match; absent: every change.' }) filter: DeskFeedFilterInput,
    @Args('after', {
      type: () => String,
      nullable: true,
      description:
        'Resume after this change (its `cursor`): its successors are replayed from the event log first (at most DESK_CHANGES_REPLAY_MAX_EVENTS events back). Null or absent: from now on.',
    })
    after: string | null | undefined,
    @Context() ctx: RequestContext,
  ) {
    requireMember(ctx);
    return this.live.deskFeed(filter ?? {}, after);
  }

  @ResolveField('verdicts', () => [Verdict])
  verdicts(@Parent() claim: ExistingClaim): Verdict[] {
    return claim.verdicts.map((v) => verdictView(claim, v));
  }

  @ResolveField('citations', () => [Citation])
  citations(@Parent() claim: ExistingClaim, @Context() ctx: RequestContext): ExistingClaim['citations'] {
    return citationsFor(claim, visibleTo(ctx.actor) === undefined);
  }

  @ResolveField('origin', () => ClaimOriginEnum, { description: "Whose fact-check this is: the desk's own (DESK) or another fact-checker's, imported read-only (EXTERNAL; see external)." })
  origin(@Parent() claim: ExistingClaim): ClaimOrigin {
    return claim.origin ?? 'DESK';
  }

  @ResolveField('external', () => ExternalFactCheck, { nullable: true })
  external(@Parent() claim: ExistingClaim): ExternalFactCheck | null {
    const review = claim.external;
    return review ? { publisher: review.publisher, authors: review.authors ?? [review.publisher], url: review.url, datePublished: review.datePublished, rating: review.rating, reviewBody: review.reviewBody } : null;
  }

  @ResolveField('publication', () => Publication, { nullable: true })
  publication(@Parent() claim: ExistingClaim): Publication | null {
    return publicationView(claim, this.policy.scale);
  }

  private page(filter: ClaimFilterInput, first: number | undefined, after: string | undefined, sort: ClaimSort | undefined, visible: ClaimStatus[] | undefined): ClaimConnection {
    const result = this.claims.list(filter, { first, after, sort, visibleStatuses: visible });
    return { ...toConnection({ nodes: result.claims as unknown as Claim[], cursors: result.cursors, hasNextPage: result.hasNextPage }, after), totalCount: result.totalCount };
  }
}
