import type { Actor } from '../../shared/actor';
import type { ActorRef, CitationDetails, ClaimDetails } from './claim';
import type { RatingScale } from './rating-scale';

// ---- Commands -----------------------------------------------------------------------------------
// Ids of new things (claim, citation, verdict) are chosen by the caller, so `decide` stays pure.

export type SubmitClaim = { type: 'SubmitClaim'; claimId: string } & ClaimDetails;
export type ReviseClaimDetails = { type: 'ReviseClaimDetails'; claimId: string; changes: Partial<ClaimDetails>; reason: string };
export type AssignReviewers = { type: 'AssignReviewers'; claimId: string; reviewers: ActorRef[] };
export type UnassignReviewer = { type: 'UnassignReviewer'; claimId: string; reviewerId: string; reason: string };
export type AddCitation = { type: 'AddCitation'; claimId: string; citationId: string } & CitationDetails;
export type ReviseCitation = { type: 'ReviseCitation'; claimId: string; citationId: string; changes: Partial<CitationDetails>; reason: string };
export type RetractCitation = { type: 'RetractCitation'; claimId: string; citationId: string; reason: string };
export type RecordVerdict = { type: 'RecordVerdict'; claimId: string; verdictId: string; rating: string; rationale: string; citationIds: string[] };
export type ReviseVerdict = {
  type: 'ReviseVerdict';
  claimId: string;
  verdictId: string;
  rating?: string;
  rationale?: string;
  citationIds?: string[];
  reason: string;
};
export type ConfirmVerdict = { type: 'ConfirmVerdict'; claimId: string; verdictId: string };
export type WithdrawVerdict = { type: 'WithdrawVerdict'; claimId: string; verdictId: string; reason: string };
export type RejectClaim = { type: 'RejectClaim'; claimId: string; reason: string };
export type ReopenClaim = { type: 'ReopenClaim'; claimId: string; reason: string };
export type PublishFactCheck = { type: 'PublishFactCheck'; claimId: string; rating: string; summary: string; justification?: string };
export type CorrectFactCheck = {
  type: 'CorrectFactCheck';
  claimId: string;
  note: string;
  newRating?: string;
  newSummary?: string;
  addedCitationIds?: string[];
  /** Required when the new rating departs from a standing verdict (as when publishing). */
  justification?: string;
};
export type RetractFactCheck = { type: 'RetractFactCheck'; claimId: string; note: string };

export type ClaimCommand =
  | SubmitClaim
  | ReviseClaimDetails
  | AssignReviewers
  | UnassignReviewer
  | AddCitation
  | ReviseCitation
  | RetractCitation
  | RecordVerdict
  | ReviseVerdict
  | WithdrawVerdict
  | ConfirmVerdict
  | RejectClaim
  | ReopenClaim
  | PublishFactCheck
  | CorrectFactCheck
  | RetractFactCheck;

/**
 * How big one claim may grow. Each is a desk rule with its own refusal (CLAIM_LIMIT_REACHED, with
 * `details: { limit, max }`), so a claim's stream, its folded state and its document stay bounded.
 */
export interface ClaimLimits {
  /** Citations on one claim, retracted ones included (they stay on the claim). */
  citations: number;
  /** Appearances in the claim's details. */
  appearances: number;
  /** Reviewers assigned at once. */
  assignees: number;
  /** Events in the claim's stream, every act counted. */
  events: number;
  /** Corrections of one published fact-check: each is a public note the page and its ClaimReview carry. */
  corrections: number;
}

/** The limits when a policy names none (the configuration's defaults: CLAIM_MAX_*). */
export const DEFAULT_CLAIM_LIMITS: ClaimLimits = { citations: 200, appearances: 50, assignees: 20, events: 1000, corrections: 50 };

export interface DeskPolicy {
  scale: RatingScale;
  /** Distinct reviewers with standing verdicts needed before publication. */
  minReviewers: number;
  /** How big a claim may grow; DEFAULT_CLAIM_LIMITS when absent. */
  limits?: ClaimLimits;
  /** Standing citations needed before publication (PUBLISH_MIN_SOURCES); DEFAULT_MIN_SOURCES when absent. */
  minSources?: number;
  /** The publishing editor may not be a counted reviewer (PUBLISH_REQUIRE_INDEPENDENT_EDITOR); false when absent. */
  requireIndependentEditor?: boolean;
  /** The label publications record for the scale (RATING_SCALE_VERSION); derived from its hash when absent. */
  scaleVersion?: string;
}

export const DEFAULT_MIN_SOURCES = 2;

/** Everything `decide` needs besides the command and the state, injected so it stays pure. */
export interface DecisionContext {
  actor: Actor;
  now: Date;
  policy: DeskPolicy;
  /**
   * How many events the claim's stream holds now, as read. Absent: revision + 1, which holds only
   * for a stream that starts at revision 0 (one soft-deleted and written again starts higher).
   */
  storedEvents?: number;
}

