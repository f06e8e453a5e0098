import type { Actor } from '../../src/shared/actor';
import { claimsProjection } from '../../src/claims/read-model/claims.projection';
import type { ClaimCommand } from '../../src/claims/domain/commands';
import { ExistingClaim, foldClaim } from '../../src/claims/domain/claim';
import { toClaimEvent } from '../../src/claims/application/claim-stream';
import { NOW } from '../support/decider-spec';
import { ClaimLog, givenEvents } from '../support/projection-spec';
import { alice, edgar, rita } from '../fact-check/desk.fixtures';

const rafael: Actor = { id: 'rafael', name: 'Rafael', roles: ['reviewer'] };

const submit = (claimId: string, over: Partial<Extract<ClaimCommand, { type: 'SubmitClaim' }>> = {}): ClaimCommand => ({
  type: 'SubmitClaim',
  claimId,
  statement: 'Two men died in Yekaterinburg.',
  claimant: { name: 'AzerNews', kind: 'ORGANIZATION' },
  claimDate: '2025-06-28',
  appearances: [],
  language: 'en',
  topics: ['Raids', 'raids', 'Deaths'],
  ...over,
});
const cite = (claimId: string, citationId: string, excerpt: string): ClaimCommand => ({
  type: 'AddCitation', claimId, citationId, url: `https://example.org/${citationId}`, title: `Title ${citationId}`, publisher: 'Example', publishedAt: null, excerpt, stance: 'REFUTES', note: null, archivedUrl: null,
});
const verdict = (claimId: string, verdictId: string, citationId: string): ClaimCommand => ({ type: 'RecordVerdict', claimId, verdictId, rating: 'FALSE', rationale: 'Checked.', citationIds: [citationId] });

/** Claim c1 in review: two citations (one retracted), two reviewers assigned, Rita's verdict recorded. */
function inReview(): ClaimLog {
  return new ClaimLog()
    .run(alice, submit('c1'))
    .run(alice, cite('c1', 'k1', 'The police confirmed one death.'))
    .run(alice, cite('c1', 'k2', 'A dead link.'))
    .run(edgar, { type: 'RetractCitation', claimId: 'c1', citationId: 'k2', reason: 'Dead link' })
    .run(edgar, { type: 'AssignReviewers', claimId: 'c1', reviewers: [{ id: 'rita', name: 'Rita' }, { id: 'rafael', name: 'Rafael' }] })
    .run(rita, verdict('c1', 'v1', 'k1'));
}

