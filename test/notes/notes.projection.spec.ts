import type { RecordedEvent } from '../../src/event-store/event-store.port';
import { notesStream, toStoredNoteEvents } from '../../src/notes/application/notes-stream';
import type { NoteEvent } from '../../src/notes/domain/note';
import { notesProjection } from '../../src/notes/read-model/notes.projection';
import { claimsProjection } from '../../src/claims/read-model/claims.projection';
import { activityProjection } from '../../src/audit/activity/activity.projection';
import { eventSelector } from '../../src/projections/projection';
import { givenEvents } from '../support/projection-spec';
import { AT, CLAIM, edited, posted, rafael, retracted, rita } from './notes.fixtures';

/** Note events as the log records them: stamped and chained as the command path does. */
function recorded(events: NoteEvent[], firstPosition = 10): RecordedEvent[] {
  const stored = toStoredNoteEvents(events, { actor: { ...rita, roles: ['reviewer'] }, correlationId: 'spec', commandId: 'cmd', commandType: 'PostNote', occurredAt: new Date(AT) }, null, (i) => `e${i}`);
  return stored.map((e, i) => ({ id: e.id as string, stream: notesStream(CLAIM), type: e.type, revision: i, position: firstPosition + i, data: e.data, metadata: e.metadata ?? {}, recordedAt: new Date(AT) }));
}

const docOf = (events: RecordedEvent[]) => {
  const rows = givenEvents(notesProjection, events).tables().claim_notes;
  expect(rows).toHaveLength(1);
  return JSON.parse(String(rows[0].doc));
};

describe('notes projection', () => {
  it('keeps a claim\'s notes in posting order, each reply in its thread', () => {
    const doc = docOf(recorded([posted('n1', rita, 'Is it 5?'), posted('n2', rafael, 'Two', { replyTo: 'n1', mentions: ['rita'] }), posted('n3', rita, 'Per whom?', { replyTo: 'n2' }), posted('n4', rafael, 'New topic')]));
    expect(doc.notes.map((n: { noteId: string; threadId: string }) => [n.noteId, n.threadId])).toEqual([['n1', 'n1'], ['n2', 'n1'], ['n3', 'n1'], ['n4', 'n4']]);
    expect(doc.notes[1]).toMatchObject({ replyTo: 'n1', mentions: ['rita'], author: { id: 'rafael', name: 'Rafael Reviewer' }, edits: 0, retraction: null });
  });

  it('an edit replaces the text and counts; a retraction hides the text and keeps the place', () => {
    const doc = docOf(recorded([posted('n1', rita, 'Five died'), edited('n1', rita, 'Two died', ['rafael']), posted('n2', rafael, 'ok', { replyTo: 'n1' }), retracted('n1', rita, 'Wrong claim')]));
    expect(doc.notes[0]).toMatchObject({ noteId: 'n1', text: null, mentions: [], edits: 1, editedAt: AT, retraction: { reason: 'Wrong claim', at: AT }, position: 13 });
    expect(doc.notes[1]).toMatchObject({ noteId: 'n2', text: 'ok', threadId: 'n1' });
  });

  it('indexes each note\'s claim, for editNote and retractNote by note id', () => {
    givenEvents(notesProjection, recorded([posted('n1', rita, 'a'), posted('n2', rita, 'b')])).thenRows('note_claims', [
      { note_id: 'n1', claim_id: CLAIM },
      { note_id: 'n2', claim_id: CLAIM },
    ]);
  });

  it('is followed live: one change per claim per batch', () => {
    givenEvents(notesProjection, recorded([posted('n1', rita, 'a'), posted('n2', rita, 'b')])).thenChanges([
      { projection: 'notes', key: CLAIM, position: 11, eventTypes: ['NotePosted', 'NotePosted'] },
    ]);
  });

  it('the claims list and the activity index leave notes streams alone (they share the claim- prefix)', () => {
    const [event] = recorded([posted('n1', rita, 'a')]);
    expect(eventSelector(claimsProjection)(event)).toBe(false);
    expect(eventSelector(activityProjection)(event)).toBe(false);
    expect(eventSelector(notesProjection)(event)).toBe(true);
  });

  it('an unknown event type in a notes stream stops the projection rather than being skipped', () => {
    const [event] = recorded([posted('n1', rita, 'a')]);
    givenEvents(notesProjection, [{ ...event, type: 'NoteShouted' }]).thenFails(/does not know event type NoteShouted/);
  });
});
