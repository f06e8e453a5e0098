import { Args, Context, ID, Mutation, Query, Resolver, Subscription } from '@nestjs/graphql';
import { requireActor } from '../../graphql/require-actor';
import type { RequestContext } from '../../graphql/request-context';
import { ID_MAX_LENGTH } from '../../shared/input-rules';
import { quote } from '../../shared/quote';
import { InvalidArgument } from '../../shared/refusal';
import { SAFE_ID } from '../../shared/text';
import type { Actor } from '../../shared/actor';
import { ReadModelsService } from '../../projections/read-models.service';
import { ClaimsReadModel } from '../../claims/read-model/claims.read-model';
import { mayUseNotes, NOTE_ROLES } from '../domain/decide-notes';
import { NoteError } from '../domain/note-error';
import { NoteCommandsService, NoteOutcome } from '../application/note-commands.service';
import { NotesReadModel } from '../read-model/notes.read-model';
import { NotesLiveUpdates } from '../read-model/notes-live-updates';
import type { NoteView } from '../read-model/notes.projection';
import { EditNoteInput, PostNoteInput, RetractNoteInput } from './note.inputs';
import { ClaimNotes, InternalNote, NoteResult } from './note.types';
import type { Claim } from '../../claims/api/claim.types';

/**
 * The desk's internal notes. Reviewers, editors and admins only: without a token UNAUTHENTICATED,
 * with any other token FORBIDDEN (never an empty list, which would say "no notes"), as the audit
 * queries answer.
 */
function requireNoteReader(ctx: RequestContext): Actor {
  const actor = requireActor(ctx);
  if (!mayUseNotes(actor)) throw new NoteError('FORBIDDEN', "A claim's internal notes are for its reviewers and editors", { required: [...NOTE_ROLES] });
  return actor;
}

function checkId(value: string, field: string): void {
  if (value.length > ID_MAX_LENGTH || !SAFE_ID.test(value)) {
    throw new InvalidArgument(`${field} may contain letters, digits, "-" and "_" only, at most ${ID_MAX_LENGTH} characters`, { field });
  }
}

@Resolver()
export class NotesResolver {
  constructor(
    private readonly commands: NoteCommandsService,
    private readonly notes: NotesReadModel,
    private readonly claims: ClaimsReadModel,
    private readonly live: NotesLiveUpdates,
    private readonly readModels: ReadModelsService,
  ) {}

  @Query(() => ClaimNotes, { description: "A claim's internal notes, thread by thread (reviewers, editors, admins)." })
  claimNotes(@Args('claimId', { type: () => ID, description: 'The claim whose internal notes these are.' }) claimId: string, @Context() ctx: RequestContext): ClaimNotes {
    requireNoteReader(ctx);
    checkId(claimId, 'claimId');
    if (!this.claims.get(claimId)) throw new NoteError('CLAIM_NOT_FOUND', `No claim ${quote(claimId)}`);
    // One flat list: nested lists (threads of notes) would be bounded at CLAIM_MAX_NOTES squared by the query-size estimate.
    const threads = this.notes.threads(claimId);
    const notes = threads.flatMap((t) => t.notes.map(toNote));
    return { claimId, count: notes.length, threadCount: threads.length, notes };
  }

  @Mutation(() => NoteResult, { description: 'Post an internal note on a claim, or a reply to one of its notes; mention desk members by id.' })
  async postNote(@Args('input', { description: 'What to do: see the input type for each field.' }) input: PostNoteInput, @Context() ctx: RequestContext): Promise<NoteResult> {
    const actor = requireNoteReader(ctx);
    return this.answered(await this.commands.post(input, { actor, correlationId: ctx.correlationId, mutationId: input.mutationId }));
  }

  @Mutation(() => NoteResult, { description: 'Edit your own note; its earlier text stays in claimHistory.' })
  async editNote(@Args('input', { description: 'What to do: see the input type for each field.' }) input: EditNoteInput, @Context() ctx: RequestContext): Promise<NoteResult> {
    const actor = requireNoteReader(ctx);
    const claimId = this.claimOf(input.noteId);
    return this.answered(await this.commands.edit({ claimId, noteId: input.noteId, text: input.text, mentions: input.mentions }, { actor, correlationId: ctx.correlationId }));
  }

  @Mutation(() => NoteResult, { description: 'Retract your own note, with a reason; its text stays in claimHistory.' })
  async retractNote(@Args('input', { description: 'What to do: see the input type for each field.' }) input: RetractNoteInput, @Context() ctx: RequestContext): Promise<NoteResult> {
    const actor = requireNoteReader(ctx);
    const claimId = this.claimOf(input.noteId);
    return this.answered(await this.commands.retract({ claimId, noteId: input.noteId, reason: input.reason }, { actor, correlationId: ctx.correlationId }));
  }

  @Subscription(() => InternalNote, {
    description: "Each note of the claim as it is posted, edited or retracted (once the read models include it). Reviewers, editors, admins.",
    resolve: (note: NoteView) => toNote(note),
  })
  claimNotesUpdated(@Args('claimId', { type: () => ID, description: 'The claim whose internal notes these are.' }) claimId: string, @Context() ctx: RequestContext) {
    requireNoteReader(ctx);
    checkId(claimId, 'claimId');
    return this.live.claimNotes(claimId);
  }

  private claimOf(noteId: string): string {
    const claimId = this.notes.claimOf(noteId);
    if (claimId === null) throw new NoteError('NOTE_NOT_FOUND', `No note ${quote(noteId)}`);
    return claimId;
  }

  /** Read-your-writes: answers once this instance's read models include the note. */
  private async answered(outcome: NoteOutcome): Promise<NoteResult> {
    await this.readModels.waitFor(outcome.position);
    const note = this.notes.notes(outcome.claimId).find((n) => n.noteId === outcome.noteId);
    return {
      claimId: outcome.claimId,
      noteId: outcome.noteId,
      revision: outcome.revision,
      position: outcome.position,
      replayed: outcome.replayed,
      note: note ? toNote(note) : null,
      // Only reviewers, editors and admins get here: they see every claim.
      claim: this.claims.get(outcome.claimId) as Claim | null,
    };
  }
}

export function toNote(note: NoteView): InternalNote {
  return {
    id: note.noteId,
    noteId: note.noteId,
    claimId: note.claimId,
    text: note.text,
    replyTo: note.replyTo,
    threadId: note.threadId,
    mentions: note.mentions,
    author: { id: note.author.id, personId: note.author.id, name: note.author.name },
    postedAt: note.postedAt,
    editedAt: note.editedAt,
    edits: note.edits,
    retraction: note.retraction,
  };
}
