import { startTestApp, TestApp } from '../support/test-app';
import { bigCase } from '../case-import/big-case';
import { allEvents, importerToken, postImport } from '../case-import/import-http';

describe('POST /cases/import is all or nothing on the embedded store (e2e)', () => {
  let app: TestApp;
  let token: string;
  beforeAll(async () => {
    app = await startTestApp();
    token = await importerToken(app);
  });
  afterAll(async () => app.close());

  const deskCounts = async () =>
    (await app.graphql<{ deskCounts: { total: number } }>('{ deskCounts { total } }', {}, await app.token({ sub: 'elena', roles: ['editor'] }))).data!.deskCounts.total;

  it('a file whose 5th claim breaks a rule is refused with that place, and the store holds no event', async () => {
    const file = bigCase(8);
    // A contributor may not publish: the desk's own rule, in the 5th claim only (claims 0-3 are fine).
    file.claims[4] = { ...structuredClone(bigCase(1).claims[0]), key: 'claim-4', statement: 'Five', publication: { by: 'carla', rating: 'TRUE', summary: 'No.' } };
    const answer = await postImport(app.url, file, { token });
    expect(answer.status).toBe(422);
    expect(answer.body.problems).toEqual([expect.objectContaining({ path: 'claims[4].publication', message: expect.stringMatching(/FORBIDDEN|editor/) })]);
    expect(await allEvents(app)).toHaveLength(0);
    expect(await deskCounts()).toBe(0);
  });

  it('a refusal only the store\'s state shows (the 5th claim imported before under another slug) writes none of the first four', async () => {
    const earlier = bigCase(1, 'earlier-slug');
    earlier.claims[0] = { ...structuredClone(bigCase(5).claims[4]), key: 'first' };
    expect((await postImport(app.url, earlier, { token })).status).toBe(200);
    const before = await allEvents(app);

    const answer = await postImport(app.url, bigCase(8, 'later-slug'), { token });
    expect(answer.status).toBe(422);
    expect(answer.body.problems).toEqual([expect.objectContaining({ path: 'claims[4]', code: 'CASE_ALREADY_IMPORTED', message: expect.stringContaining('"earlier-slug"') })]);
    expect(await allEvents(app)).toEqual(before);
    expect(await deskCounts()).toBe(1);
  });

  it('a file that passes is written whole, every claim\'s events in one go', async () => {
    const answer = await postImport(app.url, bigCase(8, 'whole', ' again'), { token });
    expect(answer.status).toBe(200);
    expect(answer.body.claims).toHaveLength(8);
    expect(answer.body.acts.written).toBe(answer.body.acts.total);
    expect(await deskCounts()).toBe(9);
  });
});
