import { AuditTrailService } from '../../src/audit/audit-trail.service';
import { ClaimCommandPipeline } from '../../src/claims/application/claim-command-pipeline';
import { AddCitationCommand, CommandRequest, SubmitClaimCommand } from '../../src/claims/application/claim-commands';
import { claimStream } from '../../src/claims/application/claim-stream';
import { DEFAULT_CLAIM_LIMITS, DeskPolicy } from '../../src/claims/domain/commands';
import { ratingScale } from '../../src/claims/domain/rating-scale';
import type { ClaimsReadModel } from '../../src/claims/read-model/claims.read-model';
import { MemoryEventStore } from '../support/memory-event-store';

const POLICY: DeskPolicy = { scale: ratingScale(), minReviewers: 2, limits: DEFAULT_CLAIM_LIMITS };
const alice = { id: 'alice', name: 'Alice', roles: ['contributor' as const] };
const request = (extra: Partial<CommandRequest> = {}): CommandRequest => ({ actor: alice, correlationId: 'test', ...extra });

/** The desk's own command path writes the events, so they are chained exactly as in production. */
function deskOn(store: MemoryEventStore) {
  const pipeline = new ClaimCommandPipeline(
    store,
    () => new Date('2025-07-10T12:00:00.000Z'),
    POLICY,
    { reached: async () => 'reached' as const },
    { startTimer: () => () => undefined },
    { CLAIM_STATE_CACHE_MB: 0 },
    'a-test-secret-for-ids-0123456789abcdef',
  );
  return {
    submit: async (mutationId?: string) =>
      (
        await pipeline.run(
          new SubmitClaimCommand(
            { statement: 'Two men died in the raids.', claimant: { name: 'Agency', kind: 'ORGANIZATION' }, claimDate: '2025-06-28', appearances: [], language: 'en', topics: [] },
            request({ mutationId }),
          ),
        )
      ).createdId!,
    cite: (claimId: string, n: number) =>
      pipeline.run(new AddCitationCommand({ claimId, url: `https://example.org/${n}`, title: `Source ${n}`, publisher: 'Wire', excerpt: `Excerpt ${n}.`, stance: 'REFUTES' }, request())),
  };
}

/** The read models are consulted only to spot events removed from a stream's end; none were here. */
const noReadModel = { get: () => undefined } as unknown as ClaimsReadModel;

async function claimWithCitations(store: MemoryEventStore, citations: number, mutationId?: string): Promise<string> {
  const desk = deskOn(store);
  const claimId = await desk.submit(mutationId);
  for (let n = 1; n <= citations; n++) await desk.cite(claimId, n);
  return claimId;
}

describe('the audit trail of a stream whose events are all gone', () => {
  // The port's `{ found: true, events: [] }`: the stream exists, but every event was truncated away.
  async function emptied() {
    const store = new MemoryEventStore();
    const claimId = await claimWithCitations(store, 2);
    store.truncateBefore(claimStream(claimId), 100);
    return { audit: new AuditTrailService(store, noReadModel), claimId };
  }

  it('given such a stream, when its history is asked for, then it answers an empty history that says no event is left, instead of crashing', async () => {
    const { audit, claimId } = await emptied();
    const page = await audit.history(claimId, {});
    expect(page).toMatchObject({ entries: [], cursors: [], hasNextPage: false, lastRevision: -1, stored: { firstRevision: null, complete: false } });
    expect(page.stored.notice).toMatch(/holds none of its events any more/);
  });

  it('given such a stream, when its chain is verified, then the verdict is INCOMPLETE, neither valid nor broken', async () => {
    const { audit, claimId } = await emptied();
    expect(await audit.verify(claimId)).toMatchObject({ ok: false, verdict: 'INCOMPLETE', eventsChecked: 0, lastRevision: -1, firstBreak: null, stored: { firstRevision: null, complete: false } });
  });

  it('given such a stream, when the claim is asked for at a revision, then HISTORY_INCOMPLETE says why it cannot be shown', async () => {
    const { audit, claimId } = await emptied();
    await expect(audit.atRevision(claimId, 0)).rejects.toMatchObject({ code: 'HISTORY_INCOMPLETE', details: { claimId, firstRevision: null } });
  });
});

