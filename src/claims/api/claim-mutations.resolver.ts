import { Inject } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Args, Context, Mutation, Query, Resolver } from '@nestjs/graphql';
import { randomUUID } from 'node:crypto';
import type { Actor } from '../../shared/actor';
import { requireActor } from '../../graphql/require-actor';
import { deterministicUuid } from '../../shared/deterministic-id';
import type { RequestContext } from '../../graphql/request-context';
import { CommandOutcome, ExecuteClaimCommand } from '../application/claim-commands.service';
import { ClaimCommand, DeskPolicy } from '../domain/commands';
import { Refusal } from '../../shared/refusal';
import { CommandRefusal } from '../application/command-refusal';
import { DESK_POLICY } from '../application/desk-policy';
import { MetricsService } from '../../observability/metrics.service';
import { ReadModelTimeout } from '../../projections/projection-runner';
import { ReadModelsService } from '../../projections/read-models.service';
import {
  AddCitationInput,
  AssignReviewersInput,
  ClaimReasonInput,
  CorrectFactCheckInput,
  PublishFactCheckInput,
  RecordVerdictInput,
  RetractCitationInput,
  RetractFactCheckInput,
  ReviseCitationInput,
  ReviseClaimDetailsInput,
  ReviseVerdictInput,
  SubmitClaimInput,
  UnassignReviewerInput,
  WithdrawVerdictInput,
} from './claim.inputs';
import { Claim, MutationResult, RatingOption } from './claim.types';

type Guarded = { expectedRevision?: number; mutationId?: string };

/** Drops undefined fields (GraphQL leaves absent optionals out; a revision changes only what is given). */
function defined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * The desk's GraphQL mutations and the `claim` query. Thin on purpose: shape the input into a
 * domain command, send it through the CommandBus, return where it landed. Rules live in `decide`.
 */
@Resolver(() => Claim)
export class ClaimMutationsResolver {
  constructor(
    private readonly commands: CommandBus,
    private readonly readModels: ReadModelsService,
    private readonly metrics: MetricsService,
    @Inject(DESK_POLICY) private readonly policy: DeskPolicy,
  ) {}

  @Query(() => [RatingOption], { description: 'The desk\'s rating scale.' })
  ratingScale(): RatingOption[] {
    return this.policy.scale.ratings;
  }

  @Mutation(() => MutationResult, { description: 'Bring a claim to the desk. Anyone with a role may.' })
  submitClaim(@Args('input') input: SubmitClaimInput, @Context() ctx: RequestContext) {
    const actor = requireActor(ctx);
    const claimId = this.newId(actor, input, 'claim');
    const { expectedRevision: _e, mutationId: _m, ...details } = input;
    return this.run({ type: 'SubmitClaim', claimId, ...details, claimant: { ...details.claimant }, appearances: details.appearances.map((a) => ({ ...a })) }, ctx, input);
  }

  @Mutation(() => MutationResult, { description: 'Revise a claim\'s details, with a reason. Earlier versions stay in its history.' })
  reviseClaimDetails(@Args('input') input: ReviseClaimDetailsInput, @Context() ctx: RequestContext) {
    const { claimId, reason, expectedRevision: _e, mutationId: _m, ...changes } = input;
    const plain = defined({
      ...changes,
      claimant: changes.claimant && { ...changes.claimant },
      appearances: changes.appearances?.map((a) => ({ ...a })),
    });
    return this.run({ type: 'ReviseClaimDetails', claimId, reason, changes: plain }, ctx, input);
  }

  @Mutation(() => MutationResult, { description: 'Assign reviewers (editors). Opens the review of a draft.' })
  assignReviewers(@Args('input') input: AssignReviewersInput, @Context() ctx: RequestContext) {
    const reviewers = input.reviewers.map((r) => ({ id: r.id, name: r.name?.trim() || r.id }));
    return this.run({ type: 'AssignReviewers', claimId: input.claimId, reviewers }, ctx, input);
  }

  @Mutation(() => MutationResult)
  unassignReviewer(@Args('input') input: UnassignReviewerInput, @Context() ctx: RequestContext) {
    return this.run({ type: 'UnassignReviewer', claimId: input.claimId, reviewerId: input.reviewerId, reason: input.reason }, ctx, input);
  }

  @Mutation(() => MutationResult, { description: 'Add a source citation to a claim.' })
  async addCitation(@Args('input') input: AddCitationInput, @Context() ctx: RequestContext) {
    const citationId = this.newId(requireActor(ctx), input, 'citation');
    const { claimId, url, title, publisher, excerpt, stance } = input;
    const result = await this.run(
      { type: 'AddCitation', claimId, citationId, url, title, publisher, excerpt, stance, publishedAt: input.publishedAt ?? null, note: input.note ?? null, archivedUrl: input.archivedUrl ?? null },
      ctx,
      input,
    );
    return { ...result, citationId };
  }

  @Mutation(() => MutationResult, { description: 'Revise a citation, with a reason (its author or an editor).' })
  reviseCitation(@Args('input') input: ReviseCitationInput, @Context() ctx: RequestContext) {
    const { claimId, citationId, reason, expectedRevision: _e, mutationId: _m, ...changes } = input;
    return this.run({ type: 'ReviseCitation', claimId, citationId, reason, changes: defined(changes) }, ctx, input);
  }

