/**
 * Format `factcheck-case/2`: the desk's work on a story as the acts its people did, in order per
 * claim, each with who did it (`by`) and when (`at`). Every desk mutation is an act kind, with the
 * mutation's field names; where the mutation takes a server id (citationId, verdictId, reviewerId),
 * the act names the thing by the file's key (`citation`, `verdict`, `reviewer`).
 */
import type { CitationStance } from '../claims/domain/claim';
import type { CASE_FILE_FORMAT_V2, CaseAppearance, CaseClaimant, CaseDate, CaseKey, CaseLine, CasePeople, CaseUrl } from './case-file.parts.types';

/**
 * An instant with its offset from UTC (RFC 3339, seconds included), e.g. 2025-06-28T09:15:00Z or
 * 2025-06-28T12:15:00+03:00.
 * @format date-time
 * @pattern ^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,3})?(Z|[+-][0-9]{2}:[0-9]{2})$
 */
export type CaseInstant = string;

/**
 * A case's identity, whatever its slug: every mutation id derives from it.
 * @format uuid
 * @pattern ^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$
 */
export type CaseId = string;

/**
 * A key of the desk's rating scale, e.g. FALSE or MOSTLY_TRUE.
 * @minLength 1
 * @maxLength 40
 */
export type CaseRating = string;

/**
 * A reason kept in the history.
 * @minLength 1
 * @maxLength 2000
 */
export type CaseReason = string;

export interface CaseFileV2 {
  /** For editors: the JSON Schema the file follows (schemas/). Ignored by the service. */
  $schema?: string;
  format: typeof CASE_FILE_FORMAT_V2;
  id: CaseId;
  /** A readable name for the case; it may change without the case changing identity. */
  slug: CaseKey;
  /** @maxLength 300 */
  title: CaseLine;
  /** @maxLength 4000 */
  description?: string;
  /** @minProperties 1 */
  people: CasePeople;
  /** @minItems 1 */
  claims: CaseClaimV2[];
}

export interface CaseClaimV2 {
  /** The claim's name in the file: with the case id and the act's place, it names each act for a re-import. */
  key: CaseKey;
  /**
   * What the desk did on the claim, in the order it did it; the first act submits the claim.
   * @minItems 1
   * @maxItems 1000
   */
  acts: CaseAct[];
}

/** What every act has: who did it and when. */
export interface CaseActBase {
  /** The person who did it: one of `people`. */
  by: CaseKey;
  /** When it happened: not before the claim's previous act, not in the future. */
  at: CaseInstant;
}

/** The claim's details (submit, and each optional in reviseClaim). */
export interface CaseClaimDetails {
  /** The statement as made. @minLength 1 @maxLength 4000 */
  statement: string;
  claimant: CaseClaimant;
  /** The calendar day the claim was made. */
  claimDate: CaseDate;
  /** BCP 47 language tag. @pattern ^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$ */
  language: string;
  /** @maxItems 20 */
  topics: CaseLine[];
  /** @maxItems 50 */
  appearances: CaseAppearance[];
}

/** A citation's details (cite, and each optional in reviseCitation). */
export interface CaseCitationDetails {
  url: CaseUrl;
  /** @maxLength 500 */
  title: CaseLine;
  /** @maxLength 300 */
  publisher: CaseLine;
  /** When the source was published. */
  publishedAt?: CaseDate;
  /** A verbatim quote from the source. @minLength 1 @maxLength 4000 */
  excerpt: string;
  stance: CitationStance;
  /** The desk's note on the source. @maxLength 4000 */
  note?: string;
  /** A snapshot of the source in a web archive. */
  archivedUrl?: CaseUrl;
}

/** submitClaim: brings the claim to the desk. */
export interface SubmitAct extends CaseActBase, CaseClaimDetails {
  act: 'submit';
}

/** reviseClaimDetails: each field given replaces the claim's. */
export interface ReviseClaimAct extends CaseActBase, Partial<CaseClaimDetails> {
  act: 'reviseClaim';
  reason: CaseReason;
}

/** addCitation: `key` names the citation for later acts. */
export interface CiteAct extends CaseActBase, CaseCitationDetails {
  act: 'cite';
  key: CaseKey;
}

/** reviseCitation: each field given replaces the citation's. */
export interface ReviseCitationAct extends CaseActBase, Partial<CaseCitationDetails> {
  act: 'reviseCitation';
  /** The key of a citation cited earlier on this claim. */
  citation: CaseKey;
  reason: CaseReason;
}

/** retractCitation. */
export interface RetractCitationAct extends CaseActBase {
  act: 'retractCitation';
  citation: CaseKey;
  reason: CaseReason;
}

/** assignReviewers: people of the file, each once. */
export interface AssignAct extends CaseActBase {
  act: 'assign';
  /**
   * Each once.
   * @minItems 1
   * @maxItems 20
   */
  reviewers: CaseKey[];
}

/** unassignReviewer. */
export interface UnassignAct extends CaseActBase {
  act: 'unassign';
  reviewer: CaseKey;
  reason: CaseReason;
}

