import { claimInput, citationInput } from '../support/claim-inputs';
import { DeskClient } from '../support/desk-client';
import { expectUntouched } from '../support/hostile';
import { eventually } from '../support/eventually';
import { GraphQLResponse, startTestApp, TestApp } from '../support/test-app';
import { WsSubscriber } from '../support/ws-subscriber';

/** RFC 3339 in UTC, as the DateTime scalar serves every instant. */
const RFC3339_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * Issue 14, points 3 and 4 over real HTTP: times are DateTime (RFC 3339, served in UTC) or Date (a calendar day),
 * bad ones are BAD_USER_INPUT naming the argument or field, roles are the Role enum.
 */
describe('DateTime, Date and Role over HTTP (e2e)', () => {
  let app: TestApp;
  let alice: DeskClient;
  let claimId: string;

  beforeAll(async () => {
    app = await startTestApp();
    alice = new DeskClient(app, await app.token({ sub: 'alice', name: 'Alice Contributor', roles: ['contributor'] }));
    const input = claimInput('The river rose two metres overnight.');
    claimId = (
      await alice.ok('submitClaim', { ...input, appearances: [{ url: 'https://example.org/river', outlet: 'Example', appearedAt: '2025-06-28T12:15:00+02:00', firstAppearance: true }] })
    ).claimId;
    await alice.ok('addCitation', { ...citationInput(claimId, 1), publishedAt: '2025-06-29T10:15:00-05:00' });
    await alice.ok('addCitation', { ...citationInput(claimId, 2), publishedAt: '2025-06-29' });
  });
  afterAll(async () => app.close());

  const codeOf = (response: GraphQLResponse) => response.errors?.[0]?.extensions?.code;

  it('serves every instant as RFC 3339 UTC, the same instant as was sent; a day as YYYY-MM-DD', async () => {
    const claim = (await alice.claim(claimId))!;
    expect(claim.claimDate).toBe('2025-06-28');
    expect(claim.submittedAt).toMatch(RFC3339_UTC);
    expect(claim.updatedAt).toMatch(RFC3339_UTC);
    expect(claim.appearances[0].appearedAt).toBe('2025-06-28T10:15:00.000Z');
    expect(claim.citations.map((c: { publishedAt: string }) => c.publishedAt)).toEqual(['2025-06-29T15:15:00.000Z', '2025-06-29T00:00:00.000Z']);
  });

  it("a served instant is a valid argument again: claimAsOf(at:) at the recordedAt of the claim's latest event", async () => {
    const latest = await app.graphql<{ claimHistory: { edges: { node: { revision: number; recordedAt: string } }[] } }>(
      'query($id: ID!) { claimHistory(claimId: $id, first: 1, order: NEWEST_FIRST) { edges { node { revision recordedAt } } } }',
      { id: claimId },
      alice.token,
    );
    const { revision, recordedAt } = latest.data!.claimHistory.edges[0].node;
    expect(recordedAt).toMatch(RFC3339_UTC);
    const response = await app.graphql<{ claimAsOf: { existed: boolean; revision: number; recordedAt: string } }>(
      'query($id: ID!, $at: DateTime!) { claimAsOf(claimId: $id, at: $at) { existed revision recordedAt } }',
      { id: claimId, at: recordedAt },
      alice.token,
    );
    expect(response.errors).toBeUndefined();
    expect(response.data!.claimAsOf).toEqual({ existed: true, revision, recordedAt });
  });

  describe('a bad time is BAD_USER_INPUT naming it, and nothing is written', () => {
    it('claimAsOf(at:), as a literal and as a variable', async () => {
      await expectUntouched(app, async () => {
        const literal = await app.graphql(`{ claimAsOf(claimId: "${claimId}", at: "12/01/2026") { existed } }`, {}, alice.token);
        // A validation failure answers 200 for application/json (the GraphQL-over-HTTP rule; see Errors).
        expect(literal.status).toBe(200);
        expect(codeOf(literal)).toBe('BAD_USER_INPUT');
        expect(literal.errors![0].message).toMatch(/^at must be an RFC 3339 date-time/);
        expect(literal.errors![0].extensions!.fields).toEqual([{ path: ['at'], message: literal.errors![0].message }]);
        const variable = await app.graphql('query($at: DateTime!) { claimAsOf(claimId: "x", at: $at) { existed } }', { at: '2026-12-01T09:00:00' }, alice.token);
        expect(codeOf(variable)).toBe('BAD_USER_INPUT');
        expect(variable.errors![0].message).toMatch(/^Variable "\$at" got invalid value "2026-12-01T09:00:00"; DateTime must be an RFC 3339 date-time with its offset/);
      });
    });

    it("a claim's claimDate, as a literal and as a variable", async () => {
      await expectUntouched(app, async () => {
        const literal = await app.graphql(
          'mutation { submitClaim(input: { statement: "S.", claimant: { name: "N", kind: PERSON }, claimDate: "28/06/2025", language: "en" }) { claimId } }',
          {},
          alice.token,
        );
        expect(codeOf(literal)).toBe('BAD_USER_INPUT');
        expect(literal.errors![0].message).toMatch(/^input\.claimDate must be a calendar day YYYY-MM-DD/);
        expect(literal.errors![0].extensions!.fields).toEqual([{ path: ['input', 'claimDate'], message: literal.errors![0].message }]);
        // A date-time is not a calendar day.
        const { error } = await alice.mutate('submitClaim', { ...claimInput(), claimDate: '2025-06-28T10:00:00Z' });
        expect(error?.code).toBe('BAD_USER_INPUT');
        expect(error?.message).toMatch(/at "input\.claimDate"; Date must be a calendar day YYYY-MM-DD/);
      });
    });

    it("a citation's publishedAt and an appearance's appearedAt (inside a list), as literals and as variables", async () => {
      await expectUntouched(app, async () => {
        const literal = await app.graphql(
          `mutation { addCitation(input: { claimId: "${claimId}", url: "https://example.org/s", title: "T", publisher: "P", publishedAt: "2025-02-30", excerpt: "E.", stance: CONTEXT }) { claimId } }`,
          {},
          alice.token,
        );
        expect(codeOf(literal)).toBe('BAD_USER_INPUT');
        expect(literal.errors![0].extensions!.fields).toEqual([{ path: ['input', 'publishedAt'], message: expect.stringMatching(/^input\.publishedAt must be an RFC 3339/) }]);
        const variable = await alice.mutate('addCitation', { ...citationInput(claimId, 3), publishedAt: 'Mon, 01 Dec 2026 09:52:22 GMT' });
        expect(variable.error?.code).toBe('BAD_USER_INPUT');
        expect(variable.error?.message).toMatch(/at "input\.publishedAt"; DateTime must be/);
        const inList = await app.graphql(
          'mutation { submitClaim(input: { statement: "S.", claimant: { name: "N", kind: PERSON }, claimDate: "2025-06-28", language: "en", appearances: [{ url: "https://example.org/a", outlet: "O", appearedAt: "2025-06-28T10:00", firstAppearance: true }] }) { claimId } }',
          {},
          alice.token,
        );
        expect(codeOf(inList)).toBe('BAD_USER_INPUT');
        expect(inList.errors![0].extensions!.fields).toEqual([{ path: ['input', 'appearances', '0', 'appearedAt'], message: expect.stringMatching(/^input\.appearances\.0\.appearedAt must be/) }]);
      });
    });

    it('a DateTime whose instant falls before UTC year 0000 (0000-01-01T00:00:00+01:00), as a literal and as a variable (issue 14 follow-up)', async () => {
      await expectUntouched(app, async () => {
        const literal = await app.graphql(
          `mutation { addCitation(input: { claimId: "${claimId}", url: "https://example.org/y0", title: "T", publisher: "P", publishedAt: "0000-01-01T00:00:00+01:00", excerpt: "E.", stance: CONTEXT }) { claimId } }`,
          {},
          alice.token,
        );
        expect(codeOf(literal)).toBe('BAD_USER_INPUT');
        expect(literal.errors![0].extensions!.fields).toEqual([{ path: ['input', 'publishedAt'], message: expect.stringMatching(/^input\.publishedAt must be .*in UTC years 0000-9999/) }]);
        const variable = await alice.mutate('addCitation', { ...citationInput(claimId, 4), publishedAt: '9999-12-31T23:00:00-02:00' });
        expect(variable.error?.code).toBe('BAD_USER_INPUT');
        expect(variable.error?.message).toMatch(/at "input\.publishedAt"; DateTime must be/);
      });
    });

    it('a filter bound and a report bound', async () => {
      const editor = await app.token({ sub: 'edgar', name: 'Edgar Editor', roles: ['editor'] });
      const claims = await app.graphql('{ claims(filter: { claimDateFrom: "2025-06-28T00:00:00Z" }) { totalCount } }', {}, editor);
      expect(codeOf(claims)).toBe('BAD_USER_INPUT');
      expect(claims.errors![0].message).toMatch(/^filter\.claimDateFrom must be a calendar day/);
      const report = await app.graphql('{ standardsReport(to: "2025") { from } }', {}, editor);
      expect(codeOf(report)).toBe('BAD_USER_INPUT');
      expect(report.errors![0].message).toMatch(/^to must be an RFC 3339 date-time/);
    });
  });

  it('takes lower-case t and z (RFC 3339 §5.6) and serves the instant as usual; refuses a leap second', async () => {
    const added = await alice.mutate('addCitation', { ...citationInput(claimId, 5), publishedAt: '2025-06-30t08:00:00z' });
    expect(added.error).toBeUndefined();
    const claim = (await alice.claim(claimId))!;
    expect(claim.citations.map((c: { publishedAt: string }) => c.publishedAt)).toContain('2025-06-30T08:00:00.000Z');
    const leap = await app.graphql(`{ claimAsOf(claimId: "${claimId}", at: "2016-12-31T23:59:60Z") { existed } }`, {}, alice.token);
    expect(codeOf(leap)).toBe('BAD_USER_INPUT');
  });

  it('over graphql-ws too, a bad time literal is BAD_USER_INPUT naming it', async () => {
    const ws = new WsSubscriber(app.url, alice.token);
    try {
      const { errors } = ws.subscribe(`{ claimAsOf(claimId: "${claimId}", at: "yesterday") { existed } }`);
      await eventually(() => expect(errors).toHaveLength(1));
      const [first] = errors[0] as { message: string; extensions?: Record<string, unknown> }[];
      expect(first.message).toMatch(/^at must be an RFC 3339 date-time/);
      expect(first.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: ['at'] }] });
    } finally {
      await ws.close();
    }
  });

  it('a variable declared String where a DateTime is expected is refused (clients declare DateTime)', async () => {
    const response = await app.graphql('query($at: String!) { claimAsOf(claimId: "x", at: $at) { existed } }', { at: '2025-01-01T00:00:00Z' }, alice.token);
    expect(codeOf(response)).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(response.errors![0].message).toContain('expecting type "DateTime!"');
  });

  it('history roles are Role values; the old lower-case actorRoles is deprecated, with its reason', async () => {
    const history = await app.graphql<{ claimHistory: { edges: { node: { roles: string[]; actorRoles: string[] } }[] } }>(
      'query($id: ID!) { claimHistory(claimId: $id, first: 1) { edges { node { roles actorRoles } } } }',
      { id: claimId },
      alice.token,
    );
    expect(history.errors).toBeUndefined();
    expect(history.data!.claimHistory.edges[0].node).toEqual({ roles: ['CONTRIBUTOR'], actorRoles: ['contributor'] });
    const introspection = await app.graphql<{ __type: { fields: { name: string; isDeprecated: boolean; deprecationReason: string | null }[] } }>(
      '{ __type(name: "AuditEvent") { fields(includeDeprecated: true) { name isDeprecated deprecationReason } } }',
    );
    const actorRoles = introspection.data!.__type.fields.find((f) => f.name === 'actorRoles');
    expect(actorRoles).toEqual({ name: 'actorRoles', isDeprecated: true, deprecationReason: expect.stringMatching(/Use roles/) });
  });
});
