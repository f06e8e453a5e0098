import Database from 'better-sqlite3';
import { join } from 'node:path';
import { nodeLogCrypto } from '../../src/transparency-log/adapters/node-log-crypto';
import { fromBase64, fromUtf8, toBase64 } from '../../src/transparency-log/domain/bytes';
import { openCheckpoint } from '../../src/transparency-log/domain/checkpoint';
import { decodeLogEntry } from '../../src/transparency-log/domain/entry';
import { verifyFactCheckEvent } from '../../src/transparency-log/domain/fact-check-proof';
import { Rfc6962Hasher } from '../../src/transparency-log/domain/merkle';
import { ed25519Verifier, type NoteVerifier } from '../../src/transparency-log/domain/note';
import { EVENT_STORE, type EventStore } from '../../src/event-store/event-store.port';
import { claimInput } from '../support/claim-inputs';
import { DeskClient } from '../support/desk-client';
import { eventually } from '../support/eventually';
import { runScript } from '../support/run-script';
import { makeTempDir } from '../support/temp-dir';
import { startTestApp, type TestApp } from '../support/test-app';
import { writeFileSync } from 'node:fs';

jest.setTimeout(180_000);

const hasher = new Rfc6962Hasher(nodeLogCrypto);
const BASE = 'https://factcheck.example.org';
const PRIVATE_EXCERPT = 'PRIVATE-EXCERPT: the ministry source said so off the record';
const PRIVATE_RATIONALE = 'PRIVATE-RATIONALE: the reviewers compared both registers';
const PRIVATE_NOTE = 'PRIVATE-NOTE: do not quote the second source';

interface Bundle {
  claimId: string;
  url: string;
  checkpoint: { size: number; rootHash: string; note: string } | null;
  publicEvents: { index: number; type: string; revision: number; recordedAt: string; entry: string; leafHash: string; proof: string }[];
  pending: { index: number | null; type: string; revision: number }[];
  privateLeafIndexes: number[];
}

/**
 * Per-fact-check proof bundles over real HTTP on the embedded store, fetched with no token and
 * verified offline with the pure domain functions and the key from GET /log/vkey.
 */
