import Database from 'better-sqlite3';
import type { Actor } from '../../src/shared/actor';
import { ProjectionBatchWriter } from '../../src/projections/projection-batch';
import type { ReadModelsService } from '../../src/projections/read-models.service';
import { InvalidArgument } from '../../src/shared/refusal';
import { PublicRecordReadModel } from '../../src/public-site/read-model/public-record.read-model';
import type { ClaimCommand } from '../../src/claims/domain/commands';
import { publicRecordProjection, publicRecordProjections } from '../../src/public-site/read-model/public-record.projection';
import { ClaimLog, givenEvents } from '../support/projection-spec';
import { alice, edgar, rita } from '../fact-check/desk.fixtures';

const rafael: Actor = { id: 'rafael', name: 'Rafael', roles: ['reviewer'] };
const ref = (a: Actor) => ({ id: a.id, name: a.name });
/** Day n of July 2025, at noon UTC. */
const day = (n: number) => new Date(Date.UTC(2025, 6, n, 12));
const iso = (n: number) => day(n).toISOString();

const submit = (claimId: string): ClaimCommand => ({
  type: 'SubmitClaim', claimId, statement: 'Two men died in Yekaterinburg.', claimant: { name: 'AzerNews', kind: 'ORGANIZATION' }, claimDate: '2025-06-28', appearances: [], language: 'en', topics: ['raids'],
});
const cite = (claimId: string, citationId: string): ClaimCommand => ({
  type: 'AddCitation', claimId, citationId, url: `https://example.org/${citationId}`, title: `Title ${citationId}`, publisher: 'Example', publishedAt: null, excerpt: `What ${citationId} says.`, stance: 'REFUTES', note: null, archivedUrl: null,
});
const verdict = (claimId: string, verdictId: string, rating = 'FALSE'): ClaimCommand => ({ type: 'RecordVerdict', claimId, verdictId, rating, rationale: 'Checked.', citationIds: ['k1', 'k2'] });

/** Claim `claimId` in review on day 1, two sources, both reviewers' verdicts FALSE: ready to publish. */
function reviewed(log: ClaimLog, claimId: string): ClaimLog {
  return log
    .run(alice, submit(claimId), day(1))
    .run(alice, cite(claimId, 'k1'), day(1))
    .run(alice, cite(claimId, 'k2'), day(1))
    .run(edgar, { type: 'AssignReviewers', claimId, reviewers: [ref(rita), ref(rafael)] }, day(1))
    .run(rita, verdict(claimId, `v-rita-${claimId}`), day(1))
    .run(rafael, verdict(claimId, `v-rafael-${claimId}`), day(1));
}

const positionOf = (log: ClaimLog, type: string, stream = 'claim-c1') => log.events.find((e) => e.type === type && e.stream === stream)!.position;

