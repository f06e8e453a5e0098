import { ratingScale } from '../../src/claims/domain/rating-scale';
import type { DeskPolicy } from '../../src/claims/domain/commands';
import { RecordedEvent } from '../../src/event-store/event-store.port';
import { hashOf } from '../../src/claims/application/hash-chain';
import { validateCaseFile } from '../../src/case-file/case-file.validate';
import type { CaseFile } from '../../src/case-file/case-file.types';
import {
  caseIdOf,
  caseImportStream,
  checkCaseRules,
  claimFingerprint,
  claimIdsOf,
  EMPTY_CASE,
  ExistingCase,
  FingerprintData,
  ImportContext,
  planCaseImport,
} from '../../src/case-file/case-import.plan-events';
import { MemoryEventStore } from '../support/memory-event-store';
import { smallCase } from '../support/small-case';

const policy: DeskPolicy = { scale: ratingScale(), minReviewers: 2 };
const NOW = new Date('2026-01-10T12:00:00Z');
const context = (importId = 'import-1'): ImportContext => ({ secret: 'unit-secret', policy, now: NOW, importedBy: { id: 'bot', name: 'Bot' }, importId });

/** What a store holds after the plan's batches: given for the next plan, as the service would read it. */
async function applied(file: CaseFile, ...plans: ReturnType<typeof planCaseImport>[]): Promise<ExistingCase> {
  const store = new MemoryEventStore();
  for (const plan of plans) await store.appendStreams(plan.batches);
  return existing(store, file);
}

async function existing(store: MemoryEventStore, file: CaseFile): Promise<ExistingCase> {
  const read = async (s: string): Promise<RecordedEvent[]> => {
    const r = await store.readStream(s);
    return r.found ? r.events : [];
  };
  const registry = await read(caseImportStream(caseIdOf(file)));
  const claimStreams = new Map<string, RecordedEvent[]>();
  for (const id of claimIdsOf(file, registry, 'unit-secret').values()) claimStreams.set(id, await read(`claim-${id}`));
  const fingerprints = new Map<string, FingerprintData>();
  for (const claim of file.claims) {
    const [first] = await read(`case-import-claim-${claimFingerprint(claim)}`);
    if (first) fingerprints.set(claimFingerprint(claim), first.data as unknown as FingerprintData);
  }
  return { registry, claimStreams, fingerprints };
}

