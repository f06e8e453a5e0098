import { execFile } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { importCaseFile } from '../../src/case-file/case-file.importer';
import { DeskClient } from '../support/desk-client';
import { smallCase, smallCaseAs } from '../support/small-case';
import { makeTempDir } from '../support/temp-dir';
import { startTestApp, TEST_SECRET, TestApp } from '../support/test-app';

const ROOT = join(__dirname, '..', '..');
// Several tests run the CLI (ts-node in a child process) a few times: seconds apiece on a busy machine.
jest.setTimeout(180_000);

/** Runs the import CLI as `npm run import` does; never throws, returns its exit code and output. */
function runCli(args: string[], env: Record<string, string | undefined>): Promise<{ code: number; stdout: string; stderr: string }> {
  const childEnv = { ...process.env, ...env };
  for (const [key, value] of Object.entries(env)) if (value === undefined) delete childEnv[key];
  return promisify(execFile)(process.execPath, ['-r', 'ts-node/register/transpile-only', join(ROOT, 'scripts/import-case.ts'), ...args], { cwd: ROOT, env: childEnv }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  );
}

/** Windows-1251 for ASCII and the Russian alphabet (А–я 0xC0–0xFF, Ё 0xA8, ё 0xB8). */
function windows1251(text: string): Buffer {
  return Buffer.from([...text].map((c) => {
    const cp = c.codePointAt(0)!;
    if (cp < 0x80) return cp;
    if (cp >= 0x410 && cp <= 0x44f) return cp - 0x410 + 0xc0;
    if (c === 'Ё' || c === 'ё') return c === 'Ё' ? 0xa8 : 0xb8;
    throw new Error(`no Windows-1251 byte for ${c} in this table`);
  }));
}

