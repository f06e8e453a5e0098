import type { RecordedEvent } from '../../event-store/event-store.port';
import type { Projection } from '../../projections/projection';
import { NOTE_EVENT_SCHEMA_VERSIONS } from '../domain/note';
import { claimIdOfNotesStream, NOTES_STREAM_PREFIX, toNoteEvent } from '../application/notes-stream';

/** A note as the desk reads it. Retracted notes keep their place in the thread but not their text. */
export interface NoteView {
  noteId: string;
  claimId: string;
  /** The current text; null once retracted (the earlier texts are in claimHistory). */
  text: string | null;
  replyTo: string | null;
  /** The note that starts this note's thread (itself for a thread's first note). */
  threadId: string;
  mentions: string[];
  author: { id: string; name: string };
  postedAt: string;
  editedAt: string | null;
  edits: number;
  retraction: { reason: string; at: string } | null;
  /** Global position of the last event that changed the note: what live updates compare. */
  position: number;
}

/** A claim's notes, in the order they were posted. */
export interface ClaimNotesRecord {
  claimId: string;
  notes: NoteView[];
}

const NOTES_SCHEMA = `
CREATE TABLE IF NOT EXISTS claim_notes (
  claim_id TEXT PRIMARY KEY,
  doc      TEXT NOT NULL   -- ClaimNotesRecord as JSON
);
CREATE TABLE IF NOT EXISTS note_claims (
  note_id  TEXT PRIMARY KEY,   -- editNote and retractNote name a note alone
  claim_id TEXT NOT NULL
);
`;

/**
 * Notes per claim: one document per claim, folded from its `claim-notes-<claimId>` stream. The
 * document is bounded by CLAIM_MAX_NOTES x NOTE_MAX_LENGTH.
 */
export const notesProjection: Projection<ClaimNotesRecord> = {
  name: 'notes',
  version: 1,
  schema: NOTES_SCHEMA,
  handles: { streamPrefix: NOTES_STREAM_PREFIX, types: Object.keys(NOTE_EVENT_SCHEMA_VERSIONS) },
  keyOf: (event) => claimIdOfNotesStream(event.stream),
  load: { table: 'claim_notes', column: 'claim_id', read: (row) => JSON.parse(String(row.doc)) as ClaimNotesRecord },
  evolve: (record, event) => evolveNotesRecord(record ?? { claimId: claimIdOfNotesStream(event.stream), notes: [] }, event),
  rows: (record) => [
    { table: 'claim_notes', where: { claim_id: record.claimId }, rows: [{ claim_id: record.claimId, doc: JSON.stringify(record) }] },
    { table: 'note_claims', where: { claim_id: record.claimId }, rows: record.notes.map((n) => ({ note_id: n.noteId, claim_id: record.claimId })) },
  ],
};

function evolveNotesRecord(record: ClaimNotesRecord, recorded: RecordedEvent): ClaimNotesRecord {
  const event = toNoteEvent(recorded);
  const position = recorded.position;
  const change = (noteId: string, update: (note: NoteView) => NoteView): ClaimNotesRecord => {
    const index = record.notes.findIndex((n) => n.noteId === noteId);
    if (index < 0) return record;
    const notes = [...record.notes];
    notes[index] = { ...update(notes[index]), position };
    return { ...record, notes };
  };
  switch (event.type) {
    case 'NotePosted': {
      const { noteId, claimId, text, replyTo, mentions, by, at } = event.data;
      if (record.notes.some((n) => n.noteId === noteId)) return record;
      const parent = replyTo === null ? undefined : record.notes.find((n) => n.noteId === replyTo);
      const note: NoteView = {
        noteId, claimId, text, replyTo, threadId: parent?.threadId ?? noteId, mentions: [...mentions],
        author: { id: by.id, name: by.name }, postedAt: at, editedAt: null, edits: 0, retraction: null, position,
      };
      return { ...record, notes: [...record.notes, note] };
    }
    case 'NoteEdited':
      return change(event.data.noteId, (note) => ({ ...note, text: event.data.text, mentions: [...event.data.mentions], editedAt: event.data.at, edits: note.edits + 1 }));
    case 'NoteRetracted':
      return change(event.data.noteId, (note) => ({ ...note, text: null, mentions: [], retraction: { reason: event.data.reason, at: event.data.at } }));
    default: {
      const unknown: never = event;
      throw new Error(`Unknown note event ${(unknown as { type: string }).type}`);
    }
  }
}

export const notesProjections: readonly Projection[] = [notesProjection];
