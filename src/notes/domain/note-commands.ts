import type { Actor } from '../../shared/actor';

/** A person as events record them: the id their token carries and the name it told. */
export interface ActorRef {
  id: string;
  name: string;
}

export interface PostNote {
  type: 'PostNote';
  claimId: string;
  /** Chosen by the command path. */
  noteId: string;
  text: string;
  replyTo: string | null;
  mentions: string[];
}

export interface EditNote {
  type: 'EditNote';
  claimId: string;
  noteId: string;
  text: string;
  /** Left out: the mentions stay as they were. */
  mentions?: string[];
}

export interface RetractNote {
  type: 'RetractNote';
  claimId: string;
  noteId: string;
  reason: string;
}

export type NoteCommand = PostNote | EditNote | RetractNote;

/** Limits of a claim's discussion (NOTE_MAX_LENGTH, CLAIM_MAX_NOTES from configuration). */
export interface NoteLimits {
  /** Characters in one note's text. */
  textLength: number;
  /** Notes one claim may have, retracted ones included (each stays in the log). */
  notesPerClaim: number;
}

/** Fixed bounds: a note edited more often than this is a chat, not a note; 20 people is a whole desk. */
export const NOTE_MAX_EDITS = 50;
export const NOTE_MAX_MENTIONS = 20;
export const NOTE_REASON_MAX_LENGTH = 2000;

export interface NoteContext {
  actor: Actor;
  now: Date;
  limits: NoteLimits;
  /** Whether the claim the notes are about exists (the command path reads its stream). */
  claimExists: boolean;
}
