import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { SqliteEventStore } from '../../src/event-store/embedded/sqlite.event-store';
import { makeTempDir } from '../support/temp-dir';

interface Ack {
  stream: string;
  ids: string[];
  nextExpectedRevision: number;
  position: number;
}

/** Runs the append loop in a child process and SIGKILLs it once it has acknowledged `acks` appends. */
function appendUntilKilled(file: string, acks: number): Promise<Ack[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', join(__dirname, '../support/append-loop.child.ts'), file], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const acknowledged: Ack[] = [];
    createInterface({ input: child.stdout }).on('line', (line) => {
      acknowledged.push(JSON.parse(line) as Ack);
      if (acknowledged.length === acks) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('exit', (_code, signal) => {
      if (signal === 'SIGKILL') resolve(acknowledged);
      else reject(new Error(`append loop exited without being killed (signal ${signal})`));
    });
  });
}

describe('embedded store survives SIGKILL mid-append', () => {
  it('keeps every acknowledged append, and the file stays consistent', async () => {
    const dir = makeTempDir();
    const file = join(dir.path, 'events.sqlite');
    try {
      const acknowledged = await appendUntilKilled(file, 300);
      expect(acknowledged.length).toBeGreaterThanOrEqual(300);

      const raw = new Database(file);
      expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
      raw.close();

      const store = new SqliteEventStore({ file });
      try {
        const all = await store.readAll();
        const byId = new Map(all.map((e) => [e.id, e]));
        for (const ack of acknowledged) {
          const last = byId.get(ack.ids[ack.ids.length - 1]);
          expect(last).toMatchObject({ stream: ack.stream, revision: ack.nextExpectedRevision, position: ack.position });
          expect(ack.ids.every((id) => byId.get(id)?.stream === ack.stream)).toBe(true);
        }
        // Consistency: global positions strictly increase, each stream's revisions run 0..n without a hole,
        // and no append was torn in half (both events of an append are there, or neither).
        for (let i = 1; i < all.length; i++) expect(all[i].position).toBeGreaterThan(all[i - 1].position);
        const revisions = new Map<string, number[]>();
        for (const e of all) revisions.set(e.stream, [...(revisions.get(e.stream) ?? []), e.revision]);
        for (const list of revisions.values()) expect(list).toEqual(list.map((_, i) => i));
        expect(all.filter((e) => e.type === 'Ticked').length).toBe(all.filter((e) => e.type === 'Tocked').length);

        // The store takes writes again after the crash, continuing each stream where it stopped.
        const stream = acknowledged[0].stream;
        const read = await store.readStream(stream, { direction: 'backwards', maxCount: 1 });
        const lastRevision = read.found ? read.events[0].revision : -1;
        await expect(store.append(stream, [{ type: 'Resumed', data: {} }], lastRevision)).resolves.toMatchObject({
          nextExpectedRevision: lastRevision + 1,
        });
      } finally {
        await store.close();
      }
    } finally {
      dir.remove();
    }
  });
});