/** recordVerdict: `key` names the verdict for later acts. */
export interface VerdictAct extends CaseActBase {
  act: 'verdict';
  key: CaseKey;
  rating: CaseRating;
  /** @minLength 1 @maxLength 8000 */
  rationale: string;
  /**
   * Keys of this claim's citations, cited by earlier acts.
   * @minItems 1
   * @maxItems 50
   */
  citations: CaseKey[];
}

/** reviseVerdict: each field given replaces the verdict's. */
export interface ReviseVerdictAct extends CaseActBase {
  act: 'reviseVerdict';
  verdict: CaseKey;
  reason: CaseReason;
  rating?: CaseRating;
  /** @minLength 1 @maxLength 8000 */
  rationale?: string;
  /**
   * A new list of the citations it rests on.
   * @minItems 1
   * @maxItems 50
   */
  citations?: CaseKey[];
}

/** withdrawVerdict. */
export interface WithdrawVerdictAct extends CaseActBase {
  act: 'withdrawVerdict';
  verdict: CaseKey;
  reason: CaseReason;
}

/** confirmVerdict: a stale verdict stands as it is. */
export interface ConfirmVerdictAct extends CaseActBase {
  act: 'confirmVerdict';
  verdict: CaseKey;
}

/** rejectClaim: not check-worthy. */
export interface RejectAct extends CaseActBase {
  act: 'reject';
  reason: CaseReason;
}

/** reopenClaim. */
export interface ReopenAct extends CaseActBase {
  act: 'reopen';
  reason: CaseReason;
}

/** publishFactCheck. */
export interface PublishAct extends CaseActBase {
  act: 'publish';
  rating: CaseRating;
  /** @minLength 1 @maxLength 4000 */
  summary: string;
  /** Required when the rating differs from the reviewers' consensus. @maxLength 8000 */
  justification?: string;
}

/** correctFactCheck. */
export interface CorrectAct extends CaseActBase {
  act: 'correct';
  /** The public correction note. @minLength 1 @maxLength 4000 */
  note: string;
  newRating?: CaseRating;
  /** @minLength 1 @maxLength 4000 */
  newSummary?: string;
  /** Keys of further citations the corrected fact-check rests on. @maxItems 50 */
  addCitations?: CaseKey[];
  /** @maxLength 8000 */
  justification?: string;
}

/** retractFactCheck. */
export interface RetractAct extends CaseActBase {
  act: 'retract';
  /** The public retraction note. @minLength 1 @maxLength 4000 */
  note: string;
}

/** One act of the desk on a claim. */
export type CaseAct =
  | SubmitAct
  | ReviseClaimAct
  | CiteAct
  | ReviseCitationAct
  | RetractCitationAct
  | AssignAct
  | UnassignAct
  | VerdictAct
  | ReviseVerdictAct
  | WithdrawVerdictAct
  | ConfirmVerdictAct
  | RejectAct
  | ReopenAct
  | PublishAct
  | CorrectAct
  | RetractAct;

export type CaseActKind = CaseAct['act'];

/** Each act kind's mutation, and the fields it has besides `act`, `by` and `at` (for the validator and the docs). */
export const CASE_ACTS = {
  submit: { mutation: 'submitClaim', required: ['statement', 'claimant', 'claimDate', 'language', 'topics', 'appearances'], optional: [] },
  reviseClaim: { mutation: 'reviseClaimDetails', required: ['reason'], optional: ['statement', 'claimant', 'claimDate', 'language', 'topics', 'appearances'] },
  cite: { mutation: 'addCitation', required: ['key', 'url', 'title', 'publisher', 'excerpt', 'stance'], optional: ['publishedAt', 'note', 'archivedUrl'] },
  reviseCitation: { mutation: 'reviseCitation', required: ['citation', 'reason'], optional: ['url', 'title', 'publisher', 'publishedAt', 'excerpt', 'stance', 'note', 'archivedUrl'] },
  retractCitation: { mutation: 'retractCitation', required: ['citation', 'reason'], optional: [] },
  assign: { mutation: 'assignReviewers', required: ['reviewers'], optional: [] },
  unassign: { mutation: 'unassignReviewer', required: ['reviewer', 'reason'], optional: [] },
  verdict: { mutation: 'recordVerdict', required: ['key', 'rating', 'rationale', 'citations'], optional: [] },
  reviseVerdict: { mutation: 'reviseVerdict', required: ['verdict', 'reason'], optional: ['rating', 'rationale', 'citations'] },
  withdrawVerdict: { mutation: 'withdrawVerdict', required: ['verdict', 'reason'], optional: [] },
  confirmVerdict: { mutation: 'confirmVerdict', required: ['verdict'], optional: [] },
  reject: { mutation: 'rejectClaim', required: ['reason'], optional: [] },
  reopen: { mutation: 'reopenClaim', required: ['reason'], optional: [] },
  publish: { mutation: 'publishFactCheck', required: ['rating', 'summary'], optional: ['justification'] },
  correct: { mutation: 'correctFactCheck', required: ['note'], optional: ['newRating', 'newSummary', 'addCitations', 'justification'] },
  retract: { mutation: 'retractFactCheck', required: ['note'], optional: [] },
} as const satisfies { [K in CaseActKind]: { mutation: string; required: readonly string[]; optional: readonly string[] } };

export const CASE_ACT_KINDS = Object.keys(CASE_ACTS) as CaseActKind[];
