import Database from 'better-sqlite3';
import { cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { eventHash } from '../../src/claims/application/hash-chain';
import type { EventRow } from '../../src/event-store/embedded/sqlite-schema';
import { nodeLogCrypto } from '../../src/transparency-log/adapters/node-log-crypto';
import { fromBase64 } from '../../src/transparency-log/domain/bytes';
import { openCheckpoint, type OpenedCheckpoint } from '../../src/transparency-log/domain/checkpoint';
import { checkConsistency, Rfc6962Hasher } from '../../src/transparency-log/domain/merkle';
import { ed25519Verifier } from '../../src/transparency-log/domain/note';
import { citationInput, claimInput } from '../support/claim-inputs';
import { DeskClient } from '../support/desk-client';
import { eventually } from '../support/eventually';
import { makeTempDir } from '../support/temp-dir';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * The attack suite of issue 16: an attacker with the service's disk (but not a reader's saved
 * checkpoint) edits the embedded store's SQLite file while the service is stopped, recomputing the
 * per-stream hash chains as a competent attacker would, so the old per-claim check passes. The
 * event log compared with the tree catches each, also after a read-model rebuild; and rebuilding
 * the tree from the altered store gives a checkpoint inconsistent with the one the reader saved.
 */
jest.setTimeout(300_000);

const hasher = new Rfc6962Hasher(nodeLogCrypto);
// The test servers' default origin: HOST 127.0.0.1, PORT=0 (no port in it: a restart binds another one).
const ORIGIN = '127.0.0.1/log';
const FAST = { LOG_CHECKPOINT_INTERVAL_MS: '50' };
const VERIFY_ALL = `{ verifyAllAuditTrails { ok reports { claimId ok }
  log { ok treeSize leavesChecked eventsNotYetLogged firstDifference { leafIndex kind eventId stream revision reason } } } }`;

interface LogReport {
  ok: boolean;
  treeSize: number;
  leavesChecked: number;
  eventsNotYetLogged: number;
  firstDifference: { leafIndex: number; kind: string; eventId: string; stream: string; revision: number; reason: string } | null;
}
interface DeskReport {
  ok: boolean;
  reports: { claimId: string; ok: boolean }[];
  log: LogReport;
}

type Row = EventRow;

async function checkpointOf(app: TestApp): Promise<{ note: string; opened: OpenedCheckpoint }> {
  const vkey = (await (await fetch(`${app.url}/log/vkey`)).text()).trim();
  const note = await (await fetch(`${app.url}/log/checkpoint`)).text();
  return { note, opened: openCheckpoint(note, ed25519Verifier(nodeLogCrypto, vkey), { origin: ORIGIN }) };
}

function rows(dataDir: string): Row[] {
  const db = new Database(join(dataDir, 'events.sqlite'), { readonly: true });
  try {
    return db.prepare('SELECT * FROM events ORDER BY position').all() as Row[];
  } finally {
    db.close();
  }
}

/** Opens the stopped service's events file, runs the attack, and recomputes the stream's chain from `fromRevision` (like a competent attacker). */
function tamper(dataDir: string, attack: (db: Database.Database) => void): void {
  const db = new Database(join(dataDir, 'events.sqlite'));
  try {
    db.transaction(() => attack(db))();
  } finally {
    db.close();
  }
}

function rechain(db: Database.Database, stream: string): void {
  const events = db.prepare('SELECT * FROM events WHERE stream_id = ? ORDER BY revision').all(stream) as Row[];
  let previous: string | null = null;
  for (const e of events) {
    const { hash: _old, ...rest } = JSON.parse(e.metadata) as Record<string, unknown>;
    const metadata: Record<string, unknown> = { ...rest, previousHash: previous };
    const hash = eventHash(e.type, JSON.parse(e.data), metadata);
    db.prepare('UPDATE events SET metadata = ? WHERE position = ?').run(JSON.stringify({ ...metadata, hash }), e.position);
    previous = hash;
  }
}

