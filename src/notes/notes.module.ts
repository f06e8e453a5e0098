import { Module } from '@nestjs/common';
import { ClaimsModule } from '../claims/claims.module';
import { CLOCK, systemClock } from '../shared/clock';
import { registerProjections } from '../projections/projection-registry';
import { NoteCommandsService } from './application/note-commands.service';
import { NotesReadModel } from './read-model/notes.read-model';
import { NotesLiveUpdates } from './read-model/notes-live-updates';
import { notesProjections } from './read-model/notes.projection';
import { NotesResolver } from './api/notes.resolver';

/** Internal notes on claims: the desk's own discussion, for reviewers and editors (issue 13, point 4). */
@Module({
  imports: [ClaimsModule],
  providers: [
    { provide: CLOCK, useValue: systemClock },
    NoteCommandsService,
    NotesReadModel,
    NotesLiveUpdates,
    NotesResolver,
    registerProjections('notes', notesProjections),
  ],
  exports: [NotesReadModel],
})
export class NotesModule {}
