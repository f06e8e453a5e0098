/**
 * Why the desk refused a command. Each code is stable (clients switch on it) and each message is
 * written for the person who tried: what is wrong and, where it helps, what to do instead.
 */
export type DeskErrorCode =
  | 'UNAUTHENTICATED'
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
  | 'JUSTIFICATION_REQUIRED'
  | 'NOTHING_CHANGED'
  | 'INVALID_DETAILS'
  | 'BAD_USER_INPUT'
  | 'READ_MODEL_LAGGING'
  | 'MUTATION_ID_REUSED'
  | 'CONFLICT';

export class DeskError extends Error {
  override readonly name = 'DeskError';
  constructor(
    readonly code: DeskErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}