describe('the audit trail of a stream whose first events were truncated', () => {
  async function truncated() {
    const store = new MemoryEventStore();
    const claimId = await claimWithCitations(store, 4);
    store.truncateBefore(claimStream(claimId), 2);
    return { store, audit: new AuditTrailService(store, noReadModel), claimId };
  }

  it('given revisions 0 and 1 truncated, when the history is read page by page either way, then it shows revisions 2 to 4 and says it begins at 2', async () => {
    const { audit, claimId } = await truncated();
    const first = await audit.history(claimId, { first: 2 });
    expect(first.entries.map((e) => e.event.revision)).toEqual([2, 3]);
    expect(first).toMatchObject({ hasNextPage: true, lastRevision: 4, stored: { firstRevision: 2, complete: false } });
    expect(first.stored.notice).toMatch(/begins at revision 2: the events before it are no longer in the event store/);
    const second = await audit.history(claimId, { first: 2, after: first.cursors[1] });
    expect(second.entries.map((e) => e.event.revision)).toEqual([4]);
    expect(second.hasNextPage).toBe(false);

    const newest = await audit.history(claimId, { first: 2, order: 'NEWEST_FIRST' });
    expect(newest.entries.map((e) => e.event.revision)).toEqual([4, 3]);
    const older = await audit.history(claimId, { first: 2, order: 'NEWEST_FIRST', after: newest.cursors[1] });
    expect(older.entries.map((e) => e.event.revision)).toEqual([2]);
    expect(older.hasNextPage).toBe(false);
  });

  it('given such a stream, when its chain is verified, then the verdict is INCOMPLETE with no break: what is left chains, its start cannot be verified', async () => {
    const { audit, claimId } = await truncated();
    const report = await audit.verify(claimId);
    expect(report).toMatchObject({ ok: false, verdict: 'INCOMPLETE', eventsChecked: 3, lastRevision: 4, firstBreak: null, stored: { firstRevision: 2, complete: false } });
    expect(report.stored.notice).toMatch(/cannot be verified from the start/);
  });

  it('given such a stream with a later event altered, when its chain is verified, then the verdict is BROKEN at that event', async () => {
    const { store, audit, claimId } = await truncated();
    const altered = store.log.find((e) => e.stream === claimStream(claimId) && e.revision === 3)!;
    altered.data = { ...altered.data, title: 'Something else' };
    expect(await audit.verify(claimId)).toMatchObject({ ok: false, verdict: 'BROKEN', firstBreak: { revision: 3 } });
  });

  it('given such a stream, when the claim is asked for at a revision, as of now or as a diff, then HISTORY_INCOMPLETE names where the stored history begins', async () => {
    const { audit, claimId } = await truncated();
    const incomplete = { code: 'HISTORY_INCOMPLETE', details: { claimId, firstRevision: 2 } };
    await expect(audit.atRevision(claimId, 1)).rejects.toMatchObject(incomplete);
    await expect(audit.atRevision(claimId, 3)).rejects.toMatchObject(incomplete);
    await expect(audit.asOf(claimId, new Date())).rejects.toMatchObject(incomplete);
    await expect(audit.diff(claimId, 2, 4)).rejects.toMatchObject(incomplete);
    // A revision beyond the end is still the caller's mistake.
    await expect(audit.atRevision(claimId, 9)).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
  });
});

describe('the audit trail of a stream soft-deleted and written again', () => {
  async function recreated() {
    const store = new MemoryEventStore();
    const claimId = await claimWithCitations(store, 1, 'submit');
    store.softDelete(claimStream(claimId));
    const desk = deskOn(store);
    await desk.submit('submit');
    await desk.cite(claimId, 2);
    return { store, audit: new AuditTrailService(store, noReadModel), claimId };
  }

  it('given a claim resubmitted at revision 2, when its history and chain are read, then both say where it begins again and the chain from there holds', async () => {
    const { audit, claimId } = await recreated();
    const page = await audit.history(claimId, {});
    expect(page.entries.map((e) => [e.event.revision, e.event.type])).toEqual([
      [2, 'ClaimSubmitted'],
      [3, 'CitationAdded'],
    ]);
    expect(page.stored).toMatchObject({ firstRevision: 2, complete: false });
    expect(page.stored.notice).toMatch(/deleted and written again: its stored history begins at revision 2 with a new submission/);
    expect(await audit.verify(claimId)).toMatchObject({ ok: false, verdict: 'INCOMPLETE', eventsChecked: 2, lastRevision: 3, firstBreak: null });
  });

  it('given such a claim, when it is asked for at a revision or as a diff from its new submission, then it is folded from the stored events with their own revisions', async () => {
    const { audit, claimId } = await recreated();
    const snapshot = await audit.atRevision(claimId, 3);
    expect(snapshot).toMatchObject({ existed: true, revision: 3, claim: { revision: 3, citations: [{ title: 'Source 2' }] } });
    const diff = await audit.diff(claimId, 2, 3);
    expect(diff).toMatchObject({ fromRevision: 2, toRevision: 3, citationsAdded: [{ title: 'Source 2' }] });
    await expect(audit.atRevision(claimId, 1)).rejects.toMatchObject({ code: 'HISTORY_INCOMPLETE', details: { firstRevision: 2 } });
  });

  it('given the log still holding the deleted events (as $all does until a scavenge), when every trail is verified in one pass, then the stream is INCOMPLETE from its new submission, not broken', async () => {
    const { store, audit, claimId } = await recreated();
    const intact = await claimWithCitations(store, 1);
    const all = await audit.verifyAll();
    expect(all.ok).toBe(false);
    expect(all.reports.find((r) => r.claimId === claimId)).toMatchObject({ verdict: 'INCOMPLETE', firstBreak: null, stored: { firstRevision: 2 } });
    expect(all.reports.find((r) => r.claimId === intact)).toMatchObject({ ok: true, verdict: 'VALID', stored: { firstRevision: 0, complete: true, notice: null } });
  });
});

describe('the audit trail of a tombstoned claim', () => {
  it('given a tombstoned stream, when its history is asked for, then CLAIM_DELETED says so instead of an internal error', async () => {
    const store = new MemoryEventStore();
    const claimId = await claimWithCitations(store, 0);
    store.tombstone(claimStream(claimId));
    const audit = new AuditTrailService(store, noReadModel);
    await expect(audit.history(claimId, {})).rejects.toMatchObject({ code: 'CLAIM_DELETED', details: { claimId } });
    await expect(audit.verify(claimId)).rejects.toMatchObject({ code: 'CLAIM_DELETED' });
  });
});
