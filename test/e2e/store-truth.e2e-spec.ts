import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { EVENTS_FILE } from '../../src/event-store/event-store.module';
import { DeskClient } from '../support/desk-client';
import { startTestApp, TestApp } from '../support/test-app';
import { makeTempDir } from '../support/temp-dir';

const METRICS_TOKEN = 'metrics-token-for-the-store-truth-test-0123456789';

const claim = (statement: string) => ({ statement, claimant: { name: 'Agency', kind: 'ORGANIZATION' }, claimDate: '2025-06-28', appearances: [], language: 'en', topics: [] });

async function ready(app: TestApp, token?: string): Promise<{ status: number; body: Record<string, any> }> {
  const response = await fetch(`${app.url}/health/ready`, token ? { headers: { authorization: `Bearer ${token}` } } : {});
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

/**
 * What the desk tells about the store's truth over real HTTP, on the embedded store: read models
 * whose checkpoint is not in the events file are reported (503, the reason for operators), never
 * waited on, and can be rebuilt; a normal claim's audit trail says it is complete and valid.
 */
describe('the store\'s truth (e2e)', () => {
  describe('a read-model file whose checkpoint lies beyond the events file\'s end', () => {
    const dir = makeTempDir('factcheck-store-truth-');
    // A mutation that waited for these read models would outlast the test's own timeout.
    const env = { DATA_DIR: dir.path, METRICS_TOKEN, READ_MODEL_WAIT_MS: '60000' };
    let app: TestApp;
    let alice: DeskClient;
    let admin: DeskClient;

    beforeAll(async () => {
      // Read models built from three claims, then the events file replaced by an empty one.
      const before = await startTestApp(env);
      const writer = new DeskClient(before, await before.token({ sub: 'alice', name: 'Alice', roles: ['contributor'] }));
      for (const n of [1, 2, 3]) await writer.ok('submitClaim', claim(`Claim number ${n} was made.`));
      await before.close();
      for (const suffix of ['', '-wal', '-shm']) rmSync(join(dir.path, `${EVENTS_FILE}${suffix}`), { force: true });

      app = await startTestApp(env);
      alice = new DeskClient(app, await app.token({ sub: 'alice', name: 'Alice', roles: ['contributor'] }));
      admin = new DeskClient(app, await app.token({ sub: 'ada', name: 'Ada', roles: ['admin'] }));
    });
    afterAll(async () => {
      await app.close();
      dir.remove();
    });

    it('given such a file, when anyone asks /health/ready, then it answers 503 with the status alone, as for any unready instance', async () => {
      expect(await ready(app)).toEqual({ status: 503, body: { status: 'unavailable' } });
    });

    it('given such a file, when an operator asks /health/ready, then the read models are failed, not caught up, with the reason', async () => {
      for (const token of [METRICS_TOKEN, admin.token]) {
        const { status, body } = await ready(app, token);
        expect(status).toBe(503);
        expect(body.status).toBe('unavailable');
        expect(body.projections).toMatchObject({ status: 'failed', caughtUp: false });
        expect(body.projections.error).toMatch(/Checkpoint \d+ lies beyond the end of the event log .*rebuild them/);
      }
    });

    it('given such a file, when a claim is submitted, then it is saved and the answer says at once that the lists have stopped', async () => {
      const { error } = await alice.mutate('submitClaim', claim('A claim made after the events file was replaced.'));
      expect(error).toMatchObject({ code: 'READ_MODELS_STOPPED', extensions: { revision: 0 } });
      expect(error!.message).toMatch(/^Saved as revision 0 of claim .*stopped following the event log/);
      const history = await app.graphql<{ claimHistory: { lastRevision: number } }>(
        'query($id: ID!) { claimHistory(claimId: $id) { lastRevision } }',
        { id: error!.extensions.claimId },
        alice.token,
      );
      expect(history.data?.claimHistory.lastRevision).toBe(0);
    });

    it('given such a file, when an admin rebuilds the read models, then the instance is ready again and lists only what this store holds', async () => {
      const rebuilt = await app.graphql<{ rebuildReadModels: { eventsApplied: number } }>('mutation { rebuildReadModels { eventsApplied } }', {}, admin.token);
      expect(rebuilt.errors).toBeUndefined();
      expect(rebuilt.data?.rebuildReadModels.eventsApplied).toBe(1);
      expect(await ready(app)).toEqual({ status: 200, body: { status: 'ok' } });
      expect((await ready(app, METRICS_TOKEN)).body.projections).toMatchObject({ status: 'live', caughtUp: true });
      const list = await app.graphql<{ claims: { totalCount: number } }>('{ claims { totalCount } }', {}, alice.token);
      expect(list.data?.claims.totalCount).toBe(1);
      await expect(alice.ok('submitClaim', claim('And one after the rebuild.'))).resolves.toMatchObject({ revision: 0 });
    });
  });

  describe('a claim whose stream is whole', () => {
    let app: TestApp;
    let alice: DeskClient;
    beforeAll(async () => {
      app = await startTestApp();
      alice = new DeskClient(app, await app.token({ sub: 'alice', name: 'Alice', roles: ['contributor'] }));
    });
    afterAll(async () => app.close());

    it('given a claim written by the desk, when its history and chain are asked for, then both say the store holds it from revision 0 and the chain is VALID', async () => {
      const { claimId } = await alice.ok('submitClaim', claim('Two men died in the raids.'));
      await alice.ok('addCitation', { claimId, url: 'https://example.org/a', title: 'A source', publisher: 'Wire', excerpt: 'An excerpt.', stance: 'REFUTES' });
      const response = await app.graphql<{ claimHistory: Record<string, unknown>; verifyAuditTrail: Record<string, unknown> }>(
        `query($id: ID!) {
          claimHistory(claimId: $id) { lastRevision stored { firstRevision complete notice } edges { node { revision } } }
          verifyAuditTrail(claimId: $id) { ok verdict eventsChecked lastRevision firstBreak { revision } stored { firstRevision complete notice } }
        }`,
        { id: claimId },
        alice.token,
      );
      expect(response.errors).toBeUndefined();
      const whole = { firstRevision: 0, complete: true, notice: null };
      expect(response.data).toEqual({
        claimHistory: { lastRevision: 1, stored: whole, edges: [{ node: { revision: 0 } }, { node: { revision: 1 } }] },
        verifyAuditTrail: { ok: true, verdict: 'VALID', eventsChecked: 2, lastRevision: 1, firstBreak: null, stored: whole },
      });
    });
  });
});