describe('public record projection', () => {
  it('records nothing before a publication: drafts, reviews and verdicts are not public', () => {
    const log = reviewed(new ClaimLog(), 'c1');
    expect(givenEvents(publicRecordProjection, log.events).tables()).toEqual({});
  });

  it('one row per publication, correction and retraction, with the event position, revision and data.at; the retraction keeps the rating it withdrew', () => {
    const log = reviewed(new ClaimLog(), 'c1')
      .run(edgar, { type: 'PublishFactCheck', claimId: 'c1', rating: 'FALSE', summary: 'No one died.' }, day(3))
      .run(edgar, { type: 'CorrectFactCheck', claimId: 'c1', note: 'A second death was confirmed.', newRating: 'MOSTLY_FALSE', newSummary: 'Two died, later.', justification: 'Confirmed after the verdicts.' }, day(5))
      .run(edgar, { type: 'RetractFactCheck', claimId: 'c1', note: 'The source was withdrawn.' }, day(6));
    const published = positionOf(log, 'FactCheckPublished');
    const corrected = positionOf(log, 'FactCheckCorrected');
    const retracted = positionOf(log, 'FactCheckRetracted');
    const revisionAt = (position: number) => log.events.find((e) => e.position === position)!.revision;
    givenEvents(publicRecordProjection, log.events).thenRows('public_changes', [
      { position: published, revision: revisionAt(published), claim_id: 'c1', kind: 'PUBLISHED', at: iso(3), note: null, rating: 'FALSE', previous_rating: null, summary: 'No one died.', justification: null },
      {
        position: corrected, revision: revisionAt(corrected), claim_id: 'c1', kind: 'CORRECTED', at: iso(5), note: 'A second death was confirmed.', rating: 'MOSTLY_FALSE', previous_rating: 'FALSE',
        summary: 'Two died, later.', justification: 'Confirmed after the verdicts.',
      },
      { position: retracted, revision: revisionAt(retracted), claim_id: 'c1', kind: 'RETRACTED', at: iso(6), note: 'The source was withdrawn.', rating: 'MOSTLY_FALSE', previous_rating: null, summary: 'Two died, later.', justification: null },
    ]);
    expect(revisionAt(published)).toBeLessThan(revisionAt(corrected));
  });

  it('a correction that changes no rating keeps the rating, names the previous one and has no justification', () => {
    const log = reviewed(new ClaimLog(), 'c1')
      .run(edgar, { type: 'PublishFactCheck', claimId: 'c1', rating: 'FALSE', summary: 'No one died.' }, day(3))
      .run(edgar, { type: 'CorrectFactCheck', claimId: 'c1', note: 'Typo in the date.', newSummary: 'No one died on 27 June.' }, day(4));
    const rows = givenEvents(publicRecordProjection, log.events).tables().public_changes;
    expect(rows.find((r) => r.kind === 'CORRECTED')).toMatchObject({ rating: 'FALSE', previous_rating: 'FALSE', summary: 'No one died on 27 June.', justification: null, note: 'Typo in the date.' });
  });

  it('reads v1 events through the claim stream upcasting: a v1 correction (no justification) and a v1 publication (no methodology)', () => {
    const log = reviewed(new ClaimLog(), 'c1');
    const revision = log.events[log.events.length - 1].revision;
    const v1 = (type: string, data: Record<string, unknown>, n: number, r: number) =>
      log.record({ stream: 'claim-c1', type, revision: r, data: data as never, metadata: { schemaVersion: 1 }, recordedAt: day(n) });
    v1('FactCheckPublished', { claimId: 'c1', rating: 'FALSE', summary: 'No.', consensusRating: 'FALSE', justification: null, verdictIds: [], citationIds: ['k1', 'k2'], by: ref(edgar), at: iso(2) }, 2, revision + 1);
    v1('FactCheckCorrected', {
      claimId: 'c1', note: 'Reworded.', previousRating: 'FALSE', newRating: 'MOSTLY_FALSE', previousSummary: 'No.', newSummary: 'Mostly no.', addedCitationIds: [], by: ref(edgar), at: iso(3),
    }, 3, revision + 2);
    givenEvents(publicRecordProjection, log.events).thenRows('public_changes', [
      { position: log.last - 1, revision: revision + 1, claim_id: 'c1', kind: 'PUBLISHED', at: iso(2), note: null, rating: 'FALSE', previous_rating: null, summary: 'No.', justification: null },
      // Stored without `justification` at all (v1): the upcaster gives null, not undefined (which a row could not hold).
      { position: log.last, revision: revision + 2, claim_id: 'c1', kind: 'CORRECTED', at: iso(3), note: 'Reworded.', rating: 'MOSTLY_FALSE', previous_rating: 'FALSE', summary: 'Mostly no.', justification: null },
    ]);
  });

  // (The spec helper compares one batch with one event per batch row for row, so the claim changed last
  // must be the one first touched last: c2 is published first, c1 last.)
  it('keeps each claim to itself: rows of two claims, each retraction withdrawing its own claim\'s rating and summary', () => {
    const log = reviewed(reviewed(new ClaimLog(), 'c1'), 'c2')
      .run(edgar, { type: 'PublishFactCheck', claimId: 'c2', rating: 'FALSE', summary: 'Not c1.' }, day(3))
      .run(edgar, { type: 'PublishFactCheck', claimId: 'c1', rating: 'FALSE', summary: 'Not c2.' }, day(4))
      .run(edgar, { type: 'RetractFactCheck', claimId: 'c1', note: 'Gone.' }, day(5));
    const at = (claimId: string, type: string) => log.events.find((e) => e.stream === `claim-${claimId}` && e.type === type)!;
    const row = (claimId: string, type: string, kind: string, summary: string, note: string | null, n: number) => ({
      position: at(claimId, type).position, revision: at(claimId, type).revision, claim_id: claimId, kind, at: iso(n), note, rating: 'FALSE', previous_rating: null, summary, justification: null,
    });
    givenEvents(publicRecordProjection, log.events).thenRows('public_changes', [
      row('c2', 'FactCheckPublished', 'PUBLISHED', 'Not c1.', null, 3),
      row('c1', 'FactCheckPublished', 'PUBLISHED', 'Not c2.', null, 4),
      row('c1', 'FactCheckRetracted', 'RETRACTED', 'Not c2.', 'Gone.', 5),
    ]);
  });

  it('ignores the same event delivered twice', () => {
    const log = reviewed(new ClaimLog(), 'c1').run(edgar, { type: 'PublishFactCheck', claimId: 'c1', rating: 'FALSE', summary: 'No.' }, day(3));
    const again = [...log.events, log.events[log.events.length - 1]];
    expect(givenEvents(publicRecordProjection, again).tables().public_changes).toHaveLength(1);
  });

  it('feeds no live updates (nobody follows the record live)', () => {
    const log = reviewed(new ClaimLog(), 'c1').run(edgar, { type: 'PublishFactCheck', claimId: 'c1', rating: 'FALSE', summary: 'No.' }, day(3));
    givenEvents(publicRecordProjection, log.events).thenChanges([]);
  });

  it('fails on a fact-check event outside a claim stream, naming it', () => {
    const log = new ClaimLog().record({ stream: 'elsewhere-1', type: 'FactCheckRetracted', revision: 0, data: { claimId: 'x', note: 'n', by: ref(edgar), at: iso(1) }, metadata: { schemaVersion: 1 }, recordedAt: day(1) });
    givenEvents(publicRecordProjection, log.events).thenFails(/FactCheckRetracted in stream elsewhere-1/);
  });
});

