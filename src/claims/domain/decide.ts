/**
 * The claim's decider: one function per command (in ./decide/), chosen here by the command's type.
 * Pure: the actor, the time and the desk's policy come in through the context, and every refusal
 * is a thrown DeskError. Every command but SubmitClaim needs a claim that already exists.
 */
import type { ClaimEvent, ClaimState, ExistingClaim } from './claim';
import type { ClaimCommand, DecisionContext, SubmitClaim } from './commands';
import { reviseClaimDetails, submitClaim } from './decide/claim-details';
import { addCitation, reviseCitation, retractCitation } from './decide/citations';
import { correctFactCheck, publishFactCheck, retractFactCheck } from './decide/publication';
import { assignReviewers, rejectClaim, reopenClaim, unassignReviewer } from './decide/review';
import { confirmVerdict, recordVerdict, reviseVerdict, withdrawVerdict } from './decide/verdicts';
import type { Actor, Role } from '../../shared/actor';
import { DeskError } from './desk-error';
import { ANY_ROLE, existing, requireRole, requireWithinLimit } from './rules';

type ExistingClaimCommand = Exclude<ClaimCommand, SubmitClaim>;
type Handler<C extends ExistingClaimCommand> = (command: C, claim: ExistingClaim, context: DecisionContext) => ClaimEvent[];

/** Each command on an existing claim, by its type. The mapped type makes a missing entry a compile error. */
const HANDLERS: { [T in ExistingClaimCommand['type']]: Handler<Extract<ExistingClaimCommand, { type: T }>> } = {
  ReviseClaimDetails: reviseClaimDetails,
  AssignReviewers: assignReviewers,
  UnassignReviewer: unassignReviewer,
  AddCitation: addCitation,
  ReviseCitation: reviseCitation,
  RetractCitation: retractCitation,
  RecordVerdict: recordVerdict,
  ReviseVerdict: reviseVerdict,
  WithdrawVerdict: withdrawVerdict,
  ConfirmVerdict: confirmVerdict,
  RejectClaim: rejectClaim,
  ReopenClaim: reopenClaim,
  PublishFactCheck: publishFactCheck,
  CorrectFactCheck: correctFactCheck,
  RetractFactCheck: retractFactCheck,
};

/**
 * The role each act needs whatever the claim: checked before anything about the claim is looked at,
 * so a caller who may not act at all learns nothing of it (an unknown id, a draft and a rejected claim
 * all answer the same FORBIDDEN). What depends on the claim (author or editor, assigned) follows in the handler.
 */
const ROLE_NEEDED: { [T in ClaimCommand['type']]: { roles: Role[]; act: string } } = {
  SubmitClaim: { roles: ANY_ROLE, act: 'submit a claim' },
  ReviseClaimDetails: { roles: ANY_ROLE, act: "revise a claim's details" },
  AssignReviewers: { roles: ['editor'], act: 'assign reviewers' },
  UnassignReviewer: { roles: ['editor'], act: 'unassign reviewers' },
  AddCitation: { roles: ANY_ROLE, act: 'add a citation' },
  ReviseCitation: { roles: ANY_ROLE, act: 'revise a citation' },
  RetractCitation: { roles: ANY_ROLE, act: 'retract a citation' },
  RecordVerdict: { roles: ['reviewer'], act: 'record a verdict' },
  ReviseVerdict: { roles: ['reviewer'], act: 'revise a verdict' },
  WithdrawVerdict: { roles: ['reviewer'], act: 'withdraw a verdict' },
  ConfirmVerdict: { roles: ['reviewer'], act: 'confirm a verdict' },
  RejectClaim: { roles: ['editor'], act: 'reject a claim' },
  ReopenClaim: { roles: ['editor'], act: 'reopen a claim' },
  PublishFactCheck: { roles: ['editor'], act: 'publish a fact-check' },
  CorrectFactCheck: { roles: ['editor'], act: 'correct a fact-check' },
  RetractFactCheck: { roles: ['editor'], act: 'retract a fact-check' },
};

/** The role check that does not depend on the claim: the command path runs it before reading the claim at all. */
export function requireRoleFor(command: ClaimCommand, actor: Actor): void {
  const needed = ROLE_NEEDED[command.type];
  if (!needed) throw new Error(`Unhandled command ${command.type}`);
  requireRole(actor, needed.roles, needed.act);
}

export function decide(command: ClaimCommand, state: ClaimState, context: DecisionContext): ClaimEvent[] {
  requireRoleFor(command, context.actor);
  const events = decideOnClaim(command, state, context);
  // The limit counts events the stream holds, which the revision equals only for a stream that starts at 0.
  requireWithinLimit(context, 'events', (context.storedEvents ?? state.revision + 1) + events.length);
  return events;
}

function decideOnClaim(command: ClaimCommand, state: ClaimState, context: DecisionContext): ClaimEvent[] {
  if (command.type === 'SubmitClaim') return submitClaim(command, state, context);
  const claim = existing(state, command.claimId);
  if (claim.origin === 'EXTERNAL') {
    throw new DeskError(
      'EXTERNAL_FACT_CHECK',
      `Claim ${claim.id} is ${claim.external?.publisher.name ?? 'another desk'}'s fact-check, kept for reference: it is read-only here. To check the claim yourselves, submit it as a claim of your own.`,
      { claimId: claim.id },
    );
  }
  // TypeScript cannot tie the looked-up handler to the command's own type, hence the widening.
  const handle = HANDLERS[command.type] as Handler<ExistingClaimCommand> | undefined;
  if (!handle) throw new Error(`Unhandled command ${command.type}`);
  return handle(command, claim, context);
}
