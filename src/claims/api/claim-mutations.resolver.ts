import { CommandBus } from '@nestjs/cqrs';
import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import { requireActor } from '../../graphql/require-actor';
import type { RequestContext } from '../../graphql/request-context';
import {
  AddCitationCommand,
  AssignReviewersCommand,
  CommandOutcome,
  CommandRequest,
  ConfirmVerdictCommand,
  CorrectFactCheckCommand,
  PublishFactCheckCommand,
  RecordVerdictCommand,
  RejectClaimCommand,
  ReopenClaimCommand,
  RetractCitationCommand,
  RetractFactCheckCommand,
  ReviseCitationCommand,
  ReviseClaimDetailsCommand,
  ReviseVerdictCommand,
  SubmitClaimCommand,
  UnassignReviewerCommand,
  WithdrawVerdictCommand,
} from '../application/claim-commands';
import {
  AddCitationInput,
  AssignReviewersInput,
  ClaimReasonInput,
  ConfirmVerdictInput,
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
import { Citation, Claim, MutationResult } from './claim.types';
import { citationsFor, verdictView, visibleTo } from './claim-view';
import { ClaimsReadModel } from '../read-model/claims.read-model';

/** What every mutation input carries besides its own fields. */
type Guarded = { expectedRevision?: number; mutationId?: string };

/**
 * The desk's GraphQL mutations. Thin on purpose: each sends its use case's command through the
 * CommandBus with who asked and how, and answers where it landed. Rules live in `decide`; ids,
 * retries and read-your-writes in the command pipeline.
 */
@Resolver(() => Claim)
export class ClaimMutationsResolver {
  constructor(
    private readonly commands: CommandBus,
    private readonly claims: ClaimsReadModel,
  ) {}

  /**
   * Where the mutation landed, with the claim and the part it touched as the read models now hold
   * them (the command path answers only once they include its events), read with the caller's own
   * visibility, as claim(id) would answer them.
   */
  private answer(outcome: CommandOutcome, ctx: RequestContext, part: { citationId?: string; verdictId?: string } = {}): MutationResult {
    const { claimId, revision, position, replayed } = outcome;
    const desk = visibleTo(ctx.actor) === undefined;
    const claim = this.claims.get(claimId, visibleTo(ctx.actor));
    const citation = claim && part.citationId ? (citationsFor(claim, desk).find((c) => c.id === part.citationId) ?? null) : null;
    const found = claim && part.verdictId ? claim.verdicts.find((v) => v.id === part.verdictId) : undefined;
    return { claimId, revision, position, replayed, claim: claim as Claim | null, citation: citation as Citation | null, verdict: claim && found ? verdictView(claim, found) : null };
  }

  @Mutation(() => MutationResult, { description: 'Bring a claim to the desk. Anyone with a role may.' })
  async submitClaim(@Args('input', { description: 'What to do: see the input type for each field.' }) input: SubmitClaimInput, @Context() ctx: RequestContext): Promise<MutationResult> {
    return this.answer(await this.commands.execute(new SubmitClaimCommand(input, request(ctx, input))), ctx);
  }

  @Mutation(() => MutationResult, { description: 'Revise a claim\'s details, with a reason. Earlier versions stay in its history.' })
  async reviseClaimDetails(@Args('input', { description: 'What to do: see the input type for each field.' }) input: ReviseClaimDetailsInput, @Context() ctx: RequestContext): Promise<MutationResult> {
    return this.answer(await this.commands.execute(new ReviseClaimDetailsCommand(input, request(ctx, input))), ctx);
  }

  @Mutation(() => MutationResult, { description: 'Assign reviewers (editors). Opens the review of a draft.' })
  async assignReviewers(@Args('input', { description: 'What to do: see the input type for each field.' }) input: AssignReviewersInput, @Context() ctx: RequestContext): Promise<MutationResult> {
    return this.answer(await this.commands.execute(new AssignReviewersCommand(input, request(ctx, input))), ctx);
  }

  @Mutation(() => MutationResult, { description: 'Take a reviewer off a draft or a claim in review, with a reason (editors).' })
  async unassignReviewer(@Args('input', { description: 'What to do: see the input type for each field.' }) input: UnassignReviewerInput, @Context() ctx: RequestContext): Promise<MutationResult> {
    return this.answer(await this.commands.execute(new UnassignReviewerCommand(input, request(ctx, input))), ctx);
  }

  @Mutation(() => MutationResult, { description: 'Add a source citation to a claim.' })
  async addCitation(@Args('input', { description: 'What to do: see the input type for each field.' }) input: AddCitationInput, @Context() ctx: RequestContext): Promise<MutationResult> {
    const outcome = await this.commands.execute(new AddCitationCommand(input, request(ctx, input)));
    return { ...this.answer(outcome, ctx, { citationId: outcome.createdId }), citationId: outcome.createdId };
  }

  @Mutation(() => MutationResult, { description: 'Revise a citation, with a reason (its author or an editor).' })
  async reviseCitation(@Args('input', { description: 'What to do: see the input type for each field.' }) input: ReviseCitationInput, @Context() ctx: RequestContext): Promise<MutationResult> {
    return this.answer(await this.commands.execute(new ReviseCitationCommand(input, request(ctx, input))), ctx, { citationId: input.citationId });
  }

  @Mutation(() => MutationResult, { description: 'Retract a citation, with a reason. It stays on record, marked retracted.' })
  async retractCitation(@Args('input', { description: 'What to do: see the input type for each field.' }) input: RetractCitationInput, @Context() ctx: RequestContext): Promise<MutationResult> {
    return this.answer(await this.commands.execute(new RetractCitationCommand(input, request(ctx, input))), ctx, { citationId: input.citationId });
  }

  @Mutation(() => MutationResult, { description: 'Record your verdict (assigned reviewers).' })
  async recordVerdict(@Args('input', { description: 'What to do: see the input type for each field.' }) input: RecordVerdictInput, @Context() ctx: RequestContext): Promise<MutationResult> {
    const outcome = await this.commands.execute(new RecordVerdictCommand(input, request(ctx, input)));
    return { ...this.answer(outcome, ctx, { verdictId: outcome.createdId }), verdictId: outcome.createdId };
  }

  @Mutation(() => MutationResult, { description: 'Revise your own verdict, with a reason.' })
  async reviseVerdict(@Args('input', { description: 'What to do: see the input type for each field.' }) input: ReviseVerdictInput, @Context() ctx: RequestContext): Promise<MutationResult> {
    return this.answer(await this.commands.execute(new ReviseVerdictCommand(input, request(ctx, input))), ctx, { verdictId: input.verdictId });
  }

  @Mutation(() => MutationResult, { description: 'Withdraw your own verdict, with a reason.' })
  async withdrawVerdict(@Args('input', { description: 'What to do: see the input type for each field.' }) input: WithdrawVerdictInput, @Context() ctx: RequestContext): Promise<MutationResult> {
    return this.answer(await this.commands.execute(new WithdrawVerdictCommand(input, request(ctx, input))), ctx, { verdictId: input.verdictId });
  }

  @Mutation(() => MutationResult, {
    description: 'Stand by your own stale verdict as the claim and its citations now are (assigned reviewers): it counts again. To change it, revise it instead.',
  })
  async confirmVerdict(@Args('input', { description: 'What to do: see the input type for each field.' }) input: ConfirmVerdictInput, @Context() ctx: RequestContext): Promise<MutationResult> {
    return this.answer(await this.commands.execute(new ConfirmVerdictCommand(input, request(ctx, input))), ctx, { verdictId: input.verdictId });
  }

  @Mutation(() => MutationResult, { description: 'Reject a claim as not check-worthy, with a reason (editors).' })
  async rejectClaim(@Args('input', { description: 'What to do: see the input type for each field.' }) input: ClaimReasonInput, @Context() ctx: RequestContext): Promise<MutationResult> {
    return this.answer(await this.commands.execute(new RejectClaimCommand(input, request(ctx, input))), ctx);
  }

  @Mutation(() => MutationResult, { description: 'Reopen a rejected claim, with a reason (editors).' })
  async reopenClaim(@Args('input', { description: 'What to do: see the input type for each field.' }) input: ClaimReasonInput, @Context() ctx: RequestContext): Promise<MutationResult> {
    return this.answer(await this.commands.execute(new ReopenClaimCommand(input, request(ctx, input))), ctx);
  }

  @Mutation(() => MutationResult, { description: 'Publish the fact-check (editors): needs enough current verdicts and sources; records the methodology in force.' })
  async publishFactCheck(@Args('input', { description: 'What to do: see the input type for each field.' }) input: PublishFactCheckInput, @Context() ctx: RequestContext): Promise<MutationResult> {
    return this.answer(await this.commands.execute(new PublishFactCheckCommand(input, request(ctx, input))), ctx);
  }

  @Mutation(() => MutationResult, { description: 'Correct a published fact-check in the open, with a public note (editors).' })
  async correctFactCheck(@Args('input', { description: 'What to do: see the input type for each field.' }) input: CorrectFactCheckInput, @Context() ctx: RequestContext): Promise<MutationResult> {
    return this.answer(await this.commands.execute(new CorrectFactCheckCommand(input, request(ctx, input))), ctx);
  }

  @Mutation(() => MutationResult, { description: 'Retract a published fact-check, with a public note (editors).' })
  async retractFactCheck(@Args('input', { description: 'What to do: see the input type for each field.' }) input: RetractFactCheckInput, @Context() ctx: RequestContext): Promise<MutationResult> {
    return this.answer(await this.commands.execute(new RetractFactCheckCommand(input, request(ctx, input))), ctx);
  }
}

/** Who asks and how: the verified actor (a mutation needs one), the request's correlation id, the retry guards. */
function request(ctx: RequestContext, guard: Guarded): CommandRequest {
  return { actor: requireActor(ctx), correlationId: ctx.correlationId, mutationId: guard.mutationId, expectedRevision: guard.expectedRevision };
}

