import Database from 'better-sqlite3';
import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { EVENT_STORE, type EventStore } from '../../src/event-store/event-store.port';
import { SqliteEventStore } from '../../src/event-store/embedded/sqlite.event-store';
import { nodeLogCrypto } from '../../src/transparency-log/adapters/node-log-crypto';
import { fromBase64, toBase64 } from '../../src/transparency-log/domain/bytes';
import { openCheckpoint, type OpenedCheckpoint } from '../../src/transparency-log/domain/checkpoint';
import { logEntryOf } from '../../src/transparency-log/domain/entry';
import { checkConsistency, checkInclusion, MemoryTree, Rfc6962Hasher } from '../../src/transparency-log/domain/merkle';
import { ed25519Verifier } from '../../src/transparency-log/domain/note';
import { citationInput, claimInput } from '../support/claim-inputs';
import { DeskClient } from '../support/desk-client';
import { eventually } from '../support/eventually';
import { makeTempDir } from '../support/temp-dir';
import { startTestApp, TEST_SECRET, TestApp } from '../support/test-app';

jest.setTimeout(180_000);

const ROOT = join(__dirname, '..', '..');
const hasher = new Rfc6962Hasher(nodeLogCrypto);
// The test servers' default origin: HOST 127.0.0.1, PORT=0 (no port in it: a restart binds another one).
const ORIGIN = '127.0.0.1/log';
const FAST = { LOG_CHECKPOINT_INTERVAL_MS: '50' };

function hashesOf(text: string): Uint8Array[] {
  return text === '' ? [] : text.replace(/\n$/, '').split('\n').map((line) => fromBase64(line) as Uint8Array);
}