  @Mutation(() => MutationResult, { description: 'Retract a citation, with a reason. It stays on record, marked retracted.' })
  retractCitation(@Args('input') input: RetractCitationInput, @Context() ctx: RequestContext) {
    return this.run({ type: 'RetractCitation', claimId: input.claimId, citationId: input.citationId, reason: input.reason }, ctx, input);
  }

  @Mutation(() => MutationResult, { description: 'Record your verdict (assigned reviewers).' })
  async recordVerdict(@Args('input') input: RecordVerdictInput, @Context() ctx: RequestContext) {
    const verdictId = this.newId(requireActor(ctx), input, 'verdict');
    const { claimId, rating, rationale, citationIds } = input;
    const result = await this.run({ type: 'RecordVerdict', claimId, verdictId, rating, rationale, citationIds: [...citationIds] }, ctx, input);
    return { ...result, verdictId };
  }

  @Mutation(() => MutationResult, { description: 'Revise your own verdict, with a reason.' })
  reviseVerdict(@Args('input') input: ReviseVerdictInput, @Context() ctx: RequestContext) {
    const { claimId, verdictId, reason, rating, rationale, citationIds } = input;
    return this.run({ type: 'ReviseVerdict', claimId, verdictId, reason, rating, rationale, citationIds: citationIds && [...citationIds] }, ctx, input);
  }

  @Mutation(() => MutationResult, { description: 'Withdraw your own verdict, with a reason.' })
  withdrawVerdict(@Args('input') input: WithdrawVerdictInput, @Context() ctx: RequestContext) {
    return this.run({ type: 'WithdrawVerdict', claimId: input.claimId, verdictId: input.verdictId, reason: input.reason }, ctx, input);
  }

  @Mutation(() => MutationResult, { description: 'Reject a claim as not check-worthy, with a reason (editors).' })
  rejectClaim(@Args('input') input: ClaimReasonInput, @Context() ctx: RequestContext) {
    return this.run({ type: 'RejectClaim', claimId: input.claimId, reason: input.reason }, ctx, input);
  }

  @Mutation(() => MutationResult, { description: 'Reopen a rejected claim, with a reason (editors).' })
  reopenClaim(@Args('input') input: ClaimReasonInput, @Context() ctx: RequestContext) {
    return this.run({ type: 'ReopenClaim', claimId: input.claimId, reason: input.reason }, ctx, input);
  }

  @Mutation(() => MutationResult, { description: 'Publish the fact-check (editors): needs enough standing verdicts.' })
  publishFactCheck(@Args('input') input: PublishFactCheckInput, @Context() ctx: RequestContext) {
    const { claimId, rating, summary, justification } = input;
    return this.run({ type: 'PublishFactCheck', claimId, rating, summary, justification }, ctx, input);
  }

  @Mutation(() => MutationResult, { description: 'Correct a published fact-check in the open, with a public note (editors).' })
  correctFactCheck(@Args('input') input: CorrectFactCheckInput, @Context() ctx: RequestContext) {
    const { claimId, note, newRating, newSummary, addedCitationIds } = input;
    return this.run({ type: 'CorrectFactCheck', claimId, note, newRating, newSummary, addedCitationIds: addedCitationIds && [...addedCitationIds] }, ctx, input);
  }

  @Mutation(() => MutationResult, { description: 'Retract a published fact-check, with a public note (editors).' })
  retractFactCheck(@Args('input') input: RetractFactCheckInput, @Context() ctx: RequestContext) {
    return this.run({ type: 'RetractFactCheck', claimId: input.claimId, note: input.note }, ctx, input);
  }

  /**
   * Sends the command, then waits until the read models include its events, so the client's next
   * query sees its own change (read-your-writes). If they lag beyond the limit, the answer says the
   * change was saved, instead of hanging.
   */
  private async run(command: ClaimCommand, ctx: RequestContext, guard: Guarded): Promise<CommandOutcome> {
    const actor = requireActor(ctx);
    const timer = this.metrics.commandDuration.startTimer({ command: command.type });
    let outcome: CommandOutcome;
    try {
      outcome = await this.commands.execute(
        new ExecuteClaimCommand(command, actor, { correlationId: ctx.correlationId, mutationId: guard.mutationId, expectedRevision: guard.expectedRevision }),
      );
    } catch (error) {
      timer({ outcome: error instanceof Refusal ? error.code : 'ERROR' });
      throw error;
    }
    try {
      await this.readModels.waitFor(outcome.position);
    } catch (error) {
      timer({ outcome: 'READ_MODEL_LAGGING' });
      if (!(error instanceof ReadModelTimeout)) throw error;
      throw new CommandRefusal(
        'READ_MODEL_LAGGING',
        `Saved as revision ${outcome.revision} of claim ${outcome.claimId}, but the desk's lists have not caught up yet; they will shortly`,
        { claimId: outcome.claimId, revision: outcome.revision, position: outcome.position },
      );
    }
    timer({ outcome: 'OK' });
    return outcome;
  }

  /** New ids derive from the mutation id when there is one, so a retry addresses the same things. */
  private newId(actor: Actor, guard: Guarded, kind: string): string {
    return guard.mutationId ? deterministicUuid(`${kind}:${actor.id}:${guard.mutationId}`) : randomUUID();
  }
}
