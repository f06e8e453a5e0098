/** The sources a claim's verdicts rest on: adding, revising and retracting them. */
import { quote } from '../../../shared/quote';
import type { CitationDetails, ClaimEvent, ExistingClaim } from '../claim';
import type { AddCitation, DecisionContext, ReviseCitation, RetractCitation } from '../commands';
import { DeskError } from '../desk-error';
import { ANY_ROLE, changedFields, CITABLE_STATUSES, checkCitation, findCitation, requireAuthorOrEditor, requireNotPublishedEvidence, requireRole, requireStatus, requireWithinLimit, stampOf } from '../rules';

const REVISABLE_CITATION_FIELDS: readonly (keyof CitationDetails)[] = ['url', 'title', 'publisher', 'publishedAt', 'excerpt', 'stance', 'note', 'archivedUrl'];

export function addCitation(command: AddCitation, claim: ExistingClaim, context: DecisionContext): ClaimEvent[] {
  requireRole(context.actor, ANY_ROLE, 'add a citation');
  requireStatus(claim, CITABLE_STATUSES, 'add citations');
  if (claim.citations.some((c) => c.id === command.citationId)) throw new DeskError('INVALID_TRANSITION', `Citation ${quote(command.citationId)} already exists`);
  requireWithinLimit(context, 'citations', claim.citations.length + 1);
  const { type: _type, claimId: _claimId, citationId, ...details } = command;
  checkCitation(details);
  return [{ type: 'CitationAdded', data: { ...stampOf(context), claimId: claim.id, citationId, ...details } }];
}

export function reviseCitation(command: ReviseCitation, claim: ExistingClaim, context: DecisionContext): ClaimEvent[] {
  requireStatus(claim, CITABLE_STATUSES, 'revise citations');
  const citation = findCitation(claim, command.citationId);
  requireNotPublishedEvidence(claim, citation, 'revised');
  if (citation.retraction) throw new DeskError('CITATION_RETRACTED', `Citation ${citation.id} was retracted and can no longer be revised`);
  requireAuthorOrEditor(citation.addedBy.id, context.actor, 'revise a citation', 'revise a citation someone else added');
  const changes = changedFields<CitationDetails>(citation, command.changes, REVISABLE_CITATION_FIELDS);
  if (Object.keys(changes).length === 0) throw new DeskError('NOTHING_CHANGED', 'The revision changes nothing: every field equals the current one');
  checkCitation({ ...citation, ...changes });
  return [{ type: 'CitationRevised', data: { ...stampOf(context), claimId: claim.id, citationId: citation.id, changes, reason: command.reason } }];
}

/** A retracted citation stays on the claim (its history is kept) but can support nothing. */
export function retractCitation(command: RetractCitation, claim: ExistingClaim, context: DecisionContext): ClaimEvent[] {
  requireStatus(claim, CITABLE_STATUSES, 'retract citations');
  const citation = findCitation(claim, command.citationId);
  requireNotPublishedEvidence(claim, citation, 'retracted');
  if (citation.retraction) throw new DeskError('CITATION_RETRACTED', `Citation ${citation.id} is already retracted`);
  requireAuthorOrEditor(citation.addedBy.id, context.actor, 'retract a citation', 'retract a citation someone else added');
  return [{ type: 'CitationRetracted', data: { ...stampOf(context), claimId: claim.id, citationId: citation.id, reason: command.reason } }];
}