/** GET /log/checkpoint, verified against GET /log/vkey (as a verifier that pinned that key would). */
async function checkpointOf(app: TestApp): Promise<OpenedCheckpoint> {
  const vkey = (await (await fetch(`${app.url}/log/vkey`)).text()).trim();
  const response = await fetch(`${app.url}/log/checkpoint`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
  return openCheckpoint(await response.text(), ed25519Verifier(nodeLogCrypto, vkey), { origin: ORIGIN });
}

async function storeOf(app: TestApp): Promise<EventStore> {
  return app.app.get<EventStore>(EVENT_STORE);
}

/** The tree of every event in the store, built from nothing: what the log must equal. */
async function fromScratch(store: EventStore): Promise<MemoryTree> {
  const tree = new MemoryTree(hasher);
  for (const event of await store.readAll()) tree.append(logEntryOf(event));
  return tree;
}

async function waitForLog(app: TestApp, size: number): Promise<OpenedCheckpoint> {
  let latest: OpenedCheckpoint | undefined;
  await eventually(async () => {
    latest = await checkpointOf(app);
    expect(latest.checkpoint.size).toBe(size);
  }, 60_000, 50);
  return latest!;
}

/** The leaves table: how many, and how many distinct events they are. */
function leavesIn(dataDir: string): { leaves: number; events: number } {
  const db = new Database(join(dataDir, 'transparency-log.sqlite'), { readonly: true });
  try {
    return db.prepare('SELECT count(*) AS leaves, count(DISTINCT event_id) AS events FROM log_leaves').get() as { leaves: number; events: number };
  } finally {
    db.close();
  }
}

describe('the transparency log over HTTP (e2e, real server, embedded store)', () => {
  const dir = makeTempDir('factcheck-log-e2e-');
  let app: TestApp;
  afterAll(async () => {
    await app?.close();
    dir.remove();
  });

  it('logs every event appended through the API; the checkpoint and every proof verify with the pure core', async () => {
    app = await startTestApp({ ...FAST, DATA_DIR: dir.path });
    const empty = await checkpointOf(app);
    expect(empty.checkpoint.size).toBe(0);
    expect(existsSync(join(dir.path, 'log-signing-key'))).toBe(true);

    const alice = new DeskClient(app, await app.token({ sub: 'alice', roles: ['contributor', 'reviewer', 'editor'] }));
    const { claimId } = await alice.ok('submitClaim', claimInput());
    await alice.ok('addCitation', citationInput(claimId, 1));
    const store = await storeOf(app);
    const early = await waitForLog(app, (await store.readAll()).length);
    for (let n = 2; n <= 6; n++) await alice.ok('addCitation', citationInput(claimId, n));
    await alice.ok('submitClaim', claimInput('A second statement to check, for the log.'));

    const events = await store.readAll();
    const latest = await waitForLog(app, events.length);
    const { size, rootHash } = latest.checkpoint;
    expect(toBase64(rootHash)).toBe(toBase64((await fromScratch(store)).root()));

    for (const [index, event] of events.entries()) {
      const response = await fetch(`${app.url}/log/proof/inclusion?index=${index}&size=${size}`);
      expect(response.status).toBe(200);
      const proof = hashesOf(await response.text());
      expect(checkInclusion(hasher, index, size, hasher.hashLeaf(logEntryOf(event)), proof, rootHash)).toBeUndefined();
    }
    const json = (await (await fetch(`${app.url}/log/proof/inclusion?index=1&size=${size}`, { headers: { accept: 'application/json' } })).json()) as { index: number; size: number; hashes: string[] };
    expect(json).toMatchObject({ index: 1, size });
    expect(checkInclusion(hasher, 1, size, hasher.hashLeaf(logEntryOf(events[1])), json.hashes.map((h) => fromBase64(h)!), rootHash)).toBeUndefined();

    const m = early.checkpoint.size;
    const consistency = hashesOf(await (await fetch(`${app.url}/log/proof/consistency?from=${m}&to=${size}`)).text());
    expect(checkConsistency(hasher, m, size, early.checkpoint.rootHash, rootHash, consistency)).toBeUndefined();

    // The same in GraphQL, with no token.
    const gql = await app.graphql<any>(
      `query($i: Int!, $n: Int!, $m: Int!) { logCheckpoint { origin size rootHash note verifierKey signedAt }
         inclusionProof(index: $i, size: $n) { index size hashes } consistencyProof(fromSize: $m, toSize: $n) { fromSize toSize hashes } }`,
      { i: 3, n: size, m },
    );
    expect(gql.errors).toBeUndefined();
    expect(gql.data.logCheckpoint).toMatchObject({ origin: ORIGIN, size, rootHash: toBase64(rootHash) });
    expect(openCheckpoint(gql.data.logCheckpoint.note, ed25519Verifier(nodeLogCrypto, gql.data.logCheckpoint.verifierKey)).checkpoint.size).toBe(size);
    expect(checkInclusion(hasher, 3, size, hasher.hashLeaf(logEntryOf(events[3])), gql.data.inclusionProof.hashes.map((h: string) => fromBase64(h)!), rootHash)).toBeUndefined();
    expect(gql.data.consistencyProof.hashes).toEqual(consistency.map(toBase64));
  });

  it('answers a clear 400 for a bad or out-of-range parameter, and BAD_USER_INPUT in GraphQL', async () => {
    const { size } = (await checkpointOf(app)).checkpoint;
    const cases: [string, RegExp][] = [
      ['inclusion?index=abc&size=1', /index must be a whole number/],
      ['inclusion?index=01&size=2', /without leading zeroes/],
      ['inclusion?size=2', /index is required/],
      ['inclusion?index=0&index=1&size=2', /index may be given once/],
      [`inclusion?index=${size}&size=${size}`, new RegExp(`index ${size} must be below size ${size}`)],
      [`inclusion?index=0&size=${size + 1}`, new RegExp(`size ${size + 1} is beyond the latest checkpoint's tree size ${size}`)],
      ['inclusion?index=-1&size=2', /index must be a whole number of 0 or more/],
      [`consistency?from=0&to=${size}`, /from must be at least 1/],
      [`consistency?from=${size}&to=1`, new RegExp(`from ${size} must not be above to 1`)],
      [`consistency?from=1&to=${size + 5}`, /beyond the latest checkpoint/],
      ['consistency?from=1', /to is required/],
    ];
    for (const [query, message] of cases) {
      const response = await fetch(`${app.url}/log/proof/${query}`);
      expect([query, response.status]).toEqual([query, 400]);
      const body = (await response.json()) as { message: string; field: string };
      expect([query, body.message]).toEqual([query, expect.stringMatching(message)]);
    }
    const bad = await app.graphql(`{ inclusionProof(index: 5, size: ${size + 1}) { hashes } }`);
    expect(bad.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(bad.errors?.[0].message).toMatch(/beyond the latest checkpoint/);
    // GraphQL's refusals name its own arguments, not the HTTP parameters.
    const zero = await app.graphql(`{ consistencyProof(fromSize: 0, toSize: ${size}) { hashes } }`);
    expect(zero.errors?.[0]).toMatchObject({ message: expect.stringMatching(/^fromSize must be at least 1/), extensions: { code: 'BAD_USER_INPUT', field: 'fromSize' } });
    const reversed = await app.graphql(`{ consistencyProof(fromSize: ${size}, toSize: 1) { hashes } }`);
    expect(reversed.errors?.[0].message).toMatch(new RegExp(`fromSize ${size} must not be above toSize 1`));
  });

  it('continues the tree after a restart on the same DATA_DIR: no leaf twice, the earlier checkpoints still consistent', async () => {
    const before = await checkpointOf(app);
    await app.close();
    app = await startTestApp({ ...FAST, DATA_DIR: dir.path });
    const alice = new DeskClient(app, await app.token({ sub: 'alice', roles: ['contributor'] }));
    await alice.ok('submitClaim', claimInput('A claim after the restart.'));
    const store = await storeOf(app);
    const events = await store.readAll();
    const after = await waitForLog(app, events.length);
    expect(after.checkpoint.size).toBeGreaterThan(before.checkpoint.size);
    expect(toBase64(after.checkpoint.rootHash)).toBe(toBase64((await fromScratch(store)).root()));
    expect(leavesIn(dir.path)).toEqual({ leaves: events.length, events: events.length });
    const ready = (await (await fetch(`${app.url}/health/ready`, { headers: { authorization: `Bearer ${await app.token({ sub: 'root', roles: ['admin'] })}` } })).json()) as any;
    expect(ready.transparencyLog).toMatchObject({ status: 'live', size: events.length, checkpointSize: events.length, position: events[events.length - 1].position });
    const proof = hashesOf(await (await fetch(`${app.url}/log/proof/consistency?from=${before.checkpoint.size}&to=${after.checkpoint.size}`)).text());
    expect(checkConsistency(hasher, before.checkpoint.size, after.checkpoint.size, before.checkpoint.rootHash, after.checkpoint.rootHash, proof)).toBeUndefined();
  });
});

/** The real service process (src/main.ts) on DATA_DIR, as `npm start` runs it. */
function startService(dataDir: string): { child: ChildProcess; exited: Promise<unknown> } {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'development', DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', AUTH_JWT_SECRET: TEST_SECRET, LOG_LEVEL: 'error' };
  delete env.EVENTSTORE_CONNECTION_STRING;
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', join(ROOT, 'src/main.ts')], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'inherit'] });
  return { child, exited: new Promise((done) => child.on('exit', done)) };
}

/** The log's committed tree size, read beside the running service (null until the file exists). */
function committedSize(dataDir: string): number | null {
  const file = join(dataDir, 'transparency-log.sqlite');
  if (!existsSync(file)) return null;
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const row = db.prepare('SELECT size FROM log_state WHERE id = 1').get() as { size: number } | undefined;
    return row?.size ?? 0;
  } catch {
    return null; // the schema is not there yet
  } finally {
    db?.close();
  }
}

describe('the transparency log killed with SIGKILL mid-consumption (real process)', () => {
  it('resumes after the last committed batch: the root equals a from-scratch build, no leaf twice', async () => {
    const dir = makeTempDir('factcheck-log-kill-');
    try {
      const total = 60_000;
      const seed = new SqliteEventStore({ file: join(dir.path, 'events.sqlite') });
      for (let b = 0; b < total / 500; b++) {
        await seed.append(`load-${b % 17}`, Array.from({ length: 500 }, (_, i) => ({ type: 'LogLoadTest', data: { n: b * 500 + i, text: `event ${b * 500 + i} — é` }, metadata: { schemaVersion: 1 } })));
      }
      await seed.close();

      const service = startService(dir.path);
      let killedAt: number | null = null;
      try {
        await eventually(() => {
          const size = committedSize(dir.path);
          expect(size).not.toBeNull();
          expect(size).toBeGreaterThan(0);
          killedAt = size;
        }, 120_000, 2);
        service.child.kill('SIGKILL');
        await service.exited;
      } finally {
        service.child.kill('SIGKILL');
      }
      const atKill = committedSize(dir.path)!;
      expect(atKill).toBeGreaterThan(0);
      expect(atKill).toBeLessThan(total); // killed mid-consumption
      expect(killedAt).not.toBeNull();

      const app = await startTestApp({ ...FAST, DATA_DIR: dir.path });
      try {
        const store = await storeOf(app);
        const latest = await waitForLog(app, total);
        expect(toBase64(latest.checkpoint.rootHash)).toBe(toBase64((await fromScratch(store)).root()));
        expect(leavesIn(dir.path)).toEqual({ leaves: total, events: total });
      } finally {
        await app.close();
      }
    } finally {
      dir.remove();
    }
  });
});
