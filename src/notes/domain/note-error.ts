import { Refusal } from '../../shared/refusal';

/**
 * Why a note command was refused; stable codes, messages for the person who tried. FORBIDDEN,
 * NOT_AUTHOR, CLAIM_NOT_FOUND and NOTHING_CHANGED mean what they mean for the claim's own acts.
 */
export type NoteErrorCode =
  | 'FORBIDDEN'
  | 'NOT_AUTHOR'
  | 'CLAIM_NOT_FOUND'
  | 'NOTE_NOT_FOUND'
  | 'NOTE_RETRACTED'
  | 'NOTHING_CHANGED'
  /** The claim has CLAIM_MAX_NOTES notes, or the note NOTE_MAX_EDITS edits (`details: { limit, max }`). */
  | 'NOTE_LIMIT_REACHED'
  /** Text too long, blank or unclean, or a mention that is not a person's id. */
  | 'INVALID_NOTE';

export class NoteError extends Refusal<NoteErrorCode> {
  override readonly name = 'NoteError';
}
