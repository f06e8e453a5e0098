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
import { recordVerdict, reviseVerdict, withdrawVerdict } from './decide/verdicts';
import { existing } from './rules';

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
  RejectClaim: rejectClaim,
  ReopenClaim: reopenClaim,
  PublishFactCheck: publishFactCheck,
  CorrectFactCheck: correctFactCheck,
  RetractFactCheck: retractFactCheck,
};

export function decide(command: ClaimCommand, state: ClaimState, context: DecisionContext): ClaimEvent[] {
  if (command.type === 'SubmitClaim') return submitClaim(command, state, context);
  const claim = existing(state, command.claimId);
  // TypeScript cannot tie the looked-up handler to the command's own type, hence the widening.
  const handle = HANDLERS[command.type] as Handler<ExistingClaimCommand> | undefined;
  if (!handle) throw new Error(`Unhandled command ${command.type}`);
  return handle(command, claim, context);
}
