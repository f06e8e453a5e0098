import type { ActorRef } from './note-commands';

/**
 * Internal notes: the desk's own discussion of a claim, kept beside it in the stream
 * `claim-notes-<claimId>` (one stream per claim, so a claim's discussion is ordered and its notes
 * limit is decided on one stream). Never public: they are for the desk's reviewers and editors.
 */

export interface NotePostedData {
  claimId: string;
  noteId: string;
  text: string;
  /** The note of the same claim this one answers; null for a note that starts a thread. */
  replyTo: string | null;
  /** Desk members' ids (token subjects) the note draws in. */
  mentions: string[];
  by: ActorRef;
  at: string;
}

export interface NoteEditedData {
  claimId: string;
  noteId: string;
  /** The note's whole new text; the earlier text stays in the stream (claimHistory). */
  text: string;
  mentions: string[];
  by: ActorRef;
  at: string;
}

export interface NoteRetractedData {
  claimId: string;
  noteId: string;
  reason: string;
  by: ActorRef;
  at: string;
}

export type NoteEvent =
  | { type: 'NotePosted'; data: NotePostedData }
  | { type: 'NoteEdited'; data: NoteEditedData }
  | { type: 'NoteRetracted'; data: NoteRetractedData };

export type NoteEventType = NoteEvent['type'];

/** The schema version each event type is written under (metadata.schemaVersion). */
export const NOTE_EVENT_SCHEMA_VERSIONS: Record<NoteEventType, number> = {
  NotePosted: 1,
  NoteEdited: 1,
  NoteRetracted: 1,
};

export function isNoteEventType(type: string): type is NoteEventType {
  return Object.prototype.hasOwnProperty.call(NOTE_EVENT_SCHEMA_VERSIONS, type);
}

/** What the decider needs to know of one note. */
export interface NoteFacts {
  noteId: string;
  authorId: string;
  text: string;
  mentions: string[];
  replyTo: string | null;
  edits: number;
  retracted: boolean;
}

/** A claim's notes as the decider sees them: every note ever posted, retracted ones included. */
export interface NotesState {
  notes: Map<string, NoteFacts>;
}

export const initialNotesState = (): NotesState => ({ notes: new Map() });

/** Pure: the state after one event. A new Map each time, so an earlier state is never changed. */
export function evolveNotes(state: NotesState, event: NoteEvent): NotesState {
  const notes = new Map(state.notes);
  switch (event.type) {
    case 'NotePosted': {
      const { noteId, by, text, mentions, replyTo } = event.data;
      notes.set(noteId, { noteId, authorId: by.id, text, mentions: [...mentions], replyTo, edits: 0, retracted: false });
      return { notes };
    }
    case 'NoteEdited': {
      const note = notes.get(event.data.noteId);
      if (!note) return state;
      notes.set(note.noteId, { ...note, text: event.data.text, mentions: [...event.data.mentions], edits: note.edits + 1 });
      return { notes };
    }
    case 'NoteRetracted': {
      const note = notes.get(event.data.noteId);
      if (!note) return state;
      notes.set(note.noteId, { ...note, retracted: true });
      return { notes };
    }
    default: {
      const unknown: never = event;
      throw new Error(`Unknown note event ${(unknown as { type: string }).type}`);
    }
  }
}

export const foldNotes = (events: readonly NoteEvent[]): NotesState => events.reduce(evolveNotes, initialNotesState());
