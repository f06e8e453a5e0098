import { Refusal } from '../../shared/refusal';

/**
 * Why the desk's rules refused a command. Each code is stable (clients switch on it) and each message
 * is written for the person who tried: what is wrong and, where it helps, what to do instead.
 */
export type DeskErrorCode =
  | 'FORBIDDEN'
  | 'CONFLICT_OF_INTEREST'
  | 'NOT_ASSIGNED'
  | 'NOT_AUTHOR'
  | 'CLAIM_NOT_FOUND'
  | 'CLAIM_EXISTS'
  | 'CITATION_NOT_FOUND'
  | 'CITATION_RETRACTED'
  | 'VERDICT_NOT_FOUND'
  | 'VERDICT_WITHDRAWN'
  | 'INVALID_TRANSITION'
  | 'UNKNOWN_RATING'
  | 'NOT_ENOUGH_VERDICTS'
  /** Enough reviewers have verdicts, but too few of them are current: the claim or a cited citation changed since (`details.stale`, sent as `extensions.stale`). */
  | 'STALE_VERDICTS'
  /** Fewer standing citations than PUBLISH_MIN_SOURCES. */
  | 'NOT_ENOUGH_SOURCES'
  /** None of the standing citations is cited by the verdicts that count. */
  | 'SOURCES_NOT_CITED'
  /** PUBLISH_REQUIRE_INDEPENDENT_EDITOR: the editor is one of the reviewers whose verdicts count. */
  | 'EDITOR_NOT_INDEPENDENT'
  | 'JUSTIFICATION_REQUIRED'
  | 'NOTHING_CHANGED'
  /** The claim has as many citations, appearances, assignees or events as the desk allows (`details: { limit, max }`). */
  | 'CLAIM_LIMIT_REACHED'
  /** Details that are whole but cannot be true: a date in the future, two first appearances. */
  | 'INVALID_DETAILS'
  /** Details with a missing, blank or null part: nothing that goes into a kept-forever event may be. */
  | 'INCOMPLETE_DETAILS'
  /** The claim is another desk's fact-check, kept for reference: no desk act applies to it. */
  | 'EXTERNAL_FACT_CHECK';

export class DeskError extends Refusal<DeskErrorCode> {
  override readonly name = 'DeskError';
}
