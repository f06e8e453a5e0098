import Database from 'better-sqlite3';
import { join } from 'node:path';
import type { Projection, Row } from '../../src/projections/projection';
import { ProjectionRunner, ReadModelsStopped } from '../../src/projections/projection-runner';
import { MemoryEventStore } from '../support/memory-event-store';
import { makeTempDir } from '../support/temp-dir';

/** One row per event applied, keyed on the event's id: applying an event twice fails the batch, missing one shows. */
const ledger: Projection<Row> = {
  name: 'ledger',
  version: 1,
  schema: 'CREATE TABLE IF NOT EXISTS ledger (event_id TEXT PRIMARY KEY, position INTEGER NOT NULL, type TEXT NOT NULL);',
  handles: { streamPrefix: 'ledger-' },
  keyOf: (event) => event.id,
  evolve: (_none, event) => ({ event_id: event.id, position: event.position, type: event.type }),
  rows: (row) => [{ table: 'ledger', where: { event_id: row.event_id }, rows: [row] }],
};

const event = (type: string) => ({ type, data: {} });

function ledgerRows(file: string): string[] {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare('SELECT type FROM ledger ORDER BY position, type').all() as { type: string }[]).map((r) => r.type);
  } finally {
    db.close();
  }
}

function checkpointRow(file: string): Record<string, unknown> {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare('SELECT position, events_applied, handled_at_position FROM projection_checkpoint').get() as Record<string, unknown>;
  } finally {
    db.close();
  }
}

/** A store holding one event of its own, then three written in one transaction (sharing a position), then one more. */
async function storeWithTransaction() {
  const store = new MemoryEventStore();
  await store.append('ledger-a', [event('Alone')]);
  const shared = await store.appendTransaction('ledger-b', [event('T1'), event('T2'), event('T3')]);
  await store.append('ledger-c', [event('After')]);
  return { store, sharedPosition: shared.position };
}

describe('the projection runner counts the events it applied at its checkpoint', () => {
  it('given a batch that ends after the first of three events sharing a position, when a new runner resumes on the same file, then it applies the other two exactly once', async () => {
    const dir = makeTempDir();
    try {
      const file = join(dir.path, 'read-models.sqlite');
      const { store, sharedPosition } = await storeWithTransaction();

      // The first runner commits [Alone, T1] and then freezes: it is abandoned as a crashed process would be.
      store.holdNextSubscriptionAfter(2);
      const crashed = new ProjectionRunner(file, [ledger], store, { batchSize: 2 });
      crashed.start();
      await new Promise((resolve) => setImmediate(resolve));
      expect(checkpointRow(file)).toEqual({ position: sharedPosition, events_applied: 2, handled_at_position: 1 });
      crashed.db.close();

      const resumed = new ProjectionRunner(file, [ledger], store, { batchSize: 2 });
      resumed.start();
      await resumed.caughtUp();
      expect(store.subscribeCalls[1]).toMatchObject({ fromPosition: sharedPosition, handledAtPosition: 1 });
      expect(resumed.status).toBe('live');
      expect(ledgerRows(file)).toEqual(['Alone', 'T1', 'T2', 'T3', 'After']);
      await resumed.stop();
      expect(checkpointRow(file)).toMatchObject({ events_applied: 5, handled_at_position: 1 });
    } finally {
      dir.remove();
    }
  });

  it('given batches that end twice inside the shared position, when the runner commits them, then the count goes on from the checkpoint\'s', async () => {
    const dir = makeTempDir();
    try {
      const file = join(dir.path, 'read-models.sqlite');
      const { store, sharedPosition } = await storeWithTransaction();
      // [Alone, T1] then [T2] (the runner froze after three events): T2 continues the count at the shared position.
      store.holdNextSubscriptionAfter(3);
      const runner = new ProjectionRunner(file, [ledger], store, { batchSize: 2 });
      runner.start();
      await new Promise((resolve) => setImmediate(resolve));
      expect(checkpointRow(file)).toEqual({ position: sharedPosition, events_applied: 3, handled_at_position: 2 });
      runner.db.close();

      const resumed = new ProjectionRunner(file, [ledger], store);
      resumed.start();
      await resumed.caughtUp();
      expect(store.subscribeCalls[1]).toMatchObject({ fromPosition: sharedPosition, handledAtPosition: 2 });
      expect(ledgerRows(file)).toEqual(['Alone', 'T1', 'T2', 'T3', 'After']);
      await resumed.stop();
    } finally {
      dir.remove();
    }
  });

  it('given a file written before the count existed, when a runner opens it, then the table gains the column and the old checkpoint means all events at its position', async () => {
    const dir = makeTempDir();
    try {
      const file = join(dir.path, 'read-models.sqlite');
      const { store, sharedPosition } = await storeWithTransaction();
      const old = new Database(file);
      old.exec(`CREATE TABLE projection_checkpoint (id INTEGER PRIMARY KEY CHECK (id = 1), position INTEGER, events_applied INTEGER NOT NULL, updated_at TEXT NOT NULL);
        CREATE TABLE projection_versions (name TEXT PRIMARY KEY, version INTEGER NOT NULL);`);
      old.exec(ledger.schema);
      const insert = old.prepare('INSERT INTO ledger (event_id, position, type) VALUES (?, ?, ?)');
      for (const e of store.log.slice(0, 4)) insert.run(e.id, e.position, e.type);
      old.prepare("INSERT INTO projection_checkpoint VALUES (1, ?, 4, '2025-07-01T00:00:00.000Z')").run(sharedPosition);
      old.close();

      const runner = new ProjectionRunner(file, [ledger], store);
      expect(runner.handledAtCheckpoint).toBeNull();
      runner.start();
      await runner.caughtUp();
      expect(store.subscribeCalls[0]).toEqual({ fromPosition: sharedPosition });
      expect(ledgerRows(file)).toEqual(['Alone', 'T1', 'T2', 'T3', 'After']);
      await runner.stop();
      expect(checkpointRow(file)).toMatchObject({ events_applied: 5, handled_at_position: 1 });
    } finally {
      dir.remove();
    }
  });

  it('given a batch that fails to apply, when it is rolled back, then the checkpoint and its count stay as the last committed batch left them', async () => {
    const dir = makeTempDir();
    try {
      const file = join(dir.path, 'read-models.sqlite');
      const { store, sharedPosition } = await storeWithTransaction();
      const failsOnT3: Projection<Row> = { ...ledger, name: 'fails', schema: '', evolve: (_s, e) => (e.type === 'T3' ? failure() : null), rows: () => [] };
      const runner = new ProjectionRunner(file, [ledger, failsOnT3], store, { batchSize: 2 });
      runner.start();
      await expect(runner.caughtUp()).rejects.toThrow(/T3 at position/);
      expect(runner.status).toBe('failed');
      expect(checkpointRow(file)).toEqual({ position: sharedPosition, events_applied: 2, handled_at_position: 1 });
      expect(ledgerRows(file)).toEqual(['Alone', 'T1']);
      await runner.stop();
    } finally {
      dir.remove();
    }
  });
});

