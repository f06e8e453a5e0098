import { smallCase } from '../support/small-case';
import { startTestApp, TestApp } from '../support/test-app';
import { allEvents, importerToken, postImport } from '../case-import/import-http';

describe('POST /cases/import: who may, what it takes, what it answers (e2e)', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ CASE_IMPORT_MAX_BYTES: '65536' });
  });
  afterAll(async () => app.close());

  it('refuses a request without a token (401), with a bad token giving the reason (401), and a desk role (403); nothing written', async () => {
    const none = await postImport(app.url, smallCase());
    expect(none.status).toBe(401);
    expect(none.body).toEqual({ ok: false, problems: [expect.objectContaining({ path: '(request)', code: 'UNAUTHENTICATED' })] });

    const bad = await postImport(app.url, smallCase(), { token: 'not.a.jwt' });
    expect(bad.status).toBe(401);
    expect(bad.body.problems[0].message).toMatch(/malformed/);

    const editor = await postImport(app.url, smallCase(), { token: await app.token({ sub: 'elena', roles: ['editor'] }) });
    expect(editor.status).toBe(403);
    expect(editor.body.problems[0]).toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/admin or an importer/) });
    expect(await allEvents(app)).toHaveLength(0);
  });

  it('answers a body that is not JSON with 400, and one over CASE_IMPORT_MAX_BYTES with 413, in the import\'s shape', async () => {
    const token = await importerToken(app);
    const notJson = await postImport(app.url, undefined, { token, raw: '{"format": "factcheck-case/1",' });
    expect(notJson.status).toBe(400);
    expect(notJson.body).toEqual({ ok: false, problems: [{ path: expect.stringMatching(/^line 1, column \d+$|^\(file\)$/), message: expect.stringMatching(/not valid JSON/) }] });

    const latin1 = await postImport(app.url, undefined, { token, raw: Buffer.from([0x7b, 0x22, 0xe9, 0x22, 0x7d]) });
    expect(latin1.status).toBe(400);
    expect(latin1.body.problems[0]).toMatchObject({ path: 'line 1, column 3', message: expect.stringMatching(/not valid UTF-8: byte 0xE9 at offset 2/) });

    // The endpoint reads a body as the CLI reads a file: a key given twice is refused with its place, not kept silently.
    const twice = JSON.stringify(smallCase()).replace('"people":{', '"people":{"carla":{"name":"Carla Twin","roles":["editor"]},');
    const duplicate = await postImport(app.url, undefined, { token, raw: twice });
    expect(duplicate.status).toBe(422);
    expect(duplicate.body.problems[0]).toMatchObject({ path: expect.stringMatching(/^line 1, column \d+/), message: expect.stringMatching(/carla/) });

    // Nested far deeper than any case file: refused with its place (it was a 500 from a stack overflow).
    const deep = await postImport(app.url, undefined, { token, raw: `{"x":${'['.repeat(20_000)}${']'.repeat(20_000)}}` });
    expect(deep.status).toBe(422);
    expect(deep.body.problems[0]).toMatchObject({ path: 'line 1, column 37', message: expect.stringMatching(/deeper than 32 levels/) });

    const big = { ...smallCase(), description: 'x'.repeat(70_000) };
    const tooLarge = await postImport(app.url, big, { token });
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body).toEqual({ ok: false, problems: [{ path: '(file)', message: expect.stringMatching(/65536 bytes \(CASE_IMPORT_MAX_BYTES\)/) }] });
    expect(await allEvents(app)).toHaveLength(0);
  });

  it('refuses an invalid file with 422 and every problem\'s place, writing nothing', async () => {
    const file = smallCase();
    file.claims[1].citations.push({ key: 'x', addedBy: 'nobody', url: 'ftp://x', title: 't', publisher: 'p', excerpt: 'e', stance: 'SUPPORTS' });
    const answer = await postImport(app.url, file, { token: await importerToken(app) });
    expect(answer.status).toBe(422);
    expect(answer.body.ok).toBe(false);
    expect(answer.body.problems).toEqual(expect.arrayContaining([
      expect.objectContaining({ path: 'claims[1].citations[0].addedBy' }),
      expect.objectContaining({ path: 'claims[1].citations[0].url' }),
    ]));
    expect(await allEvents(app)).toHaveLength(0);
  });

  it('a dry run answers what the import would do and writes nothing', async () => {
    const answer = await postImport(app.url, smallCase(), { token: await importerToken(app), dryRun: true });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ ok: true, dryRun: true, slug: 'small-case', format: 'factcheck-case/1', atomic: true, resumed: false });
    expect(answer.body.claims.map((c: { key: string; status: string }) => [c.key, c.status])).toEqual([['deaths', 'PUBLISHED'], ['contempt', 'REJECTED'], ['detained', 'IN_REVIEW']]);
    expect(answer.body.events).toBeGreaterThan(0);
    expect(await allEvents(app)).toHaveLength(0);
  });

  it('imports for an importer, each event as the file\'s person with importedBy and one correlation id; the statuses are the read model\'s', async () => {
    const answer = await postImport(app.url, smallCase(), { token: await importerToken(app) });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ ok: true, dryRun: false, atomic: true, resumed: false, acts: { alreadyImported: 0 } });
    expect(answer.body.acts.written).toBe(answer.body.acts.total);
    const claims = answer.body.claims as { key: string; claimId: string; status: string }[];
    expect(claims.map((c) => c.status)).toEqual(['PUBLISHED', 'REJECTED', 'IN_REVIEW']);

    const events = await allEvents(app);
    const claimEvents = events.filter((e) => e.stream.startsWith('claim-'));
    expect(claimEvents).toHaveLength(answer.body.events);
    expect(new Set(events.map((e) => e.metadata.correlationId)).size).toBe(1);
    for (const e of claimEvents) expect(e.metadata.importedBy).toEqual({ id: 'importer-bot', name: 'Import Bot' });
    const submitted = claimEvents.find((e) => e.type === 'ClaimSubmitted' && e.stream === `claim-${claims[2].claimId}`)!;
    expect(submitted.metadata).toMatchObject({ actorId: 'elena', actorName: 'Elena Editor' });
    expect(events.filter((e) => e.stream.startsWith('case-import-')).map((e) => e.type)).toEqual(expect.arrayContaining(['CaseImportStarted', 'CaseImportCompleted']));

    const published = await app.graphql<{ claim: { status: string } }>(`{ claim(id: "${claims[0].claimId}") { status } }`, {}, await app.token({ sub: 'elena', roles: ['editor'] }));
    expect(published.data?.claim.status).toBe('PUBLISHED');
  });

  it('streams progress lines and ends with the result when asked for NDJSON', async () => {
    const answer = await postImport(app.url, smallCase(), { token: await app.token({ sub: 'root', roles: ['admin'] }), accept: 'application/x-ndjson' });
    expect(answer.status).toBe(200);
    const lines = answer.text.trim().split('\n').map((l) => JSON.parse(l) as Record<string, any>);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.slice(0, -1).every((l) => ['checking', 'writing'].includes(l.progress?.phase) && typeof l.progress.done === 'number' && typeof l.progress.total === 'number')).toBe(true);
    expect(lines[lines.length - 1].result).toMatchObject({ ok: true, acts: { written: 0 } });
  });
});
