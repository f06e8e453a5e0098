import { Refusal } from '../../shared/refusal';

/** Why a correction-request act was refused: stable codes clients switch on. */
export type CorrectionRequestErrorCode =
  /** Only editors (and admins) handle requests. */
  | 'FORBIDDEN'
  /** Corrections are asked of published fact-checks only (not drafts, rejected or retracted ones). */
  | 'CLAIM_NOT_PUBLISHED'
  | 'CORRECTION_REQUEST_NOT_FOUND'
  | 'CORRECTION_REQUEST_EXISTS'
  /** Declined or accepted: a resolved request is final. */
  | 'CORRECTION_REQUEST_RESOLVED'
  | 'CORRECTION_REQUEST_ALREADY_ACKNOWLEDGED'
  /** The correction number names no correction of the claim. */
  | 'CORRECTION_NOT_FOUND'
  /** The correction named was published before the request was made: it cannot be the answer to it. */
  | 'CORRECTION_PREDATES_REQUEST'
  /** A mutationId sent again with a different request: the first request stands. */
  | 'MUTATION_ID_REUSED'
  /** Text or a link that may not go into an event (blank, too long, control characters, not http(s)). */
  | 'INVALID_CORRECTION_REQUEST';

export class CorrectionRequestError extends Refusal<CorrectionRequestErrorCode> {
  override readonly name = 'CorrectionRequestError';
}
