import type { NoteEvent } from '../notes/domain/note';

const quote = (text: string, max = 80) => `"${text.length > max ? `${text.slice(0, max - 1)}…` : text}"`;
const mentioning = (ids: string[]) => (ids.length ? `, mentioning ${ids.join(', ')}` : '');

/** One line of a desk member's history for an internal note's event. */
export function summarizeNote(event: NoteEvent): string {
  const who = event.data.by.name;
  switch (event.type) {
    case 'NotePosted':
      return `${who} ${event.data.replyTo ? `replied to note ${event.data.replyTo}` : 'posted an internal note'}${mentioning(event.data.mentions)}: ${quote(event.data.text)}`;
    case 'NoteEdited':
      return `${who} edited note ${event.data.noteId}${mentioning(event.data.mentions)}: ${quote(event.data.text)}`;
    case 'NoteRetracted':
      return `${who} retracted note ${event.data.noteId}: ${event.data.reason}`;
    default: {
      const unknown: never = event;
      return `Note event ${(unknown as { type: string }).type}`;
    }
  }
}