describe('the case-import planner (given the store\'s state, when a file, then events or problems)', () => {
  it('given nothing: the registry start, every claim\'s stream, the fingerprints and the registry end, each act as its person at the import\'s time', () => {
    const plan = planCaseImport(smallCase(), EMPTY_CASE, context());
    expect(plan.problems).toEqual([]);
    expect(plan.batches.map((b) => b.stream.replace(/-[0-9a-f-]{20,}$/, ''))).toEqual([
      'case-import', 'claim', 'claim', 'claim', 'case-import-claim', 'case-import-claim', 'case-import-claim', 'case-import',
    ]);
    expect(plan.batches[0].events[0].type).toBe('CaseImportStarted');
    expect(plan.batches[7]).toMatchObject({ expectedRevision: 0, events: [{ type: 'CaseImportCompleted' }] });
    const deaths = plan.batches[1].events;
    expect(deaths[0]).toMatchObject({ type: 'ClaimSubmitted', metadata: { actorId: 'carla', occurredAt: NOW.toISOString(), correlationId: 'import-1', importedBy: { id: 'bot', name: 'Bot' } } });
    expect(deaths[0].metadata!.previousHash).toBeNull();
    for (let i = 1; i < deaths.length; i++) expect(deaths[i].metadata!.previousHash).toBe(deaths[i - 1].metadata!.hash);
    expect(plan.claims.map((c) => [c.key, c.state.exists && c.state.status, c.written, c.alreadyImported])).toEqual([
      ['deaths', 'PUBLISHED', 10, 0],
      ['contempt', 'REJECTED', 2, 0],
      ['detained', 'IN_REVIEW', 3, 0],
    ]);
  });

  it('given the file imported: the same file plans nothing, every act already imported', async () => {
    const file = smallCase();
    const state = await applied(file, planCaseImport(file, EMPTY_CASE, context()));
    const again = planCaseImport(file, state, context('import-2'));
    expect(again.problems).toEqual([]);
    expect(again.batches).toEqual([]);
    expect(again.claims.every((c) => c.written === 0 && c.alreadyImported === c.acts)).toBe(true);
  });

  it('given the file imported: a new act chains onto the stream\'s last event at its revision', async () => {
    const file = smallCase();
    const state = await applied(file, planCaseImport(file, EMPTY_CASE, context()));
    file.claims[2].verdicts = [{ by: 'rustam', rating: 'TRUE', rationale: 'Confirmed.', citations: ['police'] }];
    const plan = planCaseImport(file, state, context('import-2'));
    expect(plan.problems).toEqual([]);
    const stored = state.claimStreams.get(plan.claims[2].claimId)!;
    const batch = plan.batches.find((b) => b.stream === `claim-${plan.claims[2].claimId}`)!;
    expect(batch.expectedRevision).toBe(stored[stored.length - 1].revision);
    expect(batch.events[0].metadata!.previousHash).toBe(hashOf(stored[stored.length - 1]));
    expect(plan.batches[0]).toMatchObject({ stream: caseImportStream(plan.caseId), expectedRevision: 1 });
  });

  it('given the file imported: changed text is ALREADY_IMPORTED_CHANGED at the act, and nothing is planned', async () => {
    const file = smallCase();
    const state = await applied(file, planCaseImport(file, EMPTY_CASE, context()));
    file.claims[0].verdicts![1].rationale = 'Three sources confirm.';
    const plan = planCaseImport(file, state, context('import-2'));
    expect(plan.problems).toEqual([expect.objectContaining({ path: 'claims[0].verdicts[1]', code: 'ALREADY_IMPORTED_CHANGED', message: expect.stringMatching(/revision act/) })]);
    expect(plan.batches).toEqual([]);
  });

  it('given a claim whose stored history was tampered with: INTEGRITY at the claim, nothing planned', async () => {
    const file = smallCase();
    const state = await applied(file, planCaseImport(file, EMPTY_CASE, context()));
    const id = [...state.claimStreams.keys()][2];
    const events = state.claimStreams.get(id)!;
    const tampered = new Map(state.claimStreams);
    tampered.set(id, [events[0], { ...events[1], data: { ...events[1].data, title: 'Rewritten' } }, ...events.slice(2)]);
    file.claims[2].verdicts = [{ by: 'rustam', rating: 'TRUE', rationale: 'Confirmed.', citations: ['police'] }];
    const plan = planCaseImport(file, { ...state, claimStreams: tampered }, context('import-2'));
    expect(plan.problems).toEqual([expect.objectContaining({ path: 'claims[2]', code: 'INTEGRITY' })]);
    expect(plan.batches).toEqual([]);
  });

  it('given nothing: a refusal of the desk\'s rules names the act\'s place and code', () => {
    const file = smallCase();
    file.claims[2].review = { assignedBy: 'carla', reviewers: ['rustam'] };
    const plan = planCaseImport(file, EMPTY_CASE, context());
    expect(plan.problems).toEqual([expect.objectContaining({ path: 'claims[2].review', code: 'FORBIDDEN' })]);
    expect(plan.batches).toEqual([]);
  });

  it('given a started import that never completed (EventStoreDB): the re-run is resumed and writes only what is missing', async () => {
    const file = smallCase();
    const first = planCaseImport(file, EMPTY_CASE, context());
    const store = new MemoryEventStore();
    // The registry start and the first claim were written, then the store went away.
    await store.appendStreams(first.batches.slice(0, 2));
    const plan = planCaseImport(file, await existing(store, file), context('import-2'));
    expect(plan.resumed).toBe(true);
    expect(plan.claims.map((c) => [c.written, c.alreadyImported])).toEqual([[0, 10], [2, 0], [3, 0]]);
  });

  it('the dry run (the rules on empty state) refuses what the validator refuses, at the same place', () => {
    const file = smallCase();
    file.claims[0].publication!.by = 'rustam';
    const validated = validateCaseFile(structuredClone(file), policy, NOW);
    expect(validated.ok).toBe(false);
    const rules = checkCaseRules(file, policy, NOW);
    expect(rules.map((p) => p.path)).toEqual(validated.ok ? [] : validated.problems.map((p) => p.path));
  });
});