describe('importing a case file through the service\'s import endpoint (e2e)', () => {
  let app: TestApp;
  let editor: DeskClient;
  beforeAll(async () => {
    app = await startTestApp();
    editor = new DeskClient(app, await app.token({ sub: 'elena', roles: ['editor'] }));
  });
  afterAll(async () => app.close());

  const counts = async () => (await app.graphql<{ deskCounts: Record<string, number> }>('{ deskCounts { draft inReview published rejected total } }', {}, editor.token)).data!.deskCounts;

  it('the service imports the file as one unit, every act as the right person, and a second run writes nothing', async () => {
    const token = await app.token({ sub: 'case-importer', roles: ['importer'] });
    // The service's dry run first: it says what the import will write, and writes nothing.
    const dry = await importCaseFile(smallCase(), { url: app.url, token, dryRun: true });
    expect(dry).toMatchObject({ ok: true, dryRun: true, slug: 'small-case' });
    expect(dry.acts.written).toBe(dry.acts.total);
    expect(dry.acts.alreadyImported).toBe(0);
    expect(await counts()).toEqual({ draft: 0, inReview: 0, published: 0, rejected: 0, total: 0 });

    const progress: { phase: string; done: number; total: number }[] = [];
    const first = await importCaseFile(smallCase(), { url: app.url, token, onProgress: (p) => progress.push(p) });
    expect(first).toMatchObject({ ok: true, dryRun: false, slug: 'small-case', atomic: true, resumed: false });
    expect(first.acts.alreadyImported).toBe(0);
    expect(first.acts.written).toBe(first.acts.total);
    expect(first.acts.total).toBe(dry.acts.total);
    expect(first.events).toBeGreaterThanOrEqual(first.acts.total);
    expect(first.claims.map((c) => [c.key, c.status])).toEqual([['deaths', 'PUBLISHED'], ['contempt', 'REJECTED'], ['detained', 'IN_REVIEW']]);
    expect(first.claims.reduce((n, c) => n + c.acts, 0)).toBe(first.acts.total);
    expect(progress.map((p) => p.phase)).toContain('writing');
    const lastProgress = progress.at(-1)!;
    expect(lastProgress).toMatchObject({ phase: 'writing' });
    expect(lastProgress.done).toBe(lastProgress.total);
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

    const second = await importCaseFile(smallCase(), { url: app.url, token });
    expect(second.acts).toEqual({ total: first.acts.total, written: 0, alreadyImported: first.acts.total });
    expect(second.claims.map((c) => c.written)).toEqual([0, 0, 0]);
    const dryAgain = await importCaseFile(smallCase(), { url: app.url, token, dryRun: true });
    expect(dryAgain.acts).toEqual({ total: first.acts.total, written: 0, alreadyImported: first.acts.total });
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
      const file = smallCaseAs('cli-case');
      const path = join(dir.path, 'case.json');
      writeFileSync(path, JSON.stringify(file));
      const { stdout } = await promisify(execFile)(process.execPath, ['-r', 'ts-node/register/transpile-only', join(ROOT, 'scripts/import-case.ts'), path], {
        cwd: ROOT,
        env: { ...process.env, SERVICE_URL: app.url, AUTH_JWT_SECRET: TEST_SECRET, DATA_DIR: dir.path },
      });
      expect(stdout).toMatch(/^Imported "A small case" into .*: 3 claims, (\d+) acts: \1 written, 0 already imported; \d+ events, in one transaction \(all or nothing\)\.$/m);
      expect(stdout).toMatch(/^ {2}PUBLISHED +\S+ {2}deaths {2}\(\d+ acts, \d+ written, 0 already imported\)$/m);
      expect((await counts()).total).toBe(6);
    } finally {
      dir.remove();
    }
  });

  describe('the CLI\'s command line and the file\'s encoding', () => {
    let dir: { path: string; remove(): void };
    let dataDir: string;
    beforeEach(() => {
      dir = makeTempDir();
      dataDir = join(dir.path, 'data');
    });
    afterEach(() => dir.remove());
    const env = (extra: Record<string, string | undefined> = {}) => ({ SERVICE_URL: app.url, AUTH_JWT_SECRET: TEST_SECRET, DATA_DIR: dataDir, ...extra });
    const noStack = (stderr: string) => expect(stderr).not.toMatch(/^\s+at /m);

    it('--help prints the usage, flags and environment, exits 0 and touches no DATA_DIR', async () => {
      for (const flag of ['--help', '-h']) {
        const result = await runCli([flag], env({ AUTH_JWT_SECRET: undefined }));
        expect(result.code).toBe(0);
        expect(result.stdout).toContain('Usage: npm run import --');
        for (const word of ['--dry-run', '--help', 'SERVICE_URL', 'AUTH_JWT_SECRET', 'DATA_DIR']) expect(result.stdout).toContain(word);
        expect(existsSync(dataDir)).toBe(false);
      }
    });

    it('--dry-run after the file path checks the file and imports nothing; nothing is written to DATA_DIR', async () => {
      const path = join(dir.path, 'case.json');
      writeFileSync(path, JSON.stringify(smallCaseAs('dry-run-case')));
      const before = await counts();
      const result = await runCli([path, '--dry-run'], env());
      expect(result).toMatchObject({ code: 0, stderr: '' });
      expect(result.stdout).toContain('is a valid case file: "A small case", 3 claims. Dry run: nothing was imported.');
      expect(await counts()).toEqual(before);
      // Without a configured secret, a real import would generate the development secret in DATA_DIR.
      expect((await runCli(['--dry-run', path], env({ AUTH_JWT_SECRET: undefined }))).code).toBe(0);
      expect(existsSync(dataDir)).toBe(false);
      expect(readdirSync(dir.path)).toEqual(['case.json']);
    });

    it('an unknown flag, a missing file, a directory and no file are refused in one line with exit 2', async () => {
      const path = join(dir.path, 'case.json');
      writeFileSync(path, JSON.stringify(smallCaseAs('flag-case')));
      const before = await counts();
      const cases: [string[], RegExp][] = [
        [[path, '--force'], /^import: unknown option --force \(see --help\)\n$/],
        [['--dryrun', path], /^import: unknown option --dryrun \(see --help\)\n$/],
        [[join(dir.path, 'missing.json')], /^import: .*missing\.json: no such file\n$/],
        [[dir.path], /^import: .* is a directory, not a case file\n$/],
        [[], /^import: no case file given/],
        [[path, path], /^import: one case file at a time/],
      ];
      for (const [args, message] of cases) {
        const result = await runCli(args, env());
        expect({ args, code: result.code }).toEqual({ args, code: 2 });
        expect(result.stderr).toMatch(message);
        noStack(result.stderr);
      }
      expect(await counts()).toEqual(before);
    });

    it('a UTF-16 file is refused naming UTF-16 and how to convert it, and nothing is imported', async () => {
      const path = join(dir.path, 'utf16.json');
      writeFileSync(path, Buffer.concat([Buffer.of(0xff, 0xfe), Buffer.from(JSON.stringify(smallCaseAs('utf16-case')), 'utf16le')]));
      const before = await counts();
      const result = await runCli([path], env());
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('is not a valid case file; nothing was imported');
      expect(result.stderr).toContain('the file is UTF-16LE (byte-order mark FF FE), not UTF-8');
      expect(result.stderr).toContain(`iconv -f UTF-16 -t UTF-8 ${path} > ${join(dir.path, 'utf16.utf8.json')}`);
      noStack(result.stderr);
      expect(await counts()).toEqual(before);
    });

    it('a Windows-1251 file is refused at its first Cyrillic byte, with the guess and iconv, and nothing is imported', async () => {
      const path = join(dir.path, 'cp1251.json');
      const text = JSON.stringify({ ...smallCaseAs('cp1251-case'), title: 'Рейды в Екатеринбурге' });
      const bytes = windows1251(text);
      writeFileSync(path, bytes);
      const before = await counts();
      const result = await runCli([path, '--dry-run'], env());
      expect(result.code).toBe(1);
      const offset = bytes.findIndex((b) => b >= 0x80);
      expect(result.stderr).toContain(`line 1, column ${offset + 1}: the file is not valid UTF-8: byte 0xD0 at offset ${offset}`);
      expect(result.stderr).toContain('looks like Windows-1251 (Cyrillic)');
      expect(result.stderr).toContain(`iconv -f WINDOWS-1251 -t UTF-8 ${path}`);
      expect((await runCli([path], env())).code).toBe(1);
      expect(await counts()).toEqual(before);
    });

    it('a UTF-8 file with a BOM imports, its text in NFC', async () => {
      const path = join(dir.path, 'bom.json');
      const file = { ...smallCaseAs('bom-case'), title: 'Cafe\u0301 in Bak\u0131' };
      writeFileSync(path, Buffer.concat([Buffer.of(0xef, 0xbb, 0xbf), Buffer.from(JSON.stringify(file), 'utf8')]));
      const result = await runCli([path], env());
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('Imported "Caf\u00e9 in Bak\u0131"');
    });
  });
});
