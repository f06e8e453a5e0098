import { Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { Channel } from '../../shared/channel';
import { Feed } from '../../projections/feed';
import type { ProjectionChange } from '../../projections/projection';
import { ReadModelsService } from '../../projections/read-models.service';
import { notesProjection, NoteView } from './notes.projection';
import { NotesReadModel } from './notes.read-model';

interface NotesChange {
  claimId: string;
  notes: NoteView[];
}

/**
 * Pushes each posted, edited or retracted note to the subscribers of its claim. Fed by the read
 * models' change feed after each committed batch (what a subscriber receives is what it would read),
 * never by the in-process EventBus. Each subscription remembers the last position it pushed, so a
 * batch that changed several notes pushes each of them once.
 */
@Injectable()
export class NotesLiveUpdates implements OnModuleInit, OnModuleDestroy {
  private readonly changes = new Feed<NotesChange>();
  private unsubscribe?: () => void;

  constructor(
    private readonly readModels: ReadModelsService,
    private readonly notes: NotesReadModel,
  ) {}

  onModuleInit(): void {
    this.unsubscribe = this.readModels.changes.subscribe((changes) => this.publish(changes));
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
  }

  /** Every note of the claim that changes from now on (the notes already there: query claimNotes). */
  claimNotes(claimId: string): Channel<NoteView> {
    let seen = Math.max(-1, ...this.notes.notes(claimId).map((n) => n.position));
    const channel: Channel<NoteView> = new Channel<NoteView>(() => unsubscribe());
    const unsubscribe = this.changes.subscribe((change) => {
      if (change.claimId !== claimId) return;
      const fresh = change.notes.filter((n) => n.position > seen).sort((a, b) => a.position - b.position);
      for (const note of fresh) channel.push(note);
      seen = Math.max(seen, ...fresh.map((n) => n.position));
    });
    return channel;
  }

  private publish(changes: ProjectionChange[]): void {
    if (!this.changes.hasSubscribers) return;
    for (const { projection, key } of changes) {
      if (projection !== notesProjection.name) continue;
      this.changes.publish({ claimId: key, notes: this.notes.notes(key) });
    }
  }
}
