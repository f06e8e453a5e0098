import type { Actor } from '../../shared/actor';
import { quote } from '../../shared/quote';
import { ACTOR_ID_RULE, characterCount, hasVisibleCharacter, isActorId, textProblem } from '../../shared/text';
import type { NoteEvent, NoteFacts, NotesState } from './note';
import { EditNote, NOTE_MAX_EDITS, NOTE_MAX_MENTIONS, NOTE_REASON_MAX_LENGTH, NoteCommand, NoteContext, PostNote, RetractNote } from './note-commands';
import { NoteError } from './note-error';

/**
 * Who takes part in a claim's internal discussion: reviewers and editors (admins may do what
 * editors do). Not contributors: they bring claims in, may be stringers or partners outside the
 * newsroom, and are often the submitter whose claim is being weighed; the deliberation over a
 * verdict is the reviewers' and editors' (the same separation that keeps submitters from rating).
 */
export const NOTE_ROLES = ['reviewer', 'editor', 'admin'] as const;

export function mayUseNotes(actor: Pick<Actor, 'roles'> | null | undefined): boolean {
  return !!actor && actor.roles.some((role) => (NOTE_ROLES as readonly string[]).includes(role));
}

/** Pure: the events a note command decides on a claim's notes, or a NoteError saying why not. */
export function decideNotes(command: NoteCommand, state: NotesState, context: NoteContext): NoteEvent[] {
  if (!mayUseNotes(context.actor)) throw new NoteError('FORBIDDEN', 'Only reviewers and editors may take part in a claim\'s internal notes', { required: [...NOTE_ROLES] });
  if (!context.claimExists) throw new NoteError('CLAIM_NOT_FOUND', `No claim ${quote(command.claimId)}`);
  switch (command.type) {
    case 'PostNote':
      return postNote(command, state, context);
    case 'EditNote':
      return editNote(command, state, context);
    case 'RetractNote':
      return retractNote(command, state, context);
    default: {
      const unknown: never = command;
      throw new Error(`Unknown note command ${(unknown as { type: string }).type}`);
    }
  }
}

function postNote(command: PostNote, state: NotesState, { actor, now, limits }: NoteContext): NoteEvent[] {
  if (state.notes.size >= limits.notesPerClaim) {
    throw new NoteError('NOTE_LIMIT_REACHED', `Claim ${quote(command.claimId)} already has ${state.notes.size} notes, the most the desk allows (CLAIM_MAX_NOTES)`, { limit: 'notes', max: limits.notesPerClaim });
  }
  if (state.notes.has(command.noteId)) throw new Error(`Note id ${command.noteId} is taken`);
  const text = checkText(command.text, limits.textLength);
  const mentions = checkMentions(command.mentions);
  if (command.replyTo !== null) {
    const parent = state.notes.get(command.replyTo);
    // The notes of another claim are in another stream: they are not found here, which is the rule.
    if (!parent) throw new NoteError('NOTE_NOT_FOUND', `Claim ${quote(command.claimId)} has no note ${quote(command.replyTo)} to reply to (replies stay with the same claim)`);
    if (parent.retracted) throw new NoteError('NOTE_RETRACTED', `Note ${quote(command.replyTo)} was retracted: it can no longer be replied to`);
  }
  return [{ type: 'NotePosted', data: { claimId: command.claimId, noteId: command.noteId, text, replyTo: command.replyTo, mentions, by: by(actor), at: now.toISOString() } }];
}

function editNote(command: EditNote, state: NotesState, { actor, now, limits }: NoteContext): NoteEvent[] {
  const note = ownNote(command.claimId, command.noteId, state, actor, 'edit');
  if (note.edits >= NOTE_MAX_EDITS) {
    throw new NoteError('NOTE_LIMIT_REACHED', `Note ${quote(note.noteId)} was edited ${note.edits} times, the most allowed: post a new note instead`, { limit: 'edits', max: NOTE_MAX_EDITS });
  }
  const text = checkText(command.text, limits.textLength);
  const mentions = command.mentions === undefined ? note.mentions : checkMentions(command.mentions);
  if (text === note.text && sameList(mentions, note.mentions)) throw new NoteError('NOTHING_CHANGED', 'The note already says exactly this');
  return [{ type: 'NoteEdited', data: { claimId: command.claimId, noteId: note.noteId, text, mentions, by: by(actor), at: now.toISOString() } }];
}

function retractNote(command: RetractNote, state: NotesState, { actor, now }: NoteContext): NoteEvent[] {
  const note = ownNote(command.claimId, command.noteId, state, actor, 'retract');
  const reason = command.reason;
  const problem = characterCount(reason) > NOTE_REASON_MAX_LENGTH ? `must be at most ${NOTE_REASON_MAX_LENGTH} characters` : textProblem(reason) ?? (hasVisibleCharacter(reason) ? null : 'must not be blank');
  if (problem) throw new NoteError('INVALID_NOTE', `reason ${problem}`, { field: 'reason' });
  return [{ type: 'NoteRetracted', data: { claimId: command.claimId, noteId: note.noteId, reason, by: by(actor), at: now.toISOString() } }];
}

/** The note, when the actor wrote it and it still stands. Editors do not edit others' words: notes are signed. */
function ownNote(claimId: string, noteId: string, state: NotesState, actor: Actor, act: string): NoteFacts {
  const note = state.notes.get(noteId);
  if (!note) throw new NoteError('NOTE_NOT_FOUND', `Claim ${quote(claimId)} has no note ${quote(noteId)}`);
  if (note.authorId !== actor.id) throw new NoteError('NOT_AUTHOR', `Only the author of note ${quote(noteId)} may ${act} it`);
  if (note.retracted) throw new NoteError('NOTE_RETRACTED', `Note ${quote(noteId)} was retracted: it can no longer be changed`);
  return note;
}

function checkText(text: string, max: number): string {
  if (characterCount(text) > max) throw new NoteError('INVALID_NOTE', `text must be at most ${max} characters (NOTE_MAX_LENGTH)`, { field: 'text', max });
  const problem = textProblem(text);
  if (problem) throw new NoteError('INVALID_NOTE', `text ${problem}`, { field: 'text' });
  if (!hasVisibleCharacter(text)) throw new NoteError('INVALID_NOTE', 'text must not be blank', { field: 'text' });
  return text;
}

/**
 * Mentions are people's ids as tokens carry them. Only their form can be checked: the desk keeps no
 * directory of its people (identity comes from tokens signed elsewhere), so an id nobody holds yet is
 * accepted; whoever later signs in with it will find the mention.
 */
function checkMentions(mentions: readonly string[]): string[] {
  if (mentions.length > NOTE_MAX_MENTIONS) throw new NoteError('INVALID_NOTE', `mentions may name at most ${NOTE_MAX_MENTIONS} people`, { field: 'mentions' });
  for (const id of mentions) {
    if (!isActorId(id)) throw new NoteError('INVALID_NOTE', `mentions must be people's ids: ${ACTOR_ID_RULE}`, { field: 'mentions' });
  }
  if (new Set(mentions).size !== mentions.length) throw new NoteError('INVALID_NOTE', 'mentions must not name the same person twice', { field: 'mentions' });
  return [...mentions];
}

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
const by = (actor: Actor) => ({ id: actor.id, name: actor.name });
