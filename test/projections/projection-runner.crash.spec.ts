import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { Actor } from '../../src/shared/actor';
import { SqliteEventStore } from '../../src/event-store/embedded/sqlite.event-store';
import { claimStream, toClaimEvent, toStoredEvent } from '../../src/claims/application/claim-stream';
import { ClaimState, foldClaim } from '../../src/claims/domain/claim';
import { ClaimCommand } from '../../src/claims/domain/commands';
import { decide } from '../../src/claims/domain/decide';
import { ProjectionRunner } from '../../src/projections/projection-runner';
import { claimsProjection } from '../../src/claims/read-model/claims.projection';
import { DEFAULT_POLICY } from '../support/decider-spec';
import { dumpReadModels } from '../support/read-model-dump';
import { makeTempDir } from '../support/temp-dir';

const alice: Actor = { id: 'alice', name: 'Alice', roles: ['contributor', 'editor'] };

/** Appends a realistic history: each claim submitted, cited three times, assigned, rejected every fifth. */
async function seed(store: SqliteEventStore, claims: number): Promise<number> {
  let events = 0;
  for (let i = 0; i < claims; i++) {
    const claimId = `claim-${i}`;
    let state: ClaimState = foldClaim([]);
    const commands: ClaimCommand[] = [
      { type: 'SubmitClaim', claimId, statement: `Statement number ${i}`, claimant: { name: `Claimant ${i % 7}`, kind: 'PERSON' }, claimDate: '2025-06-28', appearances: [], language: 'en', topics: [`t${i % 3}`] },
      ...[1, 2, 3].map((n): ClaimCommand => ({ type: 'AddCitation', claimId, citationId: `${claimId}-c${n}`, url: `https://example.org/${i}/${n}`, title: `Source ${n}`, publisher: 'Example', publishedAt: null, excerpt: `Excerpt ${n} of ${i}`, stance: 'CONTEXT', note: null, archivedUrl: null })),
      { type: 'AssignReviewers', claimId, reviewers: [{ id: `reviewer-${i % 4}`, name: 'R' }] },
      ...(i % 5 === 0 ? [{ type: 'RejectClaim', claimId, reason: 'Opinion' } as ClaimCommand] : []),
    ];
    for (const command of commands) {
      const decided = decide(command, state, { actor: alice, now: new Date('2025-07-01T00:00:00Z'), policy: DEFAULT_POLICY });
      const envelope = { commandId: `${claimId}-${command.type}`, commandType: command.type, correlationId: 'seed', actor: alice, occurredAt: new Date('2025-07-01T00:00:00Z') };
      await store.append(claimStream(claimId), decided.map((e) => toStoredEvent(e, envelope, crypto.randomUUID())));
      state = decided.reduce((s, e) => foldClaim([e], s), state);
      events += decided.length;
    }
  }
  return events;
}

function runChildUntilKilled(eventsFile: string, readModelFile: string, killAfter: number, batchSize: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', join(__dirname, '../support/projection-runner.child.ts'), eventsFile, readModelFile, String(killAfter), String(batchSize)], {
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.on('error', reject);
    child.on('exit', (_code, signal) => (signal === 'SIGKILL' ? resolve() : reject(new Error(`runner exited without being killed (${signal})`))));
  });
}

async function runToTheEnd(file: string, store: SqliteEventStore): Promise<void> {
  const runner = new ProjectionRunner(file, [claimsProjection], store, { batchSize: 100 });
  runner.start();
  await runner.caughtUp();
  await runner.stop();
}

describe('projection runner killed mid-batch', () => {
  it('resumes after the last committed batch: no event applied twice, none missing', async () => {
    const dir = makeTempDir();
    try {
      const eventsFile = join(dir.path, 'events.sqlite');
      const store = new SqliteEventStore({ file: eventsFile });
      const total = await seed(store, 300);
      expect(total).toBeGreaterThan(1500);

      const crashed = join(dir.path, 'crashed.sqlite');
      await runChildUntilKilled(eventsFile, crashed, 777, 100);

      // The killed batch left nothing behind: the file holds whole batches and their checkpoint only.
      const afterCrash = new Database(crashed, { readonly: true });
      const { events_applied: applied } = afterCrash.prepare('SELECT events_applied FROM projection_checkpoint').get() as { events_applied: number };
      const rows = (afterCrash.prepare('SELECT count(*) AS n FROM claims').get() as { n: number }).n;
      afterCrash.close();
      expect(applied).toBe(700);
      expect(rows).toBeGreaterThan(0);

      await runToTheEnd(crashed, store);
      const fresh = join(dir.path, 'fresh.sqlite');
      await runToTheEnd(fresh, store);

      const resumed = dumpReadModels(crashed);
      expect(resumed.checkpoint).toEqual([{ position: (await store.readAll({ direction: 'backwards', maxCount: 1 }))[0].position, events_applied: total }]);
      expect(resumed).toEqual(dumpReadModels(fresh));
      // Each claim's folded revision equals its stream's last revision: no event was applied twice or skipped.
      for (const row of resumed.claims as { id: string; revision: number }[]) {
        const read = await store.readStream(claimStream(row.id), { direction: 'backwards', maxCount: 1 });
        expect(read.found && read.events[0].revision).toBe(row.revision);
      }
      const sample = await store.readStream(claimStream('claim-5'));
      expect(JSON.parse((resumed.claims as { id: string; doc: string }[]).find((c) => c.id === 'claim-5')!.doc)).toEqual(
        foldClaim(read(sample)),
      );
      await store.close();
    } finally {
      dir.remove();
    }
  });
});

function read(result: Awaited<ReturnType<SqliteEventStore['readStream']>>) {
  if (!result.found) throw new Error('missing stream');
  return result.events.map(toClaimEvent);
}
