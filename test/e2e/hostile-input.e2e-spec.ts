import { SignJWT } from 'jose';
import { validateCaseFile } from '../../src/case-file/case-file.validate';
import { planClaim } from '../../src/case-file/case-file.plan';
import { DeskClient } from '../support/desk-client';
import { eventually } from '../support/eventually';
import { smallCase } from '../support/small-case';
import { startTestApp, TEST_SECRET, TestApp } from '../support/test-app';
import { WsSubscriber } from '../support/ws-subscriber';

/**
 * Reproductions from a hostile-input review, kept as regression tests: each must be refused with a
 * clear code, write nothing, and leave the service healthy.
 */
describe('hostile input (e2e)', () => {
  let app: TestApp;
  let alice: DeskClient;
  let editor: DeskClient;
  let roleless: DeskClient;
  let claimId: string;
  let citationId: string;

  const submit = { statement: 'Nine people were detained.', claimant: { name: 'Ura.ru', kind: 'ORGANIZATION' }, claimDate: '2025-06-28', appearances: [], language: 'en', topics: ['raids'] };

  beforeAll(async () => {
    app = await startTestApp();
    alice = new DeskClient(app, await app.token({ sub: 'alice', roles: ['contributor'] }));
    editor = new DeskClient(app, await app.token({ sub: 'elena', roles: ['editor'] }));
    roleless = new DeskClient(app, await app.token({ sub: 'alice', roles: [] }));
    claimId = (await alice.ok('submitClaim', submit)).claimId;
    citationId = (await alice.ok('addCitation', { claimId, url: 'https://example.org/a', title: 'A', publisher: 'P', excerpt: 'E', stance: 'SUPPORTS' })).citationId!;
  });
  afterAll(async () => app.close());

  async function healthy() {
    const admin = await app.token({ sub: 'ops', roles: ['admin'] });
    const health = (await (await fetch(`${app.url}/health/ready`, { headers: { authorization: `Bearer ${admin}` } })).json()) as { status: string; projections: { status: string } };
    expect(health).toMatchObject({ status: 'ok', projections: { status: 'live' } });
  }

  it('null in a revision is refused as BAD_USER_INPUT, nothing is written, and the read models keep running', async () => {
    const before = (await editor.claim(claimId))!.revision;
    for (const input of [
      { claimId, language: null, reason: 'x' },
      { claimId, claimant: null, reason: 'x' },
      { claimId, topics: null, reason: 'x' },
      { claimId, statement: null, reason: 'x' },
    ]) {
      const { error } = await alice.mutate('reviseClaimDetails', input);
      expect(error?.code).toBe('BAD_USER_INPUT');
    }
    const { error } = await alice.mutate('reviseCitation', { claimId, citationId, title: null, url: null, stance: null, reason: 'x' });
    expect(error?.code).toBe('BAD_USER_INPUT');
    expect(error?.message).toMatch(/title/);
    expect((await editor.claim(claimId))!.revision).toBe(before);
    await healthy();
  });

  it('a token without a role cannot write, not even on its own claim and citation', async () => {
    expect((await roleless.mutate('reviseClaimDetails', { claimId, statement: 'Rewritten', reason: 'x' })).error?.code).toBe('FORBIDDEN');
    expect((await roleless.mutate('reviseCitation', { claimId, citationId, url: 'https://evil.example/phish', reason: 'x' })).error?.code).toBe('FORBIDDEN');
  });

  it('a token without a role sees no drafts: neither the queue nor the desk feed', async () => {
    const queue = await app.graphql('{ myQueue { totalCount } }', {}, roleless.token);
    expect(queue.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const ws = new WsSubscriber(app.url, roleless.token);
    try {
      const feed = ws.subscribe('subscription { deskChanges { claimId claim { statement } } }');
      await eventually(() => expect(feed.errors.length).toBeGreaterThan(0));
      // Over WebSocket the refusal carries the same code as over HTTP.
      expect(JSON.stringify(feed.errors)).toContain('"code":"FORBIDDEN"');
      await alice.ok('submitClaim', { ...submit, statement: 'SECRET DRAFT' });
      await new Promise((r) => setTimeout(r, 100));
      expect(feed.received).toEqual([]);
    } finally {
      await ws.close();
    }
  });

  it('the same mutationId for a different act is refused, not silently swallowed', async () => {
    const first = await alice.ok('submitClaim', { ...submit, mutationId: 'reused-id' });
    const { error } = await alice.mutate('reviseClaimDetails', { claimId: first.claimId, statement: 'Different', reason: 'x', mutationId: 'reused-id' });
    expect(error?.code).toBe('MUTATION_ID_REUSED');
    expect(error?.message).toMatch(/already used for a different SubmitClaim/);
    const changed = await alice.mutate('submitClaim', { ...submit, statement: 'Another statement', mutationId: 'reused-id' });
    expect(changed.error?.code).toBe('MUTATION_ID_REUSED');
    expect((await alice.ok('submitClaim', { ...submit, mutationId: 'reused-id' })).replayed).toBe(true);
  });

  it('limits what one query may ask for, over HTTP and over WebSocket', async () => {
    const aliases = Array.from({ length: 11 }, (_, i) => `a${i}: claims(first: 100) { totalCount }`).join(' ');
    const wide = await app.graphql(`{ ${aliases} }`, {}, editor.token);
    expect(wide.errors?.[0]).toMatchObject({ extensions: { code: 'QUERY_TOO_COMPLEX' } });
    expect(wide.errors?.[0].message).toMatch(/11 top-level fields; at most 10/);

    // A fragment spread many times costs what it expands to.
    const fields = Array.from({ length: 40 }, (_, i) => `f${i}: statement`).join(' ');
    const spreads = Array.from({ length: 60 }, (_, i) => `s${i}: claim(id: "x") { ...F }`).slice(0, 10).join(' ');
    const nested = `fragment F on Claim { ${fields} citations { ...G } } fragment G on Citation { ${Array.from({ length: 200 }, (_, i) => `g${i}: title`).join(' ')} }`;
    const deep = await app.graphql(`{ ${spreads} } ${nested}`, {}, editor.token);
    expect(deep.errors?.[0]).toMatchObject({ extensions: { code: 'QUERY_TOO_COMPLEX' } });
    expect(deep.errors?.[0].message).toMatch(/more than 1500 fields/);

    const ws = new WsSubscriber(app.url, editor.token);
    try {
      const sub = ws.subscribe(`subscription { deskChanges { claimId } } ${'#'.repeat(100_001)}`);
      await eventually(() => expect(JSON.stringify(sub.errors)).toMatch(/longer than 100000 characters/));
    } finally {
      await ws.close();
    }
  });

  it('a tampered cursor and invalid filters are BAD_USER_INPUT, never an internal error', async () => {
    const page = await app.graphql<{ claims: { pageInfo: { endCursor: string } } }>('{ claims(first: 1, filter: { search: "detained" }) { pageInfo { endCursor } } }', {}, editor.token);
    const cursor = JSON.parse(Buffer.from(page.data!.claims.pageInfo.endCursor, 'base64url').toString());
    for (const k of [['x'], [1.5], [1e300], [-1]]) {
      const forged = Buffer.from(JSON.stringify({ ...cursor, k })).toString('base64url');
      const response = await app.graphql(`{ claims(first: 1, after: "${forged}", filter: { search: "detained" }) { totalCount } }`, {}, editor.token);
      expect(response.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    }
    const badDate = await app.graphql('{ claims(filter: { claimDateFrom: "not-a-date" }) { totalCount } }', {}, editor.token);
    expect(badDate.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    expect(badDate.errors?.[0].message).toMatch(/claimDateFrom/);
    const tooMany = await app.graphql(`{ claims(filter: { rating: [${Array.from({ length: 25 }, () => '"X"').join(',')}] }) { totalCount } }`, {}, editor.token);
    expect(tooMany.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    // A null filter field means "not given" (typed clients send it), never an error or a filter on null.
    const nullTopic = await app.graphql<{ claims: { totalCount: number } }>('{ claims(filter: { topic: null }) { totalCount } }', {}, editor.token);
    const noTopic = await app.graphql<{ claims: { totalCount: number } }>('{ claims { totalCount } }', {}, editor.token);
    expect(nullTopic.errors).toBeUndefined();
    expect(nullTopic.data?.claims.totalCount).toBe(noTopic.data?.claims.totalCount);
    await healthy();
  });

  it('tokens must expire and name a sane subject', async () => {
    const noExp = await new SignJWT({ roles: ['editor'] }).setProtectedHeader({ alg: 'HS256' }).setSubject('eve').sign(new TextEncoder().encode(TEST_SECRET));
    const a = await app.graphql('{ whoami { id } }', {}, noExp);
    expect(a.status).toBe(401);
    expect(a.errors?.[0].message).toMatch(/no expiry/);
    const longSub = await new SignJWT({ roles: ['editor'] }).setProtectedHeader({ alg: 'HS256' }).setSubject('x'.repeat(7000)).setExpirationTime('1h').sign(new TextEncoder().encode(TEST_SECRET));
    expect((await app.graphql('{ whoami { id } }', {}, longSub)).errors?.[0].message).toMatch(/subject must be at most 200 characters: ASCII letters, digits/);
  });

  it('case files: unknown fields, server-refused URLs and id collisions are caught before import', () => {
    const file = JSON.parse(JSON.stringify(smallCase()).replace('"kind":"ORGANIZATION"', '"kind":"ORGANIZATION","__proto__":{"polluted":true}'));
    file.claims[0].citations[0].url = 'https://my_site.example.com/x';
    const result = validateCaseFile(file);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems).toEqual(
      expect.arrayContaining([
        { path: 'claims[0].claimant.__proto__', message: expect.stringMatching(/is not a field of the case-file format/) },
        { path: 'claims[0].citations[0].url', message: 'must be an http(s) URL' },
      ]),
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();

    // "coll-x"/"y" and "coll"/"x-y" used to map to the same mutation ids.
    const ids = (slug: string, key: string) => {
      const file = { ...smallCase(), slug };
      const claim = { ...file.claims[1], key };
      return [...planClaim(file, claim, { claimId: 'c', citationId: (k) => k, verdictId: (b) => b })].map((s) => s.mutationId);
    };
    const a = ids('coll-x', 'y');
    const b = ids('coll', 'x-y');
    expect(a.filter((id) => b.includes(id))).toEqual([]);
    expect(Math.max(...a.map((id) => id.length))).toBeLessThanOrEqual(100);
  });
});
