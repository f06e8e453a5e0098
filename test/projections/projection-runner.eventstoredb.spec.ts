import { join } from 'node:path';
import { EventStoreDbEventStore } from '../../src/event-store/eventstoredb/eventstoredb.event-store';
import { ProjectionRunner } from '../../src/projections/projection-runner';
import { claimsProjection } from '../../src/claims/read-model/claims.projection';
import { EsdbTestServer } from '../support/esdb-test-server';
import { makeTempDir } from '../support/temp-dir';

function submitted(claimId: string) {
  return {
    type: 'ClaimSubmitted',
    data: { by: { id: 'a', name: 'A' }, at: '2025-07-01T00:00:00.000Z', claimId, statement: `Statement ${claimId}`, claimant: { name: 'X', kind: 'PERSON' }, claimDate: '2025-06-28', appearances: [], language: 'en', topics: [] },
  };
}

describe('projection runner on EventStoreDB (real gRPC, in-process server)', () => {
  it('catches up, follows live appends, and survives a dropped subscription with every claim applied exactly once', async () => {
    const server = new EsdbTestServer();
    const { connectionString } = await server.start();
    const store = EventStoreDbEventStore.fromConnectionString(connectionString);
    const dir = makeTempDir();
    const runner = new ProjectionRunner(join(dir.path, 'read-models.sqlite'), [claimsProjection], store, { batchSize: 7 });
    try {
      for (let i = 0; i < 20; i++) await store.append(`claim-h${i}`, [submitted(`h${i}`)]);
      const drops: Error[] = [];
      runner.dropped.subscribe(({ error }) => drops.push(error));
      runner.start();
      await runner.caughtUp();

      server.dropSubscriptionsAfter(5);
      let last = { position: 0 };
      for (let i = 0; i < 30; i++) last = await store.append(`claim-l${i}`, [submitted(`l${i}`)]);
      await runner.waitFor(last.position, 10_000);

      const ids = (runner.db.prepare('SELECT id FROM claims ORDER BY seq').all() as { id: string }[]).map((r) => r.id);
      expect(ids).toEqual([...Array.from({ length: 20 }, (_, i) => `h${i}`), ...Array.from({ length: 30 }, (_, i) => `l${i}`)]);
      expect(runner.eventsApplied).toBe(50);
      expect(drops).toHaveLength(1);
      expect(runner.checkpoint).toBe(last.position);
    } finally {
      await runner.stop();
      await store.close();
      await server.stop();
      dir.remove();
    }
  });
});