describe('fact-check proof bundles (e2e, real server, embedded store)', () => {
  let app: TestApp;
  let alice: DeskClient;
  let rita: DeskClient;
  let rafael: DeskClient;
  let edgar: DeskClient;
  let log: NoteVerifier;
  const ids: Record<string, string> = {};

  async function publishable(statement: string): Promise<string> {
    const { claimId } = await alice.ok('submitClaim', claimInput(statement));
    const citationId = (await alice.ok('addCitation', { claimId, url: 'https://example.org/s', title: 'A source', publisher: 'Example', excerpt: PRIVATE_EXCERPT, stance: 'CONTEXT' })).citationId;
    await edgar.ok('assignReviewers', { claimId, reviewers: [{ id: 'rita' }, { id: 'rafael' }] });
    await rita.ok('recordVerdict', { claimId, rating: 'FALSE', rationale: PRIVATE_RATIONALE, citationIds: [citationId] });
    await rafael.ok('recordVerdict', { claimId, rating: 'FALSE', rationale: 'Checked too.', citationIds: [citationId] });
    const note = await app.graphql<any>('mutation($input: PostNoteInput!) { postNote(input: $input) { revision } }', { input: { claimId, text: PRIVATE_NOTE, mentions: [] } }, rita.token);
    expect(note.errors).toBeUndefined();
    return claimId;
  }

  async function bundleOf(id: string): Promise<{ status: number; cacheControl: string | null; body: any; text: string }> {
    const response = await fetch(`${app.url}/log/fact-checks/${id}`);
    const text = await response.text();
    return { status: response.status, cacheControl: response.headers.get('cache-control'), body: JSON.parse(text), text };
  }

  /** Waits until the latest checkpoint covers every event in the store, then answers the bundle. */
  async function settledBundle(id: string): Promise<Bundle> {
    const store = app.app.get<EventStore>(EVENT_STORE);
    const total = (await store.readAll()).length;
    let bundle: Bundle | undefined;
    await eventually(async () => {
      const answer = await bundleOf(id);
      expect(answer.status).toBe(200);
      expect(answer.body.checkpoint?.size).toBe(total);
      bundle = answer.body;
    }, 60_000, 50);
    return bundle!;
  }

  function verifyAll(bundle: Bundle): void {
    for (const event of bundle.publicEvents) {
      const verified = verifyFactCheckEvent(hasher, { entry: event.entry, proof: event.proof }, { log });
      expect(verified.index).toBe(event.index);
      expect(verified.checkpoint.size).toBe(bundle.checkpoint!.size);
      expect(verified.entry).toMatchObject({ stream: `claim-${bundle.claimId}`, type: event.type, revision: event.revision, recordedAtMs: new Date(event.recordedAt).getTime() });
      expect(event.leafHash).toBe(toBase64(hasher.hashLeaf(fromBase64(event.entry)!)));
    }
  }

  beforeAll(async () => {
    app = await startTestApp({ PUBLIC_BASE_URL: `${BASE}/`, PUBLISH_MIN_SOURCES: '1', LOG_CHECKPOINT_INTERVAL_MS: '50' });
    const as = async (sub: string, roles: string[]) => new DeskClient(app, await app.token({ sub, name: sub, roles }));
    alice = await as('alice', ['contributor']);
    rita = await as('rita', ['reviewer']);
    rafael = await as('rafael', ['reviewer']);
    edgar = await as('edgar', ['editor']);

    ids.corrected = await publishable('Two people died during the police raids.');
    await edgar.ok('publishFactCheck', { claimId: ids.corrected, rating: 'FALSE', summary: 'One man died, not two.' });
    await edgar.ok('correctFactCheck', { claimId: ids.corrected, note: 'A second death was confirmed.', newRating: 'MOSTLY_FALSE', newSummary: 'Two died, but later.', justification: 'Confirmed after the reviewers rated.' });
    ids.retracted = await publishable('The brothers were killed.');
    await edgar.ok('publishFactCheck', { claimId: ids.retracted, rating: 'FALSE', summary: 'Both are alive.' });
    await edgar.ok('retractFactCheck', { claimId: ids.retracted, note: 'The underlying report was withdrawn.' });
    ids.unpublished = await publishable('Rated by reviewers, not yet published.');

    const vkey = (await (await fetch(`${app.url}/log/vkey`)).text()).trim();
    log = ed25519Verifier(nodeLogCrypto, vkey);
  });
  afterAll(async () => {
    await app?.close();
  });

  it('serves a published and corrected fact-check\'s bundle without a token; every public event verifies offline', async () => {
    const bundle = await settledBundle(ids.corrected);
    expect(bundle.claimId).toBe(ids.corrected);
    expect(bundle.url).toBe(`${BASE}/claims/${ids.corrected}`);
    expect(bundle.publicEvents.map((e) => e.type)).toEqual(['FactCheckPublished', 'FactCheckCorrected']);
    expect(bundle.pending).toEqual([]);
    expect(openCheckpoint(bundle.checkpoint!.note, log).checkpoint.size).toBe(bundle.checkpoint!.size);
    verifyAll(bundle);

    // Every event of the claim's stream is a leaf: the public ones with entries, the others by index only.
    const stream = await app.app.get<EventStore>(EVENT_STORE).readStream(`claim-${ids.corrected}`);
    const events = stream.found ? stream.events : [];
    expect(bundle.publicEvents.length + bundle.privateLeafIndexes.length).toBe(events.length);
    expect(bundle.privateLeafIndexes.length).toBeGreaterThan(0);

    const answer = await bundleOf(ids.corrected);
    expect(answer.cacheControl).toBe('no-cache');
    const gql = await app.graphql<any>(
      'query($id: ID!) { claim(id: $id) { transparencyLog { leafIndexes privateLeafIndexes checkpointSize publicEvents { index type revision entry proof } pending { index } } } }',
      { id: ids.corrected },
    );
    expect(gql.errors).toBeUndefined();
    const viaGraphql = gql.data.claim.transparencyLog;
    expect(viaGraphql.checkpointSize).toBe(bundle.checkpoint!.size);
    expect(viaGraphql.leafIndexes).toEqual([...bundle.publicEvents.map((e) => e.index), ...bundle.privateLeafIndexes].sort((a, b) => a - b));
    expect(viaGraphql.publicEvents).toEqual(bundle.publicEvents.map(({ index, type, revision, entry, proof }) => ({ index, type, revision, entry, proof })));
  });

  it('npm run log:verify -- --bundle checks a served bundle as a reader would, and refuses one that lies about its events', async () => {
    await settledBundle(ids.corrected);
    const work = makeTempDir('factcheck-bundle-verify-');
    try {
      const vkey = (await (await fetch(`${app.url}/log/vkey`)).text()).trim();
      const state = join(work.path, 'state.json');
      const verify = (source: string) => runScript('log-verify.ts', ['--bundle', source, '--vkey', vkey, '--log', app.url, '--state', state, '--json']);
      const accepted = await verify(`${app.url}/log/fact-checks/${ids.corrected}`);
      expect(accepted).toMatchObject({ code: 0 });
      expect(JSON.parse(accepted.stdout).bundle.events.map((e: { type: string }) => e.type)).toEqual(['FactCheckPublished', 'FactCheckCorrected']);
      // A bundle that passes the retracted fact-check's genuine proofs off as the corrected one's.
      const other = (await bundleOf(ids.retracted)).body;
      const lying = join(work.path, 'lying.json');
      writeFileSync(lying, JSON.stringify({ ...other, claimId: ids.corrected }));
      const refused = await verify(lying);
      expect(refused.code).toBe(5);
      expect(refused.stdout + refused.stderr).toContain(`not of the fact-check claim-${ids.corrected}`);
    } finally {
      work.remove();
    }
  });

  it('serves one event\'s tlog-proof alone as text, the same as in the bundle', async () => {
    const bundle = await settledBundle(ids.corrected);
    const [first] = bundle.publicEvents;
    const response = await fetch(`${app.url}/log/fact-checks/${ids.corrected}/events/${first.index}/proof`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-cache');
    const text = await response.text();
    expect(verifyFactCheckEvent(hasher, { entry: first.entry, proof: text }, { log }).index).toBe(first.index);
    // A private leaf has no proof here: only its index is public.
    const privateOne = await fetch(`${app.url}/log/fact-checks/${ids.corrected}/events/${bundle.privateLeafIndexes[0]}/proof`);
    expect(privateOne.status).toBe(404);
    expect((await fetch(`${app.url}/log/fact-checks/${ids.corrected}/events/01/proof`)).status).toBe(400);
  });

  it('never serves a private event\'s content or type', async () => {
    const bundle = await settledBundle(ids.corrected);
    const texts = [JSON.stringify(bundle), ...bundle.publicEvents.flatMap((e) => {
      const entry = decodeLogEntry(fromBase64(e.entry)!);
      return [entry.type, fromUtf8(entry.data), fromUtf8(entry.metadata)];
    })];
    for (const text of texts) {
      for (const secret of [PRIVATE_EXCERPT, PRIVATE_RATIONALE, PRIVATE_NOTE, 'CitationAdded', 'VerdictRecorded', 'ReviewersAssigned', 'ClaimSubmitted']) {
        expect(text).not.toContain(secret);
      }
    }
  });

  it('a retracted fact-check keeps its bundle: the retraction is public', async () => {
    const bundle = await settledBundle(ids.retracted);
    expect(bundle.publicEvents.map((e) => e.type)).toEqual(['FactCheckPublished', 'FactCheckRetracted']);
    verifyAll(bundle);
  });

  it('answers unknown and unpublished ids with the same 404, a malformed id with 400, and null in GraphQL', async () => {
    const unknown = await bundleOf('no-such-claim');
    const unpublished = await bundleOf(ids.unpublished);
    expect(unknown.status).toBe(404);
    expect(unpublished.status).toBe(404);
    expect(unpublished.body.message.replace(ids.unpublished, 'X')).toBe(unknown.body.message.replace('no-such-claim', 'X'));
    expect((await fetch(`${app.url}/log/fact-checks/${ids.unpublished}/events/0/proof`)).status).toBe(404);
    const malformed = await fetch(`${app.url}/log/fact-checks/${encodeURIComponent('bad id!')}`);
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { message: string }).message).toMatch(/claimId may contain letters, digits/);

    const gql = await app.graphql<any>('query($id: ID!) { claim(id: $id) { transparencyLog { checkpointSize } } }', { id: ids.unpublished }, edgar.token);
    expect(gql.errors).toBeUndefined();
    expect(gql.data.claim.transparencyLog).toBeNull();
  });

  it('refuses a served proof or entry with one byte flipped, with a reason', async () => {
    const bundle = await settledBundle(ids.corrected);
    const [event] = bundle.publicEvents;
    const entry = fromBase64(event.entry)!;
    // In the header, in the stream name's length, in the data, in the recorded time.
    const reasons = [/must start with/, /truncated|after the recorded time/, /inclusion proof does not verify/, /inclusion proof does not verify/];
    for (const [n, at] of [0, 28, 120, entry.length - 1].entries()) {
      const flipped = entry.slice();
      flipped[at] ^= 0x01;
      expect(() => verifyFactCheckEvent(hasher, { entry: toBase64(flipped), proof: event.proof }, { log })).toThrow(reasons[n]);
    }
    const proof = event.proof;
    const hashLine = proof.split('\n').findIndex((l, i) => i > 1 && l.length === 44);
    const lines = proof.split('\n');
    expect(hashLine).toBeGreaterThan(1);
    const hash = fromBase64(lines[hashLine])!;
    hash[0] ^= 0x80;
    lines[hashLine] = toBase64(hash);
    expect(() => verifyFactCheckEvent(hasher, { entry: event.entry, proof: lines.join('\n') }, { log })).toThrow(/inclusion proof does not verify/);
    // The index line moved to another leaf, and a flipped byte in the signed checkpoint.
    expect(() => verifyFactCheckEvent(hasher, { entry: event.entry, proof: proof.replace(/^index \d+$/m, `index ${event.index + 1}`) }, { log })).toThrow(/does not verify/);
    const root = bundle.checkpoint!.rootHash;
    const otherRoot = toBase64(fromBase64(root)!.map((b, i) => (i === 0 ? b ^ 1 : b)));
    expect(() => verifyFactCheckEvent(hasher, { entry: event.entry, proof: proof.replace(root, otherRoot) }, { log })).toThrow(/signature|not signed/);
    expect(decodeLogEntry(entry).type).toBe(event.type);
  });

  it('answers plainly, never with a failing bundle, when the store was altered after it was logged', async () => {
    const before = await settledBundle(ids.retracted);
    const retraction = before.publicEvents.find((e) => e.type === 'FactCheckRetracted')!;
    const db = new Database(join(app.config.DATA_DIR, 'events.sqlite'));
    try {
      db.prepare("UPDATE events SET data = json_set(data, '$.note', 'A forged note.') WHERE stream_id = ? AND revision = ?").run(`claim-${ids.retracted}`, retraction.revision);
    } finally {
      db.close();
    }
    const answer = await bundleOf(ids.retracted);
    expect(answer.status).toBe(409);
    expect(answer.body).toMatchObject({ code: 'LOG_MISMATCH', index: retraction.index });
    expect(answer.body.message).toMatch(new RegExp(`altered after it was logged: claim-${ids.retracted} revision ${retraction.revision} no longer hashes to leaf ${retraction.index}`));
    expect(answer.text).not.toContain('A forged note.');
  });
});
