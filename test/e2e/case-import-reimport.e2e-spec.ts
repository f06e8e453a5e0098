import { importCaseFile } from '../support/legacy-graphql-import';
import { smallCase } from '../support/small-case';
import { startTestApp, TestApp } from '../support/test-app';
import { allEvents, importerToken, postImport } from '../case-import/import-http';

describe('importing a case again (e2e)', () => {
  let app: TestApp;
  let token: string;
  beforeAll(async () => {
    app = await startTestApp();
    token = await importerToken(app);
    expect((await postImport(app.url, smallCase(), { token })).status).toBe(200);
  });
  afterAll(async () => app.close());

  const total = async () => (await app.graphql<{ deskCounts: { total: number } }>('{ deskCounts { total } }', {}, await app.token({ sub: 'elena', roles: ['editor'] }))).data!.deskCounts.total;

  it('the same file again writes nothing and reports every act as already imported', async () => {
    const before = await allEvents(app);
    const again = await postImport(app.url, smallCase(), { token });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ ok: true, events: 0, acts: { written: 0 } });
    expect(again.body.acts.alreadyImported).toBe(again.body.acts.total);
    expect(again.body.claims.map((c: { status: string }) => c.status)).toEqual(['PUBLISHED', 'REJECTED', 'IN_REVIEW']);
    expect(await allEvents(app)).toEqual(before);
  });

  it('a changed statement is ALREADY_IMPORTED_CHANGED at its place, with how to change it; never MUTATION_ID_REUSED', async () => {
    const before = await allEvents(app);
    const file = smallCase();
    file.claims[2].statement = 'Ten people were detained.';
    const answer = await postImport(app.url, file, { token });
    expect(answer.status).toBe(422);
    expect(answer.body.problems).toEqual([{ path: 'claims[2]', code: 'ALREADY_IMPORTED_CHANGED', message: expect.stringMatching(/revision act/) }]);
    expect(answer.text).not.toMatch(/MUTATION_ID_REUSED/);
    expect(await allEvents(app)).toEqual(before);
  });

  it('a changed excerpt of a citation is refused at the citation', async () => {
    const file = smallCase();
    file.claims[0].citations[1].excerpt = 'Something else entirely.';
    const answer = await postImport(app.url, file, { token });
    expect(answer.status).toBe(422);
    expect(answer.body.problems).toEqual([expect.objectContaining({ path: 'claims[0].citations[1]', code: 'ALREADY_IMPORTED_CHANGED' })]);
  });

  it('a changed submittedBy never makes a second claim: refused, naming who it was', async () => {
    const file = smallCase();
    file.claims[2].submittedBy = 'carla';
    const answer = await postImport(app.url, file, { token });
    expect(answer.status).toBe(422);
    expect(answer.body.problems).toEqual([expect.objectContaining({ path: 'claims[2]', code: 'ALREADY_IMPORTED_CHANGED', message: expect.stringContaining('"elena"') })]);
    expect(await total()).toBe(3);
  });

  it('an imported act gone from the file is refused, naming it', async () => {
    const file = smallCase();
    delete file.claims[0].corrections;
    const answer = await postImport(app.url, file, { token });
    expect(answer.status).toBe(422);
    expect(answer.body.problems).toEqual([expect.objectContaining({ path: 'claims[0].corrections[0]', code: 'IMPORTED_ACT_MISSING' })]);
  });

  it('a new act added to the file is written alone', async () => {
    const file = smallCase();
    file.claims[0].corrections!.push({ by: 'elena', note: 'A second correction.', newSummary: 'Both men died, on 27 and 28 June.' });
    const answer = await postImport(app.url, file, { token });
    expect(answer.body.problems).toBeUndefined();
    expect(answer.status).toBe(200);
    expect(answer.body.acts.written).toBe(1);
    expect(answer.body.claims[0]).toMatchObject({ written: 1, status: 'PUBLISHED' });
    expect(await total()).toBe(3);
  });

  it('claims imported earlier through the GraphQL API (the old importer) are recognised, not duplicated', async () => {
    const other = await startTestApp();
    try {
      const file = { ...smallCase(), slug: 'imported-the-old-way' };
      const tokenFor = (p: { id: string; name: string; roles: string[] }) => other.token({ sub: p.id, name: p.name, roles: p.roles });
      const old = await importCaseFile(file, { url: other.url, tokenFor });
      const answer = await postImport(other.url, file, { token: await importerToken(other) });
      expect(answer.status).toBe(200);
      expect(answer.body.acts).toMatchObject({ written: 0 });
      expect(answer.body.claims.map((c: { claimId: string }) => c.claimId)).toEqual(old.claims.map((c) => c.claimId));
    } finally {
      await other.close();
    }
  });
});
