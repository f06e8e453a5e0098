import Database from 'better-sqlite3';
import { join } from 'node:path';
import { claimStream } from '../../src/claims/application/claim-stream';
import { citationInput, claimInput } from '../support/claim-inputs';
import { DeskClient } from '../support/desk-client';
import { expectUntouched } from '../support/hostile';
import { makeTempDir } from '../support/temp-dir';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * A claim whose stored stream fails verification (an event removed from the middle, an event's
 * content altered) is refused with INTEGRITY naming the break, instead of a misleading CONFLICT,
 * and nothing is written onto the broken chain. Other claims go on as before.
 */
describe('a claim whose stored history fails verification (e2e)', () => {
  const dataDir = makeTempDir('factcheck-integrity-');
  afterAll(() => dataDir.remove());

  async function claimWithCitations(app: TestApp, statement: string): Promise<{ claimId: string; desk: DeskClient }> {
    const desk = new DeskClient(app, await app.token({ sub: 'alice', name: 'Alice', roles: ['contributor'] }));
    const { claimId } = await desk.ok('submitClaim', claimInput(statement));
    for (let n = 1; n <= 3; n++) await desk.ok('addCitation', citationInput(claimId, n));
    return { claimId, desk };
  }

  function tamper(app: TestApp, sql: string, ...params: unknown[]): void {
    const db = new Database(join(app.config.DATA_DIR, 'events.sqlite'));
    try {
      db.prepare(sql).run(...params);
    } finally {
      db.close();
    }
  }

  it('an event removed from the middle of the stream: INTEGRITY naming the revision, nothing written, the rest still writable', async () => {
    // Written by one run of the service, tampered with at rest, then met by the next run.
    const first = await startTestApp({ DATA_DIR: dataDir.path });
    const { claimId } = await claimWithCitations(first, 'A claim whose history will lose an event.');
    const { claimId: untouchedId } = await claimWithCitations(first, 'A claim nobody tampers with.');
    await first.close();

    const app = await startTestApp({ DATA_DIR: dataDir.path });
    try {
      tamper(app, 'DELETE FROM events WHERE stream_id = ? AND revision = 1', claimStream(claimId));
      const desk = new DeskClient(app, await app.token({ sub: 'alice', name: 'Alice', roles: ['contributor'] }));

      for (const attempt of [() => desk.mutate('addCitation', citationInput(claimId, 9)), () => desk.mutate('reviseClaimDetails', { claimId, topics: ['x'], reason: 'Tidy' })]) {
        const { error } = await expectUntouched(app, attempt);
        expect(error).toMatchObject({ code: 'INTEGRITY', extensions: { claimId, revision: 2 } });
        expect(error!.extensions.reason).toMatch(/expected revision 1 here, found 2: events are missing/);
        expect(error!.message).toMatch(new RegExp(`Claim ${claimId}'s stored history fails verification at revision 2`));
        expect(error!.message).not.toMatch(/changing too quickly/);
      }

      // An untouched claim is written as before.
      const next = await desk.ok('addCitation', citationInput(untouchedId, 4));
      expect(next.revision).toBe(4);
    } finally {
      await app.close();
    }
  });

  it('an event whose content was altered, on a running service without the state cache: INTEGRITY naming the revision', async () => {
    const app = await startTestApp({ CLAIM_STATE_CACHE_MB: '0' });
    try {
      const { claimId, desk } = await claimWithCitations(app, 'A claim whose citation will be altered.');
      tamper(app, "UPDATE events SET data = json_set(data, '$.excerpt', 'Something else') WHERE stream_id = ? AND revision = 2", claimStream(claimId));
      const { error } = await expectUntouched(app, () => desk.mutate('addCitation', citationInput(claimId, 9)));
      expect(error).toMatchObject({ code: 'INTEGRITY', extensions: { claimId, revision: 2 } });
      expect(error!.extensions.reason).toMatch(/content does not match its hash/);
    } finally {
      await app.close();
    }
  });
});
