import Database from 'better-sqlite3';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { nodeLogCrypto } from '../../src/transparency-log/adapters/node-log-crypto';
import { toBase64 } from '../../src/transparency-log/domain/bytes';
import { COSIGNATURE_TYPE, cosignatureVerifier, ed25519Cosigner, openCheckpoint } from '../../src/transparency-log/domain/checkpoint';
import { ed25519Verifier, parseNote } from '../../src/transparency-log/domain/note';
import { EVENT_STORE, type EventStore } from '../../src/event-store/event-store.port';
import { citationInput, claimInput } from '../support/claim-inputs';
import { DeskClient } from '../support/desk-client';
import { eventually } from '../support/eventually';
import { makeTempDir } from '../support/temp-dir';
import { runScript } from '../support/run-script';
import { startTestApp, TestApp } from '../support/test-app';

jest.setTimeout(240_000);

// The test servers' default origin: HOST 127.0.0.1, PORT=0 (no port in it: a restart binds another one).
const ORIGIN = '127.0.0.1/log';
const FAST = { LOG_CHECKPOINT_INTERVAL_MS: '50' };

const script = runScript;

const witnessSeed = new Uint8Array(randomBytes(32));
const witness = ed25519Cosigner(nodeLogCrypto, 'witness.example.net', witnessSeed);
const another = ed25519Cosigner(nodeLogCrypto, 'another.example.org', new Uint8Array(randomBytes(32)));
const stranger = ed25519Cosigner(nodeLogCrypto, 'stranger.example.net', new Uint8Array(randomBytes(32)));

