/**
 * The claim's decider: one function per command (in ./decide/), chosen here by the command's type.
 * Pure: the actor, the time and the desk's policy come in through the context, and every refusal
 * is a thrown DeskError. Every command but SubmitClaim needs a claim that already exists.
 */
import type { ClaimEvent, ClaimState } from './claim';
import type { ClaimCommand, DecisionContext } from './commands';
import { reviseClaimDetails, submitClaim } from './decide/claim-details';
import { addCitation, reviseCitation, retractCitation } from './decide/citations';
import { correctFactCheck, publishFactCheck, retractFactCheck } from './decide/publication';
import { assignReviewers, rejectClaim, reopenClaim, unassignReviewer } from './decide/review';
import { recordVerdict, reviseVerdict, withdrawVerdict } from './decide/verdicts';
import { existing } from './rules';

export function decide(command: ClaimCommand, state: ClaimState, context: DecisionContext): ClaimEvent[] {
  if (command.type === 'SubmitClaim') return submitClaim(command, state, context);

  const claim = existing(state, command.claimId);
  switch (command.type) {
    case 'ReviseClaimDetails':
      return reviseClaimDetails(command, claim, context);
    case 'AssignReviewers':
      return assignReviewers(command, claim, context);
    case 'UnassignReviewer':
      return unassignReviewer(command, claim, context);
    case 'AddCitation':
      return addCitation(command, claim, context);
    case 'ReviseCitation':
      return reviseCitation(command, claim, context);
    case 'RetractCitation':
      return retractCitation(command, claim, context);
    case 'RecordVerdict':
      return recordVerdict(command, claim, context);
    case 'ReviseVerdict':
      return reviseVerdict(command, claim, context);
    case 'WithdrawVerdict':
      return withdrawVerdict(command, claim, context);
    case 'RejectClaim':
      return rejectClaim(command, claim, context);
    case 'ReopenClaim':
      return reopenClaim(command, claim, context);
    case 'PublishFactCheck':
      return publishFactCheck(command, claim, context);
    case 'CorrectFactCheck':
      return correctFactCheck(command, claim, context);
    case 'RetractFactCheck':
      return retractFactCheck(command, claim, context);
    default: {
      const unhandled: never = command;
      throw new Error(`Unhandled command ${(unhandled as ClaimCommand).type}`);
    }
  }
}