describe('public record read model (on SQLite, written by the runner\'s batch writer)', () => {
  let db: Database.Database;
  let record: PublicRecordReadModel;
  let log: ClaimLog;

  /** c1 published (day 3), c2 published (4), c1 corrected (5), c2 retracted (6), c1 corrected again (7). */
  beforeEach(() => {
    log = reviewed(reviewed(new ClaimLog(), 'c1'), 'c2')
      .run(edgar, { type: 'PublishFactCheck', claimId: 'c1', rating: 'FALSE', summary: 'One.' }, day(3))
      .run(edgar, { type: 'PublishFactCheck', claimId: 'c2', rating: 'FALSE', summary: 'Two.' }, day(4))
      .run(edgar, { type: 'CorrectFactCheck', claimId: 'c1', note: 'First fix.', newSummary: 'One, fixed.' }, day(5))
      .run(edgar, { type: 'RetractFactCheck', claimId: 'c2', note: 'Withdrawn.' }, day(6))
      .run(edgar, { type: 'CorrectFactCheck', claimId: 'c1', note: 'Second fix.', newSummary: 'One, fixed twice.' }, day(7));
    db = new Database(':memory:');
    db.exec(publicRecordProjection.schema);
    // Two batches, so the second loads the state the first stored.
    const writer = new ProjectionBatchWriter(db, publicRecordProjections);
    const half = log.events.findIndex((e) => e.type === 'CorrectFactCheck' || e.type === 'FactCheckCorrected');
    db.transaction(() => writer.apply(log.events.slice(0, half)))();
    db.transaction(() => writer.apply(log.events.slice(half)))();
    record = new PublicRecordReadModel({ db } as unknown as ReadModelsService);
  });
  afterEach(() => db.close());

  const summaryOf = (changes: { claimId: string; kind: string; note: string | null }[]) => changes.map((c) => `${c.claimId} ${c.kind} ${c.note ?? ''}`.trim());

  it('lists changes newest first by position, with every field', () => {
    const { changes, nextCursor } = record.changes({ first: 10 });
    expect(summaryOf(changes)).toEqual(['c1 CORRECTED Second fix.', 'c2 RETRACTED Withdrawn.', 'c1 CORRECTED First fix.', 'c2 PUBLISHED', 'c1 PUBLISHED']);
    expect(nextCursor).toBeNull();
    const retraction = log.events.find((e) => e.type === 'FactCheckRetracted')!;
    expect(changes[1]).toEqual({
      claimId: 'c2', kind: 'RETRACTED', at: iso(6), position: retraction.position, revision: retraction.revision, note: 'Withdrawn.', rating: 'FALSE', previousRating: null, summary: 'Two.', justification: null,
    });
    expect(changes.map((c) => c.position)).toEqual([...changes.map((c) => c.position)].sort((a, b) => b - a));
  });

  it('pages with its own cursors, and filters by kind', () => {
    const first = record.changes({ first: 2 });
    expect(summaryOf(first.changes)).toEqual(['c1 CORRECTED Second fix.', 'c2 RETRACTED Withdrawn.']);
    const second = record.changes({ first: 2, after: first.nextCursor! });
    expect(summaryOf(second.changes)).toEqual(['c1 CORRECTED First fix.', 'c2 PUBLISHED']);
    const last = record.changes({ first: 2, after: second.nextCursor! });
    expect(summaryOf(last.changes)).toEqual(['c1 PUBLISHED']);
    expect(last.nextCursor).toBeNull();

    const log2 = record.changes({ first: 2, kinds: ['RETRACTED', 'CORRECTED'] });
    expect(summaryOf(log2.changes)).toEqual(['c1 CORRECTED Second fix.', 'c2 RETRACTED Withdrawn.']);
    expect(summaryOf(record.changes({ first: 2, kinds: ['CORRECTED', 'RETRACTED'], after: log2.nextCursor! }).changes)).toEqual(['c1 CORRECTED First fix.']);
  });

  it('the latest position, of all changes or of some kinds; null when there is none', () => {
    const position = (type: string) => log.events.filter((e) => e.type === type).map((e) => e.position).pop();
    expect(record.latestPosition()).toBe(position('FactCheckCorrected'));
    expect(record.latestPosition(['PUBLISHED'])).toBe(position('FactCheckPublished'));
    expect(record.latestPosition(['RETRACTED', 'PUBLISHED'])).toBe(position('FactCheckRetracted'));
    db.exec('DELETE FROM public_changes');
    expect(record.latestPosition()).toBeNull();
  });

  function refusal(act: () => unknown): InvalidArgument {
    try {
      act();
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidArgument);
      return error as InvalidArgument;
    }
    throw new Error('expected a refusal');
  }

  it('refuses a cursor it did not issue, or one of other kinds, naming after', () => {
    const forged = refusal(() => record.changes({ first: 2, after: 'bm90IGEgY3Vyc29y' }));
    expect(forged.details.field).toBe('after');
    expect(forged.message).toMatch(/not a cursor this service issued/);
    const cursor = record.changes({ first: 1, kinds: ['PUBLISHED'] }).nextCursor!;
    const other = refusal(() => record.changes({ first: 1, after: cursor }));
    expect(other.details.field).toBe('after');
    expect(other.message).toMatch(/different public record query/);
  });

  it('refuses a page size outside 1 to 100 and an empty or unknown kind list, naming the argument', () => {
    expect(record.changes({ first: 100 }).changes).toHaveLength(5);
    for (const first of [0, 101, 1.5, Number.NaN]) expect(refusal(() => record.changes({ first })).details).toMatchObject({ field: 'first', max: 100 });
    expect(refusal(() => record.changes({ first: 1, kinds: [] })).details.field).toBe('kinds');
    const unknown = refusal(() => record.changes({ first: 1, kinds: ['DELETED' as never] }));
    expect(unknown.details.field).toBe('kinds');
    expect(unknown.message).toMatch(/"DELETED" is not one of PUBLISHED, CORRECTED, RETRACTED/);
  });
});
