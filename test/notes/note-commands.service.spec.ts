import { AppConfig } from '../../src/config/app-config';
import { AppendResult, ExpectedRevision, NewEvent } from '../../src/event-store/event-store.port';
import { NoteCommandsService } from '../../src/notes/application/note-commands.service';
import { MemoryEventStore } from '../support/memory-event-store';

/** A store whose appends land a moment after they are sent, so concurrent commands all read before any writes. */
class SlowAppendStore extends MemoryEventStore {
  override async append(stream: string, events: NewEvent[], expectedRevision?: ExpectedRevision): Promise<AppendResult> {
    await new Promise((resolve) => setTimeout(resolve, 2));
    return super.append(stream, events, expectedRevision);
  }
}

const reviewer = (id: string) => ({ actor: { id, name: id, roles: ['reviewer' as const] }, correlationId: `c-${id}` });

describe('NoteCommandsService: many notes on one claim at once', () => {
  it('queues them per claim: every one is kept, none lost to a concurrency race', async () => {
    const store = new SlowAppendStore();
    await store.append('claim-c1', [{ id: 'e1', type: 'ClaimSubmitted', data: {}, metadata: {} }]);
    const service = new NoteCommandsService(store, { NOTE_MAX_LENGTH: 4000, CLAIM_MAX_NOTES: 100 } as AppConfig, () => new Date('2026-01-01T00:00:00Z'));

    const outcomes = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => service.post({ claimId: 'c1', text: `Note ${i}` }, reviewer(`r${i % 3}`))));

    expect(outcomes.filter((o) => o.status === 'rejected')).toEqual([]);
    const read = await store.readStream('claim-notes-c1');
    expect(read.found && read.events.map((e) => (e.data as { text: string }).text).sort()).toEqual(Array.from({ length: 20 }, (_, i) => `Note ${i}`).sort());
  });
});
