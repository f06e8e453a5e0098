import { Injectable } from '@nestjs/common';
import { ReadModelsService } from '../../projections/read-models.service';
import type { ClaimNotesRecord, NoteView } from './notes.projection';

export interface NoteThread {
  threadId: string;
  /** The thread's first note, then every reply in it (replies to replies too), in the order posted. */
  notes: NoteView[];
}

@Injectable()
export class NotesReadModel {
  constructor(private readonly readModels: ReadModelsService) {}

  /** A claim's notes in posting order; none when nobody wrote one. */
  notes(claimId: string): NoteView[] {
    const row = this.readModels.db.prepare('SELECT doc FROM claim_notes WHERE claim_id = ?').get(claimId) as { doc: string } | undefined;
    return row ? (JSON.parse(row.doc) as ClaimNotesRecord).notes : [];
  }

  /** The claim a note belongs to (note ids are unique across claims), or null for no such note. */
  claimOf(noteId: string): string | null {
    const row = this.readModels.db.prepare('SELECT claim_id AS claimId FROM note_claims WHERE note_id = ?').get(noteId) as { claimId: string } | undefined;
    return row?.claimId ?? null;
  }

  /** The notes grouped into threads, threads in the order they were started. */
  threads(claimId: string): NoteThread[] {
    const threads = new Map<string, NoteThread>();
    for (const note of this.notes(claimId)) {
      const thread = threads.get(note.threadId) ?? { threadId: note.threadId, notes: [] };
      thread.notes.push(note);
      threads.set(note.threadId, thread);
    }
    return [...threads.values()];
  }
}
