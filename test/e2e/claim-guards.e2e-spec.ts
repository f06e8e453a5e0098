import { deterministicUuid } from '../../src/shared/deterministic-id';
import { citationInput, claimInput } from '../support/claim-inputs';
import { DeskClient } from '../support/desk-client';
import { eventually } from '../support/eventually';
import { WsSubscriber } from '../support/ws-subscriber';
import { expectUntouched } from '../support/hostile';
import { makeTempDir } from '../support/temp-dir';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * The command path's guards over real HTTP: no existence oracle for who may not act, claims that
 * cannot grow without bound, and ids that outsiders cannot predict from a mutationId.
 */
describe('claims: who may act, how big a claim may grow, unpredictable ids (e2e)', () => {
  let app: TestApp;
  let alice: DeskClient;
  let carl: DeskClient;
  let edgar: DeskClient;
  let nobody: DeskClient;
  let draftId: string;
  let rejectedId: string;
  const unknownId = '00000000-0000-8000-8000-000000000000';

  beforeAll(async () => {
    app = await startTestApp({ CLAIM_MAX_CITATIONS: '3', CLAIM_MAX_ASSIGNEES: '2', CLAIM_MAX_EVENTS: '20' });
    alice = new DeskClient(app, await app.token({ sub: 'alice', name: 'Alice', roles: ['contributor'] }));
    carl = new DeskClient(app, await app.token({ sub: 'carl', name: 'Carl', roles: ['contributor'] }));
    edgar = new DeskClient(app, await app.token({ sub: 'edgar', name: 'Edgar', roles: ['editor'] }));
    nobody = new DeskClient(app, await app.token({ sub: 'nobody', name: 'Nobody', roles: [] }));
    draftId = (await alice.ok('submitClaim', claimInput('A draft nobody outside the desk should learn of.'))).claimId;
    rejectedId = (await alice.ok('submitClaim', claimInput('A claim the editor rejected.'))).claimId;
    await edgar.ok('rejectClaim', { claimId: rejectedId, reason: 'An opinion, not a fact' });
  });
  afterAll(async () => app.close());

  describe('no existence oracle', () => {
    const acts: [string, (claimId: string) => Record<string, unknown>][] = [
      ['addCitation', (claimId) => citationInput(claimId, 1)],
      ['rejectClaim', (claimId) => ({ claimId, reason: 'Probing' })],
      ['reopenClaim', (claimId) => ({ claimId, reason: 'Probing' })],
      ['publishFactCheck', (claimId) => ({ claimId, rating: 'FALSE', summary: 'Probing' })],
      ['retractCitation', (claimId) => ({ claimId, citationId: unknownId, reason: 'Probing' })],
      ['addCitation', (claimId) => ({ ...citationInput(claimId, 2), expectedRevision: 0 })],
    ];

    it.each(acts)('a token with no role: %s answers the same FORBIDDEN for an unknown id, a draft and a rejected claim, and writes nothing', async (mutation, input) => {
      const answers = [];
      for (const claimId of [unknownId, draftId, rejectedId]) {
        const { error } = await expectUntouched(app, () => nobody.mutate(mutation, input(claimId)));
        expect(error?.code).toBe('FORBIDDEN');
        answers.push(JSON.stringify({ message: error!.message, extensions: error!.extensions }));
      }
      expect(new Set(answers).size).toBe(1);
    });

    it('a contributor rejecting or publishing gets the same FORBIDDEN for an unknown id and an existing claim', async () => {
      for (const [mutation, input] of [acts[1], acts[3]]) {
        const answers = [];
        for (const claimId of [unknownId, draftId, rejectedId]) {
          const { error } = await expectUntouched(app, () => carl.mutate(mutation, input(claimId)));
          expect(error?.code).toBe('FORBIDDEN');
          answers.push(error!.message);
        }
        expect(new Set(answers).size).toBe(1);
      }
    });

    it('the desk\'s people keep their helpful codes: CLAIM_NOT_FOUND and INVALID_TRANSITION with its status', async () => {
      expect((await expectUntouched(app, () => carl.mutate('addCitation', citationInput(unknownId, 1)))).error?.code).toBe('CLAIM_NOT_FOUND');
      const { error } = await expectUntouched(app, () => edgar.mutate('rejectClaim', { claimId: rejectedId, reason: 'Again' }));
      expect(error).toMatchObject({ code: 'INVALID_TRANSITION', extensions: { status: 'REJECTED' } });
    });
  });

  describe('bounded claims (CLAIM_MAX_*)', () => {
    it('a citation beyond CLAIM_MAX_CITATIONS is refused with CLAIM_LIMIT_REACHED { limit, max }, writing nothing', async () => {
      const { claimId } = await alice.ok('submitClaim', claimInput('A claim with as many citations as allowed.'));
      for (let n = 1; n <= 3; n++) await alice.ok('addCitation', citationInput(claimId, n));
      const { error } = await expectUntouched(app, () => alice.mutate('addCitation', citationInput(claimId, 4)));
      expect(error).toMatchObject({ code: 'CLAIM_LIMIT_REACHED', extensions: { limit: 'citations', max: 3 } });
      expect(error!.message).toMatch(/at most 3 citations/);
    });

    it('assigning beyond CLAIM_MAX_ASSIGNEES is refused with CLAIM_LIMIT_REACHED', async () => {
      const { claimId } = await alice.ok('submitClaim', claimInput('A claim with as many reviewers as allowed.'));
      await edgar.ok('assignReviewers', { claimId, reviewers: [{ id: 'rita' }, { id: 'ravi' }] });
      const { error } = await expectUntouched(app, () => edgar.mutate('assignReviewers', { claimId, reviewers: [{ id: 'rosa' }] }));
      expect(error).toMatchObject({ code: 'CLAIM_LIMIT_REACHED', extensions: { limit: 'assignees', max: 2 } });
    });

    it('no act takes a claim past CLAIM_MAX_EVENTS', async () => {
      const { claimId } = await alice.ok('submitClaim', claimInput('A claim revised again and again.'));
      for (let n = 1; n < 20; n++) await alice.ok('reviseClaimDetails', { claimId, topics: [`topic-${n}`], reason: `Revision ${n}` });
      const { error } = await expectUntouched(app, () => alice.mutate('reviseClaimDetails', { claimId, topics: ['one-more'], reason: 'One more' }));
      expect(error).toMatchObject({ code: 'CLAIM_LIMIT_REACHED', extensions: { limit: 'events', max: 20 } });
    });
  });

  describe('ids derived from a mutationId', () => {
    it('are not the unkeyed derivation of actor and mutationId, differ between installations, and stay the same across a restart', async () => {
      const submitWith = async (target: TestApp) => {
        const desk = new DeskClient(target, await target.token({ sub: 'alice', name: 'Alice', roles: ['contributor'] }));
        const { claimId } = await desk.ok('submitClaim', { ...claimInput('The same act on two installations.'), mutationId: 'submit-1' });
        return claimId;
      };
      const dataDir = makeTempDir('factcheck-ids-');
      try {
        const first = await startTestApp({ DATA_DIR: dataDir.path });
        const id = await submitWith(first);
        await first.close();
        expect(id).not.toBe(deterministicUuid('claim:alice:submit-1'));

        const restarted = await startTestApp({ DATA_DIR: dataDir.path });
        const retried = new DeskClient(restarted, await restarted.token({ sub: 'alice', name: 'Alice', roles: ['contributor'] }));
        const again = await retried.ok('submitClaim', { ...claimInput('The same act on two installations.'), mutationId: 'submit-1' });
        expect(again).toMatchObject({ claimId: id, replayed: true });
        await restarted.close();

        const elsewhere = await startTestApp();
        expect(await submitWith(elsewhere)).not.toBe(id);
        await elsewhere.close();

        const configured = await startTestApp({ ID_SECRET: 'x'.repeat(40) });
        const configuredId = await submitWith(configured);
        await configured.close();
        const configuredAgain = await startTestApp({ ID_SECRET: 'x'.repeat(40) });
        expect(await submitWith(configuredAgain)).toBe(configuredId);
        await configuredAgain.close();
      } finally {
        dataDir.remove();
      }
    });
  });

  describe('live updates carry a bounded summary, whatever the claim holds', () => {
    const SUMMARY = 'id revision status statement claimant { name kind } claimDate language topics submittedBy { id name } updatedAt assignees { id name } citationCount verdictCount correctionCount rating';

    it('a claim with the most and the largest citations allowed: each update is the same few hundred bytes, not the document', async () => {
      const { claimId } = await alice.ok('submitClaim', claimInput('A claim whose evidence is as large as allowed.'));
      const big = (n: number) => ({ ...citationInput(claimId, n), excerpt: `${n} ${'x'.repeat(3990)}`, note: 'n'.repeat(4000), title: 't'.repeat(500) });
      const ws = new WsSubscriber(app.url, edgar.token);
      try {
        const feed = ws.subscribe<{ deskChanges: { claim: Record<string, unknown> } }>(`subscription { deskChanges { claimId revision claim { ${SUMMARY} } } }`);
        const one = ws.subscribe<{ claimUpdated: Record<string, unknown> }>(`subscription($id: ID!) { claimUpdated(id: $id) { ${SUMMARY} } }`, { id: claimId });
        await eventually(() => expect(one.received).toHaveLength(1));
        for (let n = 1; n <= 3; n++) await alice.ok('addCitation', big(n));
        await eventually(() => expect(one.received.at(-1)?.claimUpdated.citationCount).toBe(3));
        await eventually(() => expect(feed.received.filter((r) => (r.deskChanges as unknown as { claimId: string }).claimId === claimId)).toHaveLength(3));
        const sizes = [...one.received.map((r) => JSON.stringify(r).length), ...feed.received.map((r) => JSON.stringify(r).length)];
        // The claim now holds over 25,000 characters of evidence; no update carries any of it.
        expect(Math.max(...sizes)).toBeLessThan(1_000);
        expect(one.errors).toEqual([]);
        expect(feed.errors).toEqual([]);
      } finally {
        await ws.close();
      }
    });

    it('a subscription cannot ask for the evidence: the summary has no citations (a validation error)', async () => {
      const ws = new WsSubscriber(app.url, edgar.token);
      try {
        const sub = ws.subscribe('subscription { deskChanges { claim { citations { excerpt } } } }');
        await eventually(() => expect(sub.errors).toHaveLength(1));
        expect((sub.errors as { message: string }[][]).flat().map((e) => e.message)).toEqual(['Cannot query field "citations" on type "ClaimSummary".']);
      } finally {
        await ws.close();
      }
    });
  });
});