describe('verifying the log and witnessing it (e2e: real server, log:verify and log:witness as processes)', () => {
  const dir = makeTempDir('factcheck-log-witness-');
  const work = makeTempDir('factcheck-log-verifier-');
  const stateFile = join(work.path, 'state.json');
  const witnessState = join(work.path, 'witness-state.json');
  const keyFile = join(work.path, 'witness.key');
  let app: TestApp;
  let vkey: string;

  const verify = () => script('log-verify.ts', ['--log', app.url, '--vkey', vkey, '--origin', ORIGIN, '--state', stateFile, '--json']);
  const witnessOnce = () => script('log-witness.ts', ['--log', app.url, '--log-vkey', vkey, '--origin', ORIGIN, '--key-file', keyFile, '--state', witnessState, '--once']);
  const start = async () => {
    app = await startTestApp({ ...FAST, DATA_DIR: dir.path, LOG_WITNESS_KEYS: `${another.vkey},\n${witness.vkey}` });
    vkey = (await (await fetch(`${app.url}/log/vkey`)).text()).trim();
  };
  const allLogged = async () => {
    const size = (await app.app.get<EventStore>(EVENT_STORE).readAll()).length;
    await eventually(async () => {
      const note = await (await fetch(`${app.url}/log/checkpoint`)).text();
      expect(openCheckpoint(note, ed25519Verifier(nodeLogCrypto, vkey), { origin: ORIGIN }).checkpoint.size).toBe(size);
    }, 60_000, 50);
    return size;
  };

  afterAll(async () => {
    await app?.close();
    dir.remove();
    work.remove();
  });

  it('log:verify accepts the first checkpoint, then its extension', async () => {
    await start();
    const alice = new DeskClient(app, await app.token({ sub: 'alice', roles: ['contributor', 'reviewer', 'editor'] }));
    const { claimId } = await alice.ok('submitClaim', claimInput());
    const first = await allLogged();
    const r1 = await verify();
    expect([r1.code, JSON.parse(r1.stdout)]).toEqual([0, expect.objectContaining({ ok: true, outcome: 'first', checkpoint: expect.objectContaining({ size: first }) })]);
    for (let n = 1; n <= 3; n++) await alice.ok('addCitation', citationInput(claimId, n));
    const second = await allLogged();
    const r2 = await verify();
    expect([r2.code, JSON.parse(r2.stdout)]).toEqual([0, expect.objectContaining({ outcome: 'extended', previous: expect.objectContaining({ size: first }), checkpoint: expect.objectContaining({ size: second }) })]);
  });

  it('log:witness --once cosigns; GET /log/checkpoint carries the cosignature, which verifies with the witness vkey', async () => {
    writeFileSync(keyFile, `PRIVATE+KEY+${witness.name}+${witness.keyId.toString(16).padStart(8, '0')}+${toBase64(new Uint8Array([COSIGNATURE_TYPE, ...witnessSeed]))}\n`);
    const run = await witnessOnce();
    expect([run.code, run.stderr]).toEqual([0, '']);
    expect(run.stdout).toMatch(/cosigned size \d+/);
    const note = await (await fetch(`${app.url}/log/checkpoint`)).text();
    const opened = openCheckpoint(note, ed25519Verifier(nodeLogCrypto, vkey), { origin: ORIGIN, witnesses: [cosignatureVerifier(nodeLogCrypto, witness.vkey)] });
    expect(opened.note.verified.map((s) => s.name)).toEqual([ORIGIN, witness.name]);
    expect(parseNote(note).signatures[0].name).toBe(ORIGIN); // the log's own first
    // Existing verifiers still accept it (the text is the same).
    expect((await verify()).code).toBe(0);
    // Again: nothing new to cosign.
    expect((await witnessOnce()).stdout).toMatch(/already carries/);
  });

  it('refuses an unknown witness (403), a forged cosignature and another text (400), a size never signed (404)', async () => {
    const note = await (await fetch(`${app.url}/log/checkpoint`)).text();
    const text = parseNote(note).text;
    const post = (body: string) => fetch(`${app.url}/log/cosignatures`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body });
    const unknown = await post(`${text}\n${stranger.cosign(text, 1_700_000_000n)}`);
    expect(unknown.status).toBe(403);
    expect(((await unknown.json()) as { message: string }).message).toMatch(/stranger\.example\.net\+[0-9a-f]{8} is not a witness of this log/);
    const line = witness.cosign(text, 1_700_000_000n);
    const [dash, name, b64] = line.trimEnd().split(' ');
    const forged = `${dash} ${name} ${b64.slice(0, 40)}${b64[40] === 'A' ? 'B' : 'A'}${b64.slice(41)}\n`;
    const bad = await post(`${text}\n${forged}`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { message: string }).message).toMatch(/does not verify/);
    const [origin, size] = text.split('\n');
    const otherRoot = `${origin}\n${size}\n${toBase64(new Uint8Array(32))}\n`;
    expect((await post(`${otherRoot}\n${witness.cosign(otherRoot, 1n)}`)).status).toBe(400);
    const never = `${origin}\n999999\n${toBase64(new Uint8Array(32))}\n`;
    expect((await post(`${never}\n${witness.cosign(never, 1n)}`)).status).toBe(404);
    expect((await post('x'.repeat(20_000))).status).toBe(413);
  });

  it('after the store is altered and the tree rebuilt from it, log:verify refuses (exit 3) and the witness will not cosign', async () => {
    await app.close();
    rmSync(join(dir.path, 'transparency-log.sqlite'), { force: true });
    rmSync(join(dir.path, 'transparency-log.sqlite-wal'), { force: true });
    rmSync(join(dir.path, 'transparency-log.sqlite-shm'), { force: true });
    const db = new Database(join(dir.path, 'events.sqlite'));
    const changed = db.prepare("UPDATE events SET data = replace(data, 'a', 'e') WHERE position = (SELECT min(position) FROM events)").run();
    db.close();
    expect(changed.changes).toBe(1);
    await start();
    await allLogged();
    const saved = JSON.parse(readFileSync(stateFile, 'utf8')) as { size: number; rootHash: string };
    const r = await verify();
    expect(r.code).toBe(3);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, check: 'inconsistent', saved: { size: saved.size, rootHash: saved.rootHash } });
    expect(JSON.parse(readFileSync(stateFile, 'utf8'))).toEqual(expect.objectContaining({ size: saved.size, rootHash: saved.rootHash }));
    const w = await witnessOnce();
    expect(w.code).toBe(3);
    expect(w.stderr).toMatch(/REFUSED TO COSIGN \((inconsistent)\)/);
    const note = await (await fetch(`${app.url}/log/checkpoint`)).text();
    expect(parseNote(note).signatures.map((s) => s.name)).toEqual([ORIGIN]);
  });
});
