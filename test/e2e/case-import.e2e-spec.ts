import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { importCaseFile } from '../../src/case-file/case-file.importer';
import { DeskClient } from '../support/desk-client';
import { smallCase } from '../support/small-case';
import { makeTempDir } from '../support/temp-dir';
import { startTestApp, TEST_SECRET, TestApp } from '../support/test-app';

const ROOT = join(__dirname, '..', '..');

describe('importing a case file through the GraphQL API (e2e)', () => {
  let app: TestApp;
  let editor: DeskClient;
  beforeAll(async () => {
    app = await startTestApp();
    editor = new DeskClient(app, await app.token({ sub: 'elena', roles: ['editor'] }));
  });
  afterAll(async () => app.close());

  const counts = async () => (await app.graphql<{ deskCounts: Record<string, number> }>('{ deskCounts { draft inReview published rejected total } }', {}, editor.token)).data!.deskCounts;

  it('replays every act as the right person, and a second run changes nothing', async () => {
    const tokenFor = (person: { id: string; name: string; roles: string[] }) => app.token({ sub: person.id, name: person.name, roles: person.roles });
    const first = await importCaseFile(smallCase(), { url: app.url, tokenFor });
    expect(first.replayed).toBe(0);
    expect(first.claims.map((c) => [c.key, c.status])).toEqual([['deaths', 'PUBLISHED'], ['contempt', 'REJECTED'], ['detained', 'IN_REVIEW']]);
    expect(await counts()).toEqual({ draft: 0, inReview: 1, published: 1, rejected: 1, total: 3 });

    const deaths = (await editor.claim(first.claims[0].claimId))!;
    expect(deaths).toMatchObject({ submittedBy: { id: 'carla', name: 'Carla Contributor' }, publication: { rating: 'TRUE', summary: 'Both men died, the second on 28 June.', publishedBy: { id: 'elena' } } });
    expect(deaths.citations.map((c: { title: string; addedBy: { id: string } }) => [c.title, c.addedBy.id])).toEqual([['Report one-death', 'carla'], ['Report two-deaths', 'carla'], ['Report family', 'carla']]);
    expect(deaths.verdicts).toEqual([
      expect.objectContaining({ reviewer: { id: 'rustam', name: 'Rustam Reviewer' }, rating: 'TRUE', revisions: 1, citationIds: [deaths.citations[2].id] }),
      expect.objectContaining({ reviewer: { id: 'nadia', name: 'Nadia Reviewer' }, rating: 'TRUE', revisions: 0 }),
    ]);
    expect(deaths.corrections).toHaveLength(1);
    const revisionBefore = deaths.revision;

    const second = await importCaseFile(smallCase(), { url: app.url, tokenFor });
    expect(second.replayed).toBe(second.mutations);
    expect(second.claims.map((c) => c.claimId)).toEqual(first.claims.map((c) => c.claimId));
    expect(await counts()).toEqual({ draft: 0, inReview: 1, published: 1, rejected: 1, total: 3 });
    expect((await editor.claim(first.claims[0].claimId))!.revision).toBe(revisionBefore);
  });

  it('the CLI refuses a malformed file with the places of its problems, and imports nothing from it', async () => {
    const dir = makeTempDir();
    try {
      const file = smallCase() as unknown as { slug: string; claims: Record<string, any>[] };
      file.slug = 'another-case';
      file.claims[0].citations[0].url = 'not a url';
      file.claims[2].review.reviewers = ['nobody'];
      const path = join(dir.path, 'bad.json');
      writeFileSync(path, JSON.stringify(file));
      const before = await counts();
      const result = await promisify(execFile)(process.execPath, ['-r', 'ts-node/register/transpile-only', join(ROOT, 'scripts/import-case.ts'), path], {
        cwd: ROOT,
        env: { ...process.env, SERVICE_URL: app.url, AUTH_JWT_SECRET: TEST_SECRET, DATA_DIR: dir.path },
      }).then(
        () => ({ code: 0, stderr: '' }),
        (error: { code: number; stderr: string }) => error,
      );
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('is not a valid case file; nothing was imported');
      expect(result.stderr).toContain('claims[0].citations[0].url: must be an http(s) URL');
      expect(result.stderr).toContain('claims[2].review.reviewers[0]: "nobody" is not one of the people');
      expect(await counts()).toEqual(before);
    } finally {
      dir.remove();
    }
  });

  it('the CLI imports a valid file and reports what it did', async () => {
    const dir = makeTempDir();
    try {
      const file = { ...smallCase(), slug: 'cli-case' };
      const path = join(dir.path, 'case.json');
      writeFileSync(path, JSON.stringify(file));
      const { stdout } = await promisify(execFile)(process.execPath, ['-r', 'ts-node/register/transpile-only', join(ROOT, 'scripts/import-case.ts'), path], {
        cwd: ROOT,
        env: { ...process.env, SERVICE_URL: app.url, AUTH_JWT_SECRET: TEST_SECRET, DATA_DIR: dir.path },
      });
      expect(stdout).toMatch(/Imported "A small case" into .*: 3 claims, \d+ acts \(0 already done before\)/);
      expect((await counts()).total).toBe(6);
    } finally {
      dir.remove();
    }
  });
});
