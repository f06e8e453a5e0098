import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SqliteEventStore } from '../../src/event-store/embedded/sqlite.event-store';
import { ReadModelGenerations } from '../../src/projections/read-model-generations';
import { claimsProjection } from '../../src/claims/read-model/claims.projection';
import { eventually } from '../support/eventually';
import { makeTempDir } from '../support/temp-dir';

const quiet = { log: () => undefined, warn: () => undefined, error: () => undefined };

const claimsProjectionV2 = { ...claimsProjection, version: claimsProjection.version + 1 };

function submitted(claimId: string) {
  return {
    type: 'ClaimSubmitted',
    data: { by: { id: 'a', name: 'A' }, at: '2025-07-01T00:00:00.000Z', claimId, statement: `Statement ${claimId}`, claimant: { name: 'X', kind: 'PERSON' }, claimDate: '2025-06-28', appearances: [], language: 'en', topics: [] },
  };
}

describe('read-model generations', () => {
  it('rebuilds automatically when a projection\'s version changes, answering from the old generation meanwhile', async () => {
    const dir = makeTempDir();
    const store = new SqliteEventStore({ file: join(dir.path, 'events.sqlite') });
    try {
      for (let i = 0; i < 50; i++) await store.append(`claim-c${i}`, [submitted(`c${i}`)]);
      const rmDir = join(dir.path, 'read-models');

      const v1 = new ReadModelGenerations(rmDir, () => [claimsProjection], store, quiet);
      v1.start();
      await v1.current.caughtUp();
      const firstFile = v1.current.file;
      await v1.stop();

      const v2 = new ReadModelGenerations(rmDir, () => [claimsProjectionV2], store, quiet);
      v2.start();
      // Until the new generation has caught up, queries are answered from the old file.
      expect(v2.current.file).toBe(firstFile);
      expect((v2.current.db.prepare('SELECT count(*) AS n FROM claims').get() as { n: number }).n).toBe(50);
      await eventually(() => expect(v2.current.file).not.toBe(firstFile));
      expect(v2.current.storedVersions()).toEqual({ claims: claimsProjection.version + 1 });
      expect((v2.current.db.prepare('SELECT count(*) AS n FROM claims').get() as { n: number }).n).toBe(50);
      expect(readFileSync(join(rmDir, 'CURRENT'), 'utf8').trim()).toBe(v2.current.file.replace(/^.*[\\/]/, ''));
      expect(existsSync(firstFile)).toBe(false);

      // And it keeps following the log.
      await store.append('claim-late', [submitted('late')]);
      await v2.current.waitFor((await store.readAll({ direction: 'backwards', maxCount: 1 }))[0].position, 5_000);
      expect(v2.current.db.prepare('SELECT id FROM claims WHERE id = ?').get('late')).toEqual({ id: 'late' });
      await v2.stop();

      // A restart with the same versions reopens the same generation, no rebuild.
      const again = new ReadModelGenerations(rmDir, () => [claimsProjectionV2], store, quiet);
      again.start();
      expect(again.rebuilding).toBe(false);
      await again.current.caughtUp();
      expect(again.current.eventsApplied).toBe(51);
      await again.stop();
    } finally {
      await store.close();
      dir.remove();
    }
  });

  it('removes at start the generation files a crashed rebuild left behind, and keeps the current one', async () => {
    const dir = makeTempDir();
    const store = new SqliteEventStore({ file: join(dir.path, 'events.sqlite') });
    const warnings: string[] = [];
    const log = { ...quiet, warn: (message: string) => warnings.push(message) };
    try {
      for (let i = 0; i < 5; i++) await store.append(`claim-c${i}`, [submitted(`c${i}`)]);
      const rmDir = join(dir.path, 'read-models');
      const first = new ReadModelGenerations(rmDir, () => [claimsProjection], store, log);
      first.start();
      await first.current.caughtUp();
      const current = first.current.file.replace(/^.*[\\/]/, '');
      await first.stop();

      // What a crash during a rebuild leaves: a half-built generation with its WAL, and the pointer's temp file.
      const stray = 'generation-2025-01-01T00-00-00-000Z-abc123.sqlite';
      for (const file of [stray, `${stray}-wal`, `${stray}-shm`, 'CURRENT.tmp']) writeFileSync(join(rmDir, file), 'half-built');
      writeFileSync(join(rmDir, 'operator-notes.txt'), 'not ours to remove');

      const again = new ReadModelGenerations(rmDir, () => [claimsProjection], store, log);
      again.start();
      await again.current.caughtUp();
      expect(readdirSync(rmDir).filter((f) => f.startsWith('generation-') && f.endsWith('.sqlite'))).toEqual([current]);
      for (const file of [stray, `${stray}-wal`, `${stray}-shm`, 'CURRENT.tmp']) expect(existsSync(join(rmDir, file))).toBe(false);
      expect(existsSync(join(rmDir, 'operator-notes.txt'))).toBe(true);
      expect(again.current.file.replace(/^.*[\\/]/, '')).toBe(current);
      expect(again.rebuilding).toBe(false);
      expect((again.current.db.prepare('SELECT count(*) AS n FROM claims').get() as { n: number }).n).toBe(5);
      expect(warnings.filter((w) => w.includes(stray))).toHaveLength(1);
      await again.stop();
    } finally {
      await store.close();
      dir.remove();
    }
  });
});
