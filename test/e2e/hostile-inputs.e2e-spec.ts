import { GraphQLSchemaHost } from '@nestjs/graphql';
import { TypeMetadataStorage } from '@nestjs/graphql/dist/schema-builder/storages/type-metadata.storage';
import { getMetadataStorage } from 'class-validator';
import { getNamedType, getNullableType, GraphQLInputObjectType, GraphQLList, isInputObjectType, isListType } from 'graphql';
import { SignJWT } from 'jose';
import { ClaimsReadModel, STATEMENT_CACHE_SIZE } from '../../src/claims/read-model/claims.read-model';
import { ReadModelsService } from '../../src/projections/read-models.service';
import { DeskClient } from '../support/desk-client';
import { eventually } from '../support/eventually';
import { WsSubscriber } from '../support/ws-subscriber';
import { expectUntouched } from '../support/hostile';
import { startTestApp, TEST_SECRET, TestApp } from '../support/test-app';

/**
 * Hostile inputs and text, as an outsider would send them over HTTP: every list bounded, no cache a
 * client can grow, no SQLite text in an answer, and text that is what it looks like. Each refusal
 * carries its code, writes nothing, and leaves the service answering its liveness check at once.
 */
describe('hostile inputs and text (e2e)', () => {
  let app: TestApp;
  let alice: DeskClient;
  let editor: DeskClient;
  let claimId: string;

  const STATUSES = ['DRAFT', 'IN_REVIEW', 'PUBLISHED', 'REJECTED', 'RETRACTED'];
  const submit = { statement: 'Nine people were detained.', claimant: { name: 'Ura.ru', kind: 'ORGANIZATION' }, claimDate: '2025-06-28', appearances: [], language: 'en', topics: ['raids'] };
  const countByStatus = 'query($status: [ClaimStatus!], $rating: [String!]) { claims(filter: { status: $status, rating: $rating }) { totalCount } }';

  beforeAll(async () => {
    app = await startTestApp();
    alice = new DeskClient(app, await app.token({ sub: 'alice', roles: ['contributor'] }));
    editor = new DeskClient(app, await app.token({ sub: 'elena', roles: ['editor'] }));
    claimId = (await alice.ok('submitClaim', submit)).claimId;
  });
  afterAll(async () => app.close());

  const codeOf = (response: { errors?: { extensions?: Record<string, unknown> }[] }) => response.errors?.[0]?.extensions?.code;

  describe('bounded lists and memory', () => {
    it('every list of every input type the schema serves has a maximum, and no query or mutation takes a list argument directly', () => {
      const schema = app.app.get(GraphQLSchemaHost).schema;
      const classes = new Map(TypeMetadataStorage.getInputTypesMetadata().map((meta) => [meta.name, meta.target]));
      const lists: string[] = [];
      const unbounded: string[] = [];
      for (const type of Object.values(schema.getTypeMap())) {
        if (!isInputObjectType(type) || type.name.startsWith('__')) continue;
        for (const field of Object.values((type as GraphQLInputObjectType).getFields())) {
          if (!isListType(getNullableType(field.type))) continue;
          lists.push(`${type.name}.${field.name}`);
          const target = classes.get(type.name);
          const max = target && getMetadataStorage().getTargetValidationMetadatas(target, '', true, false).find((m) => m.propertyName === field.name && m.name === 'arrayMaxSize');
          if (!max) unbounded.push(`${type.name}.${field.name}`);
        }
      }
      expect(lists.length).toBeGreaterThanOrEqual(10);
      expect(unbounded).toEqual([]);
      const listArgs = [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].flatMap((root) =>
        Object.values(root?.getFields() ?? {}).flatMap((f) => f.args.filter((a) => getNullableType(a.type) instanceof GraphQLList || isListType(getNullableType(getNamedType(a.type)))).map((a) => `${f.name}(${a.name})`)),
      );
      // The one exception is Relay's nodes(ids:), whose resolver refuses more than 100 ids (payloads-and-nodes e2e).
      expect(listArgs).toEqual(['nodes(ids)']);
    });

    it('the issue\'s 32,000-entry status list is refused with BAD_USER_INPUT naming the field and its maximum', async () => {
      for (const length of [32_000, 32_766, 6]) {
        const response = await expectUntouched(app, () => app.graphql(countByStatus, { status: Array(length).fill('DRAFT') }, editor.token));
        expect(codeOf(response)).toBe('BAD_USER_INPUT');
        expect(response.errors?.[0].message).toContain(`status may have at most 5 entries (it has ${length})`);
        expect(JSON.stringify(response)).not.toMatch(/SQL|sqlite/i);
      }
    });

    it('over WebSocket too: a live feed\'s oversize status list and a bad assignee id are refused with BAD_USER_INPUT', async () => {
      const ws = new WsSubscriber(app.url, editor.token);
      try {
        await expectUntouched(app, async () => {
          const feed = ws.subscribe('subscription($s: [ClaimStatus!]) { deskChanges(filter: { status: $s }) { claimId } }', { s: Array(32_000).fill('DRAFT') });
          const byId = ws.subscribe('subscription { deskChanges(filter: { assigneeId: "x\\u202Ey" }) { claimId } }');
          await eventually(() => expect(feed.errors.length + byId.errors.length).toBe(2));
          expect(JSON.stringify(feed.errors)).toContain('status may have at most 5 entries (it has 32000)');
          expect(JSON.stringify(feed.errors)).toContain('"code":"BAD_USER_INPUT"');
          expect(JSON.stringify(byId.errors)).toContain('"code":"BAD_USER_INPUT"');
        });
      } finally {
        await ws.close();
      }
    });

    it('a status filter with repeats means the same as without them (de-duplicated silently)', async () => {
      const once = await app.graphql<{ claims: { totalCount: number } }>(countByStatus, { status: ['DRAFT', 'PUBLISHED'] }, editor.token);
      const repeated = await expectUntouched(app, () => app.graphql<{ claims: { totalCount: number } }>(countByStatus, { status: ['DRAFT', 'DRAFT', 'PUBLISHED', 'DRAFT', 'PUBLISHED'] }, editor.token));
      expect(repeated.errors).toBeUndefined();
      expect(repeated.data!.claims.totalCount).toBe(once.data!.claims.totalCount);
      expect(once.data!.claims.totalCount).toBeGreaterThan(0);
    });

    it('500 requests with lists of different lengths do not grow the prepared-statement cache', async () => {
      const readModel = app.app.get(ClaimsReadModel);
      const ratings = (n: number) => Array.from({ length: n }, (_, i) => `R${i}`);
      const ask = (i: number) => app.graphql(countByStatus, { status: STATUSES.slice(0, 1 + (i % 5)), rating: ratings(1 + (i % 20)) }, editor.token);
      for (let i = 0; i < 20; i++) expect((await ask(i)).errors).toBeUndefined();
      const warm = readModel.preparedStatementCount;
      await expectUntouched(app, async () => {
        for (let i = 20; i < 500; i++) expect((await ask(i)).errors).toBeUndefined();
      });
      // Lists of 1 to 5 statuses and 1 to 20 ratings: one SQL text for all of them.
      expect(readModel.preparedStatementCount).toBe(warm);
      expect(readModel.preparedStatementCount).toBeLessThanOrEqual(STATEMENT_CACHE_SIZE);
      expect(readModel.preparedStatementSources.join('\n')).not.toMatch(/\?\s*,\s*\?/);
    });

    it('every filter combination still shares a bounded cache (an LRU of STATEMENT_CACHE_SIZE texts)', async () => {
      const readModel = app.app.get(ClaimsReadModel);
      const optional = ['topic: "x"', 'claimant: "x"', 'assigneeId: "x"', 'awaitingVerdictFrom: "x"', 'submittedBy: "x"', 'language: "en"', 'published: false', 'claimDateFrom: "2025-01-01"', 'submittedTo: "2030-01-01"'];
      await expectUntouched(app, async () => {
        for (let mask = 0; mask < 2 ** optional.length; mask += 3) {
          const filter = optional.filter((_, i) => mask & (1 << i)).join(', ');
          const response = await app.graphql(`{ claims(filter: { ${filter} }) { totalCount } }`, {}, editor.token);
          expect(response.errors).toBeUndefined();
        }
      });
      expect(readModel.preparedStatementCount).toBeLessThanOrEqual(STATEMENT_CACHE_SIZE);
    });

    it('the list queries keep using the indexes with one JSON parameter per list', async () => {
      await app.graphql(countByStatus, { status: ['DRAFT'], rating: ['FALSE'] }, editor.token);
      const readModel = app.app.get(ClaimsReadModel);
      const db = app.app.get(ReadModelsService).db;
      const plan = (sql: string) =>
        (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...Array((sql.match(/\?/g) ?? []).length).fill('[]')) as { detail: string }[]).map((r) => r.detail).join(' | ');
      const sources = readModel.preparedStatementSources.filter((sql) => sql.includes('json_each'));
      expect(sources.length).toBeGreaterThan(0);
      for (const sql of sources) {
        expect(plan(sql)).toMatch(/SEARCH (c|claims) USING (COVERING )?(INDEX claims_(status|rating)|INTEGER PRIMARY KEY)/);
        expect(plan(sql)).not.toMatch(/SCAN c( |$)/);
      }
    });

    it('lists of a mutation are refused over their maximum before any entry is looked at, with a bounded answer', async () => {
      const reviewers = Array.from({ length: 10_000 }, () => ({ id: 'x\u0000' }));
      const response = await expectUntouched(app, () => editor.mutate('assignReviewers', { claimId, reviewers }));
      expect(response.error?.code).toBe('BAD_USER_INPUT');
      expect(response.error?.message).toContain('reviewers may have at most 20 entries (it has 10000)');
      // One problem for the list, not one per entry.
      expect(JSON.stringify(response).length).toBeLessThan(1000);
      const topics = await expectUntouched(app, () => alice.mutate('submitClaim', { ...submit, topics: Array.from({ length: 21 }, (_, i) => `t${i}`) }));
      expect(topics.error?.code).toBe('BAD_USER_INPUT');
      expect(topics.error?.message).toContain('topics may have at most 20 entries');
      const history = await expectUntouched(app, () =>
        app.graphql('query($types: [String!]) { claimHistory(claimId: "x", filter: { eventTypes: $types }) { lastRevision } }', { types: Array(5000).fill('ClaimSubmitted') }, editor.token),
      );
      expect(codeOf(history)).toBe('BAD_USER_INPUT');
      expect(history.errors?.[0].message).toContain('eventTypes may have at most 20 entries');
    });

    it('repeats in a list that goes into an event are refused, naming the field', async () => {
      const twice = await expectUntouched(app, () => editor.mutate('assignReviewers', { claimId, reviewers: [{ id: 'rustam' }, { id: 'rustam', name: 'Someone else' }] }));
      expect(twice.error?.code).toBe('BAD_USER_INPUT');
      expect(twice.error?.message).toMatch(/reviewers must not name the same entry twice/);
      const topics = await expectUntouched(app, () => alice.mutate('submitClaim', { ...submit, topics: ['raids', 'raids'] }));
      expect(topics.error?.message).toMatch(/topics must not name the same entry twice/);
    });
  });

  describe('text hygiene', () => {
    it('a statement made only of zero-width characters, lone combining marks or Unicode spaces is blank', async () => {
      for (const statement of ['\u200B\u200C\u200D\u2060\uFEFF', '\u0301\u0301\u0301', '\u3000\u00A0\u2003\u2028', '\u2800\u3164']) {
        const { error } = await expectUntouched(app, () => alice.mutate('submitClaim', { ...submit, statement }));
        expect(error?.code).toBe('BAD_USER_INPUT');
        expect(error?.message).toContain('statement must not be blank');
      }
      const claimant = await expectUntouched(app, () => alice.mutate('submitClaim', { ...submit, claimant: { name: '\u200B', kind: 'PERSON' } }));
      expect(claimant.error?.message).toContain('claimant.name must not be blank');
    });

    it('reviewer ids with NUL, a newline or an RTL override are refused', async () => {
      for (const id of ['rustam\u0000', 'rustam\nadmin', 'rustam\u202Eevil', 'rus tam', 'ру']) {
        const { error } = await expectUntouched(app, () => editor.mutate('assignReviewers', { claimId, reviewers: [{ id }] }));
        expect(error?.code).toBe('BAD_USER_INPUT');
        expect(error?.message).toMatch(/reviewers\.0\.id: id must be a person's id/);
      }
      const name = await expectUntouched(app, () => editor.mutate('assignReviewers', { claimId, reviewers: [{ id: 'rustam', name: 'Rustam\u202E' }] }));
      expect(name.error?.message).toMatch(/bidirectional control characters \(found U\+202E\)/);
    });

    it('actor ids in arguments and filters follow the same rule', async () => {
      const activity = await expectUntouched(app, () => app.graphql('{ actorActivity(actorId: "alice\\u202E") { edges { cursor } } }', {}, editor.token));
      expect(codeOf(activity)).toBe('BAD_USER_INPUT');
      const filter = await expectUntouched(app, () => app.graphql('{ claims(filter: { assigneeId: "a\\u0000b" }) { totalCount } }', {}, editor.token));
      expect(codeOf(filter)).toBe('BAD_USER_INPUT');
      const history = await expectUntouched(app, () => app.graphql('{ claimHistory(claimId: "../etc", filter: { actorId: "x" }) { lastRevision } }', {}, editor.token));
      expect(codeOf(history)).toBe('BAD_USER_INPUT');
    });

    it('control characters are refused in text except newline and tab; names take none', async () => {
      for (const statement of ['Bell\u0007', 'Escape\u001B[31m', 'Null\u0000', 'Lone \uD800 surrogate', 'CR\r']) {
        const { error } = await expectUntouched(app, () => alice.mutate('submitClaim', { ...submit, statement }));
        expect(error?.code).toBe('BAD_USER_INPUT');
        expect(error?.message).toMatch(/statement: statement must not contain (control characters|a lone surrogate)/);
      }
      const outlet = await expectUntouched(app, () => alice.mutate('submitClaim', { ...submit, claimant: { name: 'Ura\tru', kind: 'ORGANIZATION' } }));
      expect(outlet.error?.message).toMatch(/claimant.name: name must not contain control characters \(found U\+0009\)/);
      expect((await alice.mutate('submitClaim', { ...submit, statement: 'Line one\nline\ttwo' })).result?.claimId).toBeDefined();
    });

    it('URLs with credentials are refused, in appearances and citations', async () => {
      for (const url of ['https://user:pass@example.org/', 'https://trusted.example@evil.example/a', 'http://u@example.org']) {
        const citation = await expectUntouched(app, () => alice.mutate('addCitation', { claimId, url, title: 'T', publisher: 'P', excerpt: 'E', stance: 'SUPPORTS' }));
        expect(citation.error?.code).toBe('BAD_USER_INPUT');
        expect(citation.error?.message).toContain('url must not contain a user name or password');
        const appearance = await expectUntouched(app, () =>
          alice.mutate('submitClaim', { ...submit, appearances: [{ url, outlet: 'O', appearedAt: '2025-06-28', firstAppearance: true }] }),
        );
        expect(appearance.error?.message).toContain('appearances.0.url: url must not contain a user name or password');
      }
      const scheme = await expectUntouched(app, () => alice.mutate('addCitation', { claimId, url: 'javascript:alert(1)', title: 'T', publisher: 'P', excerpt: 'E', stance: 'SUPPORTS' }));
      expect(scheme.error?.message).toContain('url must be an http(s) URL');
    });

    it('a token expiring in the year 9999 is refused, as is one whose iat is set in the future to look short-lived', async () => {
      const key = new TextEncoder().encode(TEST_SECRET);
      const year9999 = Date.UTC(9999, 0, 1) / 1000;
      const forever = await new SignJWT({ roles: ['editor'] }).setProtectedHeader({ alg: 'HS256' }).setSubject('mallory').setIssuedAt().setExpirationTime(year9999).sign(key);
      const stretched = await new SignJWT({ roles: ['editor'] }).setProtectedHeader({ alg: 'HS256' }).setSubject('mallory').setIssuedAt(year9999 - 60).setExpirationTime(year9999).sign(key);
      const noIat = await new SignJWT({ roles: ['editor'] }).setProtectedHeader({ alg: 'HS256' }).setSubject('mallory').setExpirationTime('30d').sign(key);
      for (const token of [forever, stretched, noIat]) {
        const response = await expectUntouched(app, () => app.graphql('mutation($input: SubmitClaimInput!) { submitClaim(input: $input) { claimId } }', { input: submit }, token));
        expect(response.status).toBe(401);
        expect(codeOf(response)).toBe('UNAUTHENTICATED');
        expect(response.errors?.[0].message).toMatch(/lives too long: at most 1d from issue/);
      }
    });

    it('a decomposed "é" is stored as NFC and found by a search typed either way', async () => {
      const decomposed = 'Le cafe\u0301 de Ekaterinbourg a fermé'.normalize('NFD');
      const { claimId: id } = await alice.ok('submitClaim', { ...submit, statement: decomposed, claimant: { name: 'Rene\u0301', kind: 'PERSON' }, topics: ['se\u0301curite\u0301'] });
      const stored = await editor.claim(id);
      expect(stored!.statement).toBe(decomposed.normalize('NFC'));
      expect(stored!.statement).not.toBe(decomposed);
      expect(stored!.claimant.name).toBe('René');
      expect(stored!.topics).toEqual(['sécurité']);
      await expectUntouched(app, async () => {
        for (const search of ['café', 'cafe\u0301']) {
          const found = await app.graphql<{ claims: { edges: { node: { id: string } }[] } }>('query($s: String) { claims(filter: { search: $s }) { edges { node { id } } } }', { s: search }, editor.token);
          expect(found.data!.claims.edges.map((e) => e.node.id)).toContain(id);
        }
        const byClaimant = await app.graphql<{ claims: { totalCount: number } }>('query($c: String) { claims(filter: { claimant: $c }) { totalCount } }', { c: 'Rene\u0301' }, editor.token);
        expect(byClaimant.data!.claims.totalCount).toBe(1);
      });
    });
  });
});