describe('a checkpoint that is not in the log', () => {
  it('given read models whose checkpoint lies beyond the log\'s end, when the runner starts, then it fails with that reason and waiting on it is refused at once', async () => {
    const dir = makeTempDir();
    try {
      const file = join(dir.path, 'read-models.sqlite');
      const other = await storeWithTransaction();
      await other.store.append('ledger-d', [event('Later')]);
      const built = new ProjectionRunner(file, [ledger], other.store);
      built.start();
      await built.caughtUp();
      await built.stop();

      // The same file against a store whose log ends earlier (another store, a restored server).
      const store = new MemoryEventStore();
      await store.append('ledger-a', [event('Alone')]);
      const runner = new ProjectionRunner(file, [ledger], store);
      runner.start();
      await expect(runner.caughtUp()).rejects.toMatchObject({ name: 'CheckpointNotInLog', reason: 'beyond-end' });
      expect(runner.status).toBe('failed');
      expect(runner.error?.message).toMatch(/beyond the end of the event log/);
      // Below the bogus checkpoint, yet not in these read models: refused, not resolved.
      await expect(runner.waitFor(store.log[0].position, 60_000)).rejects.toBeInstanceOf(ReadModelsStopped);
      await runner.stop();
    } finally {
      dir.remove();
    }
  });
});

describe('a checkpoint that names another store\'s event', () => {
  it('given read models built on one store, when they start on another whose log has an event at the same position, then the runner fails naming it and applies nothing', async () => {
    const dir = makeTempDir();
    try {
      const file = join(dir.path, 'read-models.sqlite');
      const first = new MemoryEventStore();
      await first.append('ledger-a', [event('OnlyInA')]);
      const built = new ProjectionRunner(file, [ledger], first);
      built.start();
      await built.caughtUp();
      await built.stop();

      // Fresh stores number alike: the other store holds an event at exactly that position, and more after it.
      const second = new MemoryEventStore();
      await second.append('ledger-b', [event('FirstInB'), event('SecondInB')]);
      expect(second.log[0].position).toBe(first.log[0].position);
      const runner = new ProjectionRunner(file, [ledger], second);
      runner.start();
      await expect(runner.caughtUp()).rejects.toThrow(/not the event these read models last applied .*another event store/);
      expect(runner.status).toBe('failed');
      await runner.stop();
      expect(ledgerRows(file)).toEqual(['OnlyInA']);
    } finally {
      dir.remove();
    }
  });
});

function failure(): never {
  throw new Error('cannot apply');
}