describe('the transparency log against an attacker who edits the embedded store (e2e, real server)', () => {
  const base = makeTempDir('factcheck-attacks-base-');
  let saved: OpenedCheckpoint;
  let published: string;
  let other: string;
  const dirs: { remove(): void }[] = [base];

  afterAll(() => dirs.forEach((d) => d.remove()));

  beforeAll(async () => {
    const app = await startTestApp({ ...FAST, DATA_DIR: base.path });
    try {
      const alice = new DeskClient(app, await app.token({ sub: 'alice', roles: ['contributor'] }));
      const edgar = new DeskClient(app, await app.token({ sub: 'edgar', roles: ['editor'] }));
      const rita = new DeskClient(app, await app.token({ sub: 'rita', roles: ['reviewer'] }));
      const rafael = new DeskClient(app, await app.token({ sub: 'rafael', roles: ['reviewer'] }));
      other = (await alice.ok('submitClaim', claimInput('Another claim, in review.'))).claimId as string;
      await alice.ok('addCitation', citationInput(other, 1));
      published = (await alice.ok('submitClaim', claimInput())).claimId as string;
      const citationId = (await alice.ok('addCitation', citationInput(published, 1))).citationId;
      const second = (await alice.ok('addCitation', citationInput(published, 2))).citationId;
      await edgar.ok('assignReviewers', { claimId: published, reviewers: [{ id: 'rita' }, { id: 'rafael' }] });
      await rita.ok('recordVerdict', { claimId: published, rating: 'FALSE', rationale: 'Checked.', citationIds: [citationId, second] });
      await rafael.ok('recordVerdict', { claimId: published, rating: 'FALSE', rationale: 'Checked too.', citationIds: [citationId, second] });
      await edgar.ok('publishFactCheck', { claimId: published, rating: 'FALSE', summary: 'Nobody died.' });
      await alice.ok('submitClaim', claimInput('A third claim, the last.'));
      const total = rows(base.path).length;
      // A reader saves the signed checkpoint once it covers every event.
      await eventually(async () => {
        saved = (await checkpointOf(app)).opened;
        expect(saved.checkpoint.size).toBe(total);
      }, 60_000, 50);
    } finally {
      await app.close();
    }
  });

  /** A fresh DATA_DIR for one attack: a copy of the untouched one (the service stopped). */
  function copy(): string {
    const dir = makeTempDir('factcheck-attack-');
    dirs.push(dir);
    cpSync(base.path, dir.path, { recursive: true });
    return dir.path;
  }

  async function verifyAll(app: TestApp): Promise<DeskReport> {
    const answer = await app.graphql<{ verifyAllAuditTrails: DeskReport }>(VERIFY_ALL, {}, await app.token({ sub: 'edgar', roles: ['editor'] }));
    expect(answer.errors).toBeUndefined();
    return answer.data!.verifyAllAuditTrails;
  }

  /** Restarts on the altered store; the log must report `expected` before and after a read-model rebuild, while every claim's chain verifies. */
  async function caught(dataDir: string, expected: Partial<NonNullable<LogReport['firstDifference']>>, chainsOk = true, single?: { claimId: string; revision: number }): Promise<void> {
    const app = await startTestApp({ ...FAST, DATA_DIR: dataDir });
    try {
      if (single) {
        // The one claim's own check, whose per-stream hashes the attacker recomputed, compares its stream with its leaves too.
        const one = await app.graphql<any>('query($id: ID!) { verifyAuditTrail(claimId: $id) { ok firstBreak { revision reason } } }', { id: single.claimId }, await app.token({ sub: 'edgar', roles: ['editor'] }));
        expect(one.errors).toBeUndefined();
        expect(one.data.verifyAuditTrail).toMatchObject({ ok: false, firstBreak: { revision: single.revision, reason: expect.stringContaining('differs from what the transparency log recorded at leaf') } });
      }
      for (const round of ['before', 'after'] as const) {
        if (round === 'after') {
          const rebuilt = await app.graphql('mutation { rebuildReadModels { eventsApplied } }', {}, await app.token({ sub: 'root', roles: ['admin'] }));
          expect(rebuilt.errors).toBeUndefined();
        }
        const report = await verifyAll(app);
        expect(report.ok).toBe(false);
        if (chainsOk) expect(report.reports.every((r) => r.ok)).toBe(true); // the per-stream check alone is fooled
        expect(report.log).toMatchObject({ ok: false, treeSize: saved.checkpoint.size, firstDifference: expected });
      }
    } finally {
      await app.close();
    }
  }

  /** The attacker deletes the tree and lets the service rebuild it from the altered store: the reader's saved checkpoint refuses the new one. */
  async function rebuiltTreeRefused(dataDir: string): Promise<void> {
    for (const suffix of ['', '-wal', '-shm']) rmSync(join(dataDir, `transparency-log.sqlite${suffix}`), { force: true });
    const app = await startTestApp({ ...FAST, DATA_DIR: dataDir });
    try {
      const size = rows(dataDir).length;
      let latest!: OpenedCheckpoint;
      await eventually(async () => {
        latest = (await checkpointOf(app)).opened;
        expect(latest.checkpoint.size).toBe(size);
      }, 60_000, 50);
      // Now the log itself matches the (altered) store: only the saved checkpoint can tell.
      expect((await verifyAll(app)).log.ok).toBe(true);
      const m = saved.checkpoint.size;
      if (latest.checkpoint.size < m) return; // a shrunken tree cannot extend the saved one at all
      const response = await fetch(`${app.url}/log/proof/consistency?from=${m}&to=${latest.checkpoint.size}`);
      expect(response.status).toBe(200);
      const text = await response.text();
      const proof = text === '' ? [] : text.replace(/\n$/, '').split('\n').map((l) => fromBase64(l)!);
      expect(checkConsistency(hasher, m, latest.checkpoint.size, saved.checkpoint.rootHash, latest.checkpoint.rootHash, proof)).toEqual(expect.any(String));
    } finally {
      await app.close();
    }
  }

  it('(a) a claim stream rewritten (a verdict\'s rating changed) with recomputed per-stream hashes: EDITED at its leaf', async () => {
    const dir = copy();
    const all = rows(dir);
    const verdict = all.findIndex((r) => r.stream_id === `claim-${published}` && r.type === 'VerdictRecorded');
    tamper(dir, (db) => {
      const row = all[verdict];
      db.prepare('UPDATE events SET data = ? WHERE position = ?').run(JSON.stringify({ ...JSON.parse(row.data), rating: 'TRUE' }), row.position);
      rechain(db, row.stream_id);
    });
    await caught(dir, { leafIndex: verdict, kind: 'EDITED', eventId: all[verdict].event_id, stream: `claim-${published}` }, true, { claimId: published, revision: all[verdict].revision });
    await rebuiltTreeRefused(dir);
  });

  it('(a) the same rewrite, read by a reader: the fact-check\'s public page warns that the log disagrees, and its bundle answers 409', async () => {
    const dir = copy();
    const all = rows(dir);
    const verdict = all.findIndex((r) => r.stream_id === `claim-${published}` && r.type === 'VerdictRecorded');
    const before = await (async () => {
      const app = await startTestApp({ ...FAST, DATA_DIR: dir });
      try {
        return await (await fetch(`${app.url}/claims/${published}`)).text();
      } finally {
        await app.close();
      }
    })();
    expect(before).not.toContain('class="log-problem"');
    tamper(dir, (db) => {
      const row = all[verdict];
      db.prepare('UPDATE events SET data = ? WHERE position = ?').run(JSON.stringify({ ...JSON.parse(row.data), rating: 'TRUE' }), row.position);
      rechain(db, row.stream_id);
    });
    const app = await startTestApp({ ...FAST, DATA_DIR: dir });
    try {
      const page = await fetch(`${app.url}/claims/${published}`);
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toMatch(/<p class="log-problem" role="alert"[^>]*><strong>The transparency log disagrees with the desk's record of this fact-check:<\/strong>/);
      expect((await fetch(`${app.url}/log/fact-checks/${published}`)).status).toBe(409);
    } finally {
      await app.close();
    }
  });

  it('(b) a forged retraction in the middle of the log (before the saved checkpoint\'s size), with a valid chain hash: INSERTED at its place', async () => {
    const dir = copy();
    const all = rows(dir);
    const stream = `claim-${published}`;
    const last = all.filter((r) => r.stream_id === stream).pop()!;
    // The forgery goes right after the fact-check's last event, before the third claim's submission.
    const at = all.indexOf(last) + 1;
    tamper(dir, (db) => {
      const later = all.slice(at);
      db.prepare('DELETE FROM events WHERE position >= ?').run(all[at].position);
      const insert = db.prepare('INSERT INTO events (position, event_id, stream_id, revision, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
      const { hash: previousHash, ...lastMetadata } = JSON.parse(last.metadata) as Record<string, unknown>;
      const metadata = { ...lastMetadata, schemaVersion: 1, previousHash };
      const { by, at: when } = JSON.parse(last.data) as { by: unknown; at: string };
      const data = { claimId: published, by, at: when, note: 'A forged retraction.' };
      insert.run(all[at].position, 'forged-retraction', stream, last.revision + 1, 'FactCheckRetracted', JSON.stringify(data), JSON.stringify({ ...metadata, hash: eventHash('FactCheckRetracted', data, metadata) }), last.recorded_at);
      // The events from there on move one place down the log.
      for (const r of later) insert.run(r.position + 1, r.event_id, r.stream_id, r.revision, r.type, r.data, r.metadata, r.recorded_at);
    });
    await caught(dir, { leafIndex: at, kind: 'INSERTED', eventId: all[at].event_id, reason: expect.stringMatching(/event forged-retraction .* no leaf of the tree is it/) });
    await rebuiltTreeRefused(dir);
  });

  it('(b) a forged event appended at the end is logged as a new leaf: consistent, but signed into the log for ever', async () => {
    const dir = copy();
    const all = rows(dir);
    const stream = `claim-${published}`;
    const last = all.filter((r) => r.stream_id === stream).pop()!;
    tamper(dir, (db) => {
      const metadata = { ...JSON.parse(last.metadata), previousHash: JSON.parse(last.metadata).hash };
      delete metadata.hash;
      const data = { claimId: published, note: 'A forged retraction.' };
      db.prepare('INSERT INTO events (event_id, stream_id, revision, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
        'forged-retraction', stream, last.revision + 1, 'FactCheckRetracted', JSON.stringify(data), JSON.stringify({ ...metadata, hash: eventHash('FactCheckRetracted', data, metadata) }), Date.now(),
      );
    });
    const app = await startTestApp({ ...FAST, DATA_DIR: dir });
    try {
      let latest!: OpenedCheckpoint;
      await eventually(async () => {
        latest = (await checkpointOf(app)).opened;
        expect(latest.checkpoint.size).toBe(all.length + 1);
      }, 60_000, 50);
      // Nothing the log can see differs: it is an append. What it gives is that the forgery is now a public,
      // signed leaf at index `saved.size`, provably in every later tree, and can no longer be removed silently.
      expect((await verifyAll(app)).log).toMatchObject({ ok: true, treeSize: all.length + 1, eventsNotYetLogged: 0 });
      const text = await (await fetch(`${app.url}/log/proof/consistency?from=${saved.checkpoint.size}&to=${latest.checkpoint.size}`)).text();
      const proof = text.replace(/\n$/, '').split('\n').map((l) => fromBase64(l)!);
      expect(checkConsistency(hasher, saved.checkpoint.size, latest.checkpoint.size, saved.checkpoint.rootHash, latest.checkpoint.rootHash, proof)).toBeUndefined();
      const db = new Database(join(dir, 'transparency-log.sqlite'), { readonly: true });
      try {
        expect(db.prepare('SELECT idx FROM log_leaves WHERE event_id = ?').get('forged-retraction')).toEqual({ idx: saved.checkpoint.size });
      } finally {
        db.close();
      }
    } finally {
      await app.close();
    }
  });

  it('(c) a whole claim stream deleted: DELETED at its first leaf; rebuilt, the tree is smaller than the saved one', async () => {
    const dir = copy();
    const all = rows(dir);
    const first = all.findIndex((r) => r.stream_id === `claim-${other}`);
    tamper(dir, (db) => db.prepare('DELETE FROM events WHERE stream_id = ?').run(`claim-${other}`));
    await caught(dir, { leafIndex: first, kind: 'DELETED', eventId: all[first].event_id, stream: `claim-${other}`, revision: 0 });
    expect(rows(dir).length).toBeLessThan(saved.checkpoint.size);
    await rebuiltTreeRefused(dir);
  });

  it('(d) one event\'s recorded time edited (outside the per-stream hash): EDITED at its leaf', async () => {
    const dir = copy();
    const all = rows(dir);
    const at = all.findIndex((r) => r.stream_id === `claim-${published}` && r.type === 'FactCheckPublished');
    tamper(dir, (db) => db.prepare('UPDATE events SET recorded_at = recorded_at - 86400000 WHERE position = ?').run(all[at].position));
    await caught(dir, { leafIndex: at, kind: 'EDITED', reason: 'its content or recorded time differs from what was logged (the leaf hash does not match)' }, true, { claimId: published, revision: all[at].revision });
    await rebuiltTreeRefused(dir);
  });

  it('an untouched copy verifies: the log matches, nothing not yet logged', async () => {
    const app = await startTestApp({ ...FAST, DATA_DIR: copy() });
    try {
      expect(await verifyAll(app)).toMatchObject({ ok: true, log: { ok: true, treeSize: saved.checkpoint.size, leavesChecked: saved.checkpoint.size, eventsNotYetLogged: 0, firstDifference: null } });
    } finally {
      await app.close();
    }
  });
});
