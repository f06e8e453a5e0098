import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { EVENT_STORE, EventStore, NO_STREAM, RecordedEvent } from '../../event-store/event-store.port';
import { EventStoreError, WrongExpectedVersion } from '../../event-store/event-store.errors';
import type { Actor } from '../../shared/actor';
import { deterministicUuid } from '../../shared/deterministic-id';
import { Refusal } from '../../shared/refusal';
import { CLOCK, Clock } from '../../shared/clock';
import { KeyedQueue } from '../../shared/keyed-queue';
import { evolveNotes, initialNotesState, NotePostedData, NotesState } from '../domain/note';
import { NoteCommand, NoteLimits } from '../domain/note-commands';
import { decideNotes } from '../domain/decide-notes';
import { claimStreamOf, notesStream, toNoteEvent, toStoredNoteEvents } from './notes-stream';

export interface NoteRequest {
  actor: Actor;
  correlationId: string;
  /** postNote only: a retry with the same mutationId finds the note it posted and writes nothing. */
  mutationId?: string;
}

export interface NoteOutcome {
  claimId: string;
  noteId: string;
  /** The notes stream's revision after the act. */
  revision: number;
  /** Global position of the last event appended: what the read models must reach. */
  position: number;
  replayed: boolean;
}

export const noteLimitsFrom = (config: Pick<AppConfig, 'NOTE_MAX_LENGTH' | 'CLAIM_MAX_NOTES'>): NoteLimits => ({
  textLength: config.NOTE_MAX_LENGTH,
  notesPerClaim: config.CLAIM_MAX_NOTES,
});

const MAX_ATTEMPTS = 5;

/**
 * The command path of notes: read the claim's notes stream, fold, decide, append at the revision read
 * (optimistic concurrency: a lost race is decided again on the fresh stream, and must pass every rule again).
 */
@Injectable()
export class NoteCommandsService {
  private readonly limits: NoteLimits;
  /**
   * One command per claim's notes at a time in this instance: a desk posting many notes at once then
   * queues instead of losing optimistic-concurrency races (instances still race, and retry).
   */
  private readonly byClaim = new KeyedQueue();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.limits = noteLimitsFrom(config);
  }

  post(input: { claimId: string; text: string; replyTo?: string | null; mentions?: string[] }, request: NoteRequest): Promise<NoteOutcome> {
    const noteId = request.mutationId
      ? deterministicUuid(JSON.stringify(['note', request.actor.id, input.claimId, request.mutationId]))
      : randomUUID();
    return this.execute(
      { type: 'PostNote', claimId: input.claimId, noteId, text: input.text, replyTo: input.replyTo ?? null, mentions: input.mentions ?? [] },
      request,
    );
  }

  edit(input: { claimId: string; noteId: string; text: string; mentions?: string[] }, request: NoteRequest): Promise<NoteOutcome> {
    return this.execute({ type: 'EditNote', claimId: input.claimId, noteId: input.noteId, text: input.text, mentions: input.mentions }, request);
  }

  retract(input: { claimId: string; noteId: string; reason: string }, request: NoteRequest): Promise<NoteOutcome> {
    return this.execute({ type: 'RetractNote', ...input }, request);
  }

  private execute(command: NoteCommand, request: NoteRequest): Promise<NoteOutcome> {
    return this.byClaim.run(command.claimId, () => this.decideAndAppend(command, request));
  }

  private async decideAndAppend(command: NoteCommand, request: NoteRequest): Promise<NoteOutcome> {
    const commandId = randomUUID();
    for (let attempt = 1; ; attempt++) {
      try {
        const claimExists = await this.claimExists(command.claimId);
        const { state, last, events: recorded } = await this.load(command.claimId);
        const replay = command.type === 'PostNote' ? state.notes.get(command.noteId) : undefined;
        if (command.type === 'PostNote' && replay && last) {
          // A retried postNote (same mutationId, same person): the note it posted, nothing new written.
          if (replay.authorId !== request.actor.id) throw new Error('A derived note id belongs to another person');
          const posted = recorded.find((e) => e.type === 'NotePosted' && (e.data as unknown as NotePostedData).noteId === command.noteId);
          const first = posted?.data as unknown as NotePostedData | undefined;
          const same = first && first.text === command.text && (first.replyTo ?? null) === command.replyTo && sameIds(first.mentions, command.mentions);
          if (!same) {
            throw new Refusal('MUTATION_ID_REUSED', 'This mutationId already posted a different note on this claim; use a new mutationId for a new note', { claimId: command.claimId, noteId: command.noteId });
          }
          return { claimId: command.claimId, noteId: command.noteId, revision: last.revision, position: last.position, replayed: true };
        }
        const events = decideNotes(command, state, { actor: request.actor, now: this.clock(), limits: this.limits, claimExists });
        const stored = toStoredNoteEvents(
          events,
          { actor: request.actor, correlationId: request.correlationId, commandId, commandType: command.type, occurredAt: this.clock() },
          last ? (typeof last.metadata.hash === 'string' ? last.metadata.hash : null) : null,
          (index) => (request.mutationId && command.type === 'PostNote' ? deterministicUuid(JSON.stringify(['note-event', command.noteId, index])) : randomUUID()),
        );
        const result = await this.store.append(notesStream(command.claimId), stored, last ? last.revision : NO_STREAM);
        return { claimId: command.claimId, noteId: command.noteId, revision: result.nextExpectedRevision, position: result.position, replayed: false };
      } catch (error) {
        if (error instanceof WrongExpectedVersion && attempt < MAX_ATTEMPTS) continue;
        if (error instanceof WrongExpectedVersion) throw new Refusal('CONFLICT', 'Too many people wrote notes on this claim at once: send it again', { claimId: command.claimId });
        if (error instanceof EventStoreError) {
          throw new Refusal(error.retrySafe ? 'EVENT_STORE_UNAVAILABLE' : 'EVENT_STORE_ERROR', `The event store failed: ${error.message}. Nothing was written.`, { claimId: command.claimId });
        }
        throw error;
      }
    }
  }

  private async claimExists(claimId: string): Promise<boolean> {
    const read = await this.store.readStream(claimStreamOf(claimId), { direction: 'backwards', maxCount: 1 });
    return read.found && read.events.length > 0;
  }

  private async load(claimId: string): Promise<{ state: NotesState; last: RecordedEvent | undefined; events: readonly RecordedEvent[] }> {
    const read = await this.store.readStream(notesStream(claimId));
    if (!read.found) return { state: initialNotesState(), last: undefined, events: [] };
    const state = read.events.reduce((s, e) => evolveNotes(s, toNoteEvent(e)), initialNotesState());
    return { state, last: read.events[read.events.length - 1], events: read.events };
  }
}

const sameIds = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
