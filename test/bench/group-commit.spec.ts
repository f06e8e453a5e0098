import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { SqliteEventStore } from '../../src/event-store/embedded/sqlite.event-store';
import { InvalidAppend, WrongExpectedVersion } from '../../src/event-store/event-store.errors';
import { AppendResult, NO_STREAM, NewEvent } from '../../src/event-store/event-store.port';
import { makeTempDir } from '../support/temp-dir';

/**
 * Group commit in the embedded store (the bench's event-store section measures it): appends that
 * arrive together share one transaction, without weakening any one append's acknowledgement or
 * concurrency check. The contract suite (test/event-store) holds the rest of the semantics.
 */
describe('embedded store: group commit', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let file: string;
  let store: SqliteEventStore;

  beforeEach(() => {
    dir = makeTempDir();
    file = join(dir.path, 'events.sqlite');
    store = new SqliteEventStore({ file });
  });

  afterEach(async () => {
    await store.close();
    dir.remove();
  });

  const event = (type = 'Ticked', n = 0): NewEvent => ({ id: randomUUID(), type, data: { n } });

  it('appends issued together all land, with gap-free positions in the order they were issued', async () => {
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => store.append(`s-${i}`, [event('Ticked', i)], NO_STREAM)));
    const positions = results.map((r) => r.position);
    expect(positions).toEqual(positions.map((_, i) => positions[0] + i));
    const all = await store.readAll();
    expect(all.map((e) => e.stream)).toEqual(results.map((_, i) => `s-${i}`));
  });

  it('an expected revision sees the appends before it in the same batch', async () => {
    const first = store.append('claim-a', [event(), event()], NO_STREAM);
    const second = store.append('claim-a', [event()], 1);
    const third = store.append('claim-a', [event()], 2);
    await expect(Promise.all([first, second, third])).resolves.toEqual([
      expect.objectContaining({ nextExpectedRevision: 1 }),
      expect.objectContaining({ nextExpectedRevision: 2 }),
      expect.objectContaining({ nextExpectedRevision: 3 }),
    ]);
  });

  it('a refused append in a batch rolls back only itself, and leaves no hole in the positions', async () => {
    await store.append('claim-b', [event()], NO_STREAM);
    const outcomes = await Promise.allSettled([
      store.append('claim-c', [event(), event()], NO_STREAM),
      store.append('claim-b', [event(), event(), event()], 7), // stale: claim-b is at revision 0
      store.append('claim-b', [event()], 0),
      store.append('claim-d', [event()], NO_STREAM),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect((outcomes[1] as PromiseRejectedResult).reason).toBeInstanceOf(WrongExpectedVersion);
    expect((outcomes[1] as PromiseRejectedResult).reason).toMatchObject({ stream: 'claim-b', expected: 7, actual: 0 });
    const all = await store.readAll();
    expect(all.map((e) => e.position)).toEqual(all.map((_, i) => all[0].position + i));
    expect(all.map((e) => `${e.stream}@${e.revision}`)).toEqual(['claim-b@0', 'claim-c@0', 'claim-c@1', 'claim-b@1', 'claim-d@0']);
  });

  it('of racers at one revision in the same batch exactly one wins; an invalid append is refused before it joins', async () => {
    await store.append('claim-e', [event()], NO_STREAM);
    const invalid = store.append('claim-e', [{ type: '$system', data: {} }], 0);
    const racers = Array.from({ length: 6 }, () => store.append('claim-e', [event()], 0));
    await expect(invalid).rejects.toBeInstanceOf(InvalidAppend);
    const outcomes = await Promise.allSettled(racers);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const read = await store.readStream('claim-e');
    expect(read.found && read.events.length).toBe(2);
  });

  it('acknowledges an append only once it is committed: another connection already sees it', async () => {
    const acknowledged: AppendResult[] = [];
    const other = new Database(file, { readonly: true });
    try {
      await Promise.all(
        Array.from({ length: 20 }, async (_, i) => {
          const result = await store.append(`claim-f-${i}`, [event()], NO_STREAM);
          const row = other.prepare('SELECT position FROM events WHERE position = ?').get(result.position);
          expect(row).toEqual({ position: result.position });
          acknowledged.push(result);
        }),
      );
    } finally {
      other.close();
    }
    expect(acknowledged).toHaveLength(20);
  });

  it('wakes a live subscription after a group commit', async () => {
    const seen: string[] = [];
    const subscription = store.subscribeToAll({ onEvent: (e) => void seen.push(e.stream) });
    await new Promise((r) => setTimeout(r, 20));
    await Promise.all(['x', 'y', 'z'].map((s) => store.append(`live-${s}`, [event()], NO_STREAM)));
    const deadline = Date.now() + 400; // well under the 500 ms poll interval: the wake-up, not the poll, delivers
    while (seen.length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    await subscription.stop();
    expect(seen).toEqual(['live-x', 'live-y', 'live-z']);
  });

  it('appends accepted before close are written and acknowledged', async () => {
    const pending = [store.append('claim-g', [event()], NO_STREAM), store.append('claim-h', [event()], NO_STREAM)];
    await store.close();
    await expect(Promise.all(pending)).resolves.toHaveLength(2);
    store = new SqliteEventStore({ file });
    expect((await store.readAll()).map((e) => e.stream)).toEqual(['claim-g', 'claim-h']);
  });
});
