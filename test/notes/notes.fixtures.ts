import type { Actor } from '../../src/shared/actor';
import { foldNotes, NoteEvent } from '../../src/notes/domain/note';
import { NoteCommand, NoteLimits } from '../../src/notes/domain/note-commands';
import { decideNotes } from '../../src/notes/domain/decide-notes';
import { NoteError, NoteErrorCode } from '../../src/notes/domain/note-error';

export const NOW = new Date('2025-07-10T12:00:00.000Z');
export const AT = NOW.toISOString();
export const CLAIM = 'claim-1';
export const LIMITS: NoteLimits = { textLength: 4000, notesPerClaim: 500 };

export const rita: Actor = { id: 'rita', name: 'Rita Reviewer', roles: ['reviewer'] };
export const rafael: Actor = { id: 'rafael', name: 'Rafael Reviewer', roles: ['reviewer'] };
export const edgar: Actor = { id: 'edgar', name: 'Edgar Editor', roles: ['editor'] };
export const ada: Actor = { id: 'ada', name: 'Ada Admin', roles: ['admin'] };
export const alice: Actor = { id: 'alice', name: 'Alice Contributor', roles: ['contributor'] };
export const reader: Actor = { id: 'reader', name: 'A Reader', roles: [] };

const by = (actor: Actor) => ({ id: actor.id, name: actor.name });

export const posted = (noteId: string, actor: Actor, text: string, extra: { replyTo?: string; mentions?: string[] } = {}): NoteEvent => ({
  type: 'NotePosted',
  data: { claimId: CLAIM, noteId, text, replyTo: extra.replyTo ?? null, mentions: extra.mentions ?? [], by: by(actor), at: AT },
});
export const edited = (noteId: string, actor: Actor, text: string, mentions: string[] = []): NoteEvent => ({
  type: 'NoteEdited',
  data: { claimId: CLAIM, noteId, text, mentions, by: by(actor), at: AT },
});
export const retracted = (noteId: string, actor: Actor, reason: string): NoteEvent => ({
  type: 'NoteRetracted',
  data: { claimId: CLAIM, noteId, reason, by: by(actor), at: AT },
});

/** Given (the claim's notes events) / when (a note command, by an actor) / then (events, or the refusal). */
export function given(history: NoteEvent[], options: { limits?: Partial<NoteLimits>; claimExists?: boolean } = {}) {
  return {
    when(command: NoteCommand, actor: Actor) {
      const run = () =>
        decideNotes(command, foldNotes(history), { actor, now: NOW, limits: { ...LIMITS, ...options.limits }, claimExists: options.claimExists ?? true });
      return {
        then(expected: NoteEvent[]): void {
          expect(run()).toEqual(expected);
        },
        thenRefused(code: NoteErrorCode, message?: RegExp): NoteError {
          let caught: unknown;
          try {
            run();
          } catch (error) {
            caught = error;
          }
          expect(caught).toBeInstanceOf(NoteError);
          const error = caught as NoteError;
          expect(error.code).toBe(code);
          if (message) expect(error.message).toMatch(message);
          return error;
        },
      };
    },
  };
}