describe('claims projection', () => {
  it('a submitted claim: one row with the filter columns and the folded claim, keyed by the position it was submitted at', () => {
    const log = new ClaimLog().run(alice, submit('c1'));
    const claim = foldClaim(log.events.map(toClaimEvent)) as ExistingClaim;
    givenEvents(claimsProjection, log.events).thenRows('claims', [
      {
        seq: log.last, id: 'c1', revision: 0, status: 'DRAFT', rating: null, claimant: 'AzerNews', claimant_key: 'azernews', submitter_id: 'alice', language: 'en', language_key: 'en',
        claim_date: '2025-06-28', submitted_at: NOW.toISOString(), updated_at: NOW.toISOString(), published_at: null, last_position: log.last, origin: 'DESK', doc: JSON.stringify(claim),
      },
    ]);
  });

  it('folds with the domain evolve: the stored document is the claim the write side sees, seq stays the submission position', () => {
    const log = inReview();
    const rows = givenEvents(claimsProjection, log.events).tables().claims;
    expect(rows).toHaveLength(1);
    expect(JSON.parse(String(rows[0].doc))).toEqual(foldClaim(log.events.map(toClaimEvent)));
    expect(rows[0]).toMatchObject({ seq: log.events[0].position, revision: 6, status: 'IN_REVIEW', last_position: log.last });
  });

  it('topics are lower-cased, without repeats, and replaced when the details are revised', () => {
    const log = new ClaimLog().run(alice, submit('c1'));
    const seq = log.last;
    givenEvents(claimsProjection, log.events).thenRows('claim_topics', [{ topic: 'raids', claim: seq }, { topic: 'deaths', claim: seq }]);
    log.run(alice, { type: 'ReviseClaimDetails', claimId: 'c1', changes: { topics: ['Custody'] }, reason: 'Retagged' });
    givenEvents(claimsProjection, log.events).thenRows('claim_topics', [{ topic: 'custody', claim: seq }]);
  });

  it('assignees: each awaits a verdict while the claim is in review and they have none standing', () => {
    const log = inReview();
    const seq = log.events[0].position;
    givenEvents(claimsProjection, log.events).thenRows('claim_assignees', [
      { reviewer_id: 'rita', claim: seq, awaits_verdict: 0 },
      { reviewer_id: 'rafael', claim: seq, awaits_verdict: 1 },
    ]);
    log.run(rita, { type: 'WithdrawVerdict', claimId: 'c1', verdictId: 'v1', reason: 'Second thoughts' });
    givenEvents(claimsProjection, log.events).thenRows('claim_assignees', [
      { reviewer_id: 'rita', claim: seq, awaits_verdict: 1 },
      { reviewer_id: 'rafael', claim: seq, awaits_verdict: 1 },
    ]);
    // Out of review, nobody owes a verdict, whether they gave one or not.
    log.run(edgar, { type: 'RejectClaim', claimId: 'c1', reason: 'Opinion' });
    givenEvents(claimsProjection, log.events).thenRows('claim_assignees', [
      { reviewer_id: 'rita', claim: seq, awaits_verdict: 0 },
      { reviewer_id: 'rafael', claim: seq, awaits_verdict: 0 },
    ]);
  });

  it('published: status, rating and publication time on the row, and nobody awaits a verdict any more', () => {
    // Publishing needs two standing sources (PUBLISH_MIN_SOURCES): k2 is retracted, so k3.
    const log = inReview().run(alice, cite('c1', 'k3', 'The morgue confirmed it.')).run(rafael, verdict('c1', 'v2', 'k1')).run(edgar, { type: 'PublishFactCheck', claimId: 'c1', rating: 'FALSE', summary: 'One death.' });
    const seq = log.events[0].position;
    const tables = givenEvents(claimsProjection, log.events).tables();
    expect(tables.claims[0]).toMatchObject({ status: 'PUBLISHED', rating: 'FALSE', published_at: NOW.toISOString() });
    expect(tables.claim_assignees).toEqual([
      { reviewer_id: 'rita', claim: seq, awaits_verdict: 0 },
      { reviewer_id: 'rafael', claim: seq, awaits_verdict: 0 },
    ]);
  });

  it('the full-text row, folded for search: statement, claimant, the excerpts of citations not retracted, and the unpublished rationales for the desk', () => {
    const log = inReview();
    givenEvents(claimsProjection, log.events).thenRows('claims_fts', [
      { rowid: log.events[0].position, statement: 'two men died in yekaterinburg', claimant: 'azernews', excerpts: 'title k1 the police confirmed one death', published: '', desk_excerpts: 'checked' },
    ]);
  });

  it('once published, the summary and the rationales are the readers\' text; the claimant key is folded', () => {
    const log = inReview()
      .run(alice, cite('c1', 'k3', 'The morgue confirmed it.'))
      .run(rafael, { type: 'RecordVerdict', claimId: 'c1', verdictId: 'v2', rating: 'FALSE', rationale: 'Ölüm təsdiqlənib.', citationIds: ['k1'] })
      .run(edgar, { type: 'PublishFactCheck', claimId: 'c1', rating: 'FALSE', summary: 'Один погибший, ёлка.' });
    const [row] = givenEvents(claimsProjection, log.events).tables().claims_fts;
    expect(row).toMatchObject({ published: 'один погибший елка checked olum tesdiqlenib', desk_excerpts: '' });
    const [claim] = new ClaimLog().run(alice, submit('c9', { claimant: { name: 'İlham Əliyev', kind: 'PERSON' }, language: 'az-Latn' })).events;
    expect(givenEvents(claimsProjection, [claim]).tables().claims[0]).toMatchObject({ claimant_key: 'ilham eliyev', language: 'az-Latn', language_key: 'az-latn' });
  });

  it('claims are kept apart by id; events of other streams and of a claim never submitted leave no rows', () => {
    const log = new ClaimLog()
      .run(alice, submit('c1'))
      .record({ stream: 'case-file-1', type: 'CaseImported', revision: 0, data: {}, metadata: {}, recordedAt: NOW })
      .run(alice, submit('c2', { statement: 'Nine were detained.', topics: [] }))
      .record({ stream: 'claim-ghost', type: 'ClaimRejected', revision: 0, data: { by: { id: 'x', name: 'X' }, at: NOW.toISOString(), claimId: 'ghost', reason: 'r' }, metadata: {}, recordedAt: NOW });
    const tables = givenEvents(claimsProjection, log.events).tables();
    expect(tables.claims.map((r) => [r.id, (JSON.parse(String(r.doc)) as ExistingClaim).statement])).toEqual([
      ['c1', 'Two men died in Yekaterinburg.'],
      ['c2', 'Nine were detained.'],
    ]);
    expect(tables.claims_fts.map((r) => r.rowid)).toEqual([log.events[0].position, log.events[2].position]);
    // The change feed names the two claims; the ghost's event changed nothing, so it is not announced.
    givenEvents(claimsProjection, log.events).thenChanges([
      { projection: 'claims', key: 'c1', position: log.events[0].position, eventTypes: ['ClaimSubmitted'] },
      { projection: 'claims', key: 'c2', position: log.events[2].position, eventTypes: ['ClaimSubmitted'] },
    ]);
  });

  it('an unknown event type in a claim stream stops the projection rather than being skipped', () => {
    const log = new ClaimLog().run(alice, submit('c1')).record({ stream: 'claim-c1', type: 'ClaimTeleported', revision: 1, data: {}, metadata: {}, recordedAt: NOW });
    givenEvents(claimsProjection, log.events).thenFails(/does not know event type ClaimTeleported/);
  });
});
