import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { exportJWK, generateKeyPair, KeyLike, SignJWT } from 'jose';
import { DeskClient } from '../support/desk-client';
import { smallCase, smallCaseAs } from '../support/small-case';
import { makeTempDir } from '../support/temp-dir';
import { startTestApp, TEST_SECRET, TestApp } from '../support/test-app';

const ROOT = join(__dirname, '..', '..');
// Each run of the CLI starts ts-node in a child process: seconds apiece on a busy machine.
jest.setTimeout(180_000);

/** Variables of the test's own shell that would change what the CLI does: each test sets its own. */
const CLEARED = ['IMPORT_TOKEN', 'AUTH_JWT_SECRET', 'AUTH_JWKS_URL', 'AUTH_JWT_ISSUER', 'AUTH_JWT_AUDIENCE', 'DATA_DIR', 'SERVICE_URL', 'PORT'];

/** Runs `npm run import` as a child process; never throws. */
function runCli(args: string[], env: Record<string, string | undefined>): Promise<{ code: number; stdout: string; stderr: string }> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env };
  for (const key of CLEARED) delete childEnv[key];
  for (const [key, value] of Object.entries(env)) if (value !== undefined) childEnv[key] = value;
  return promisify(execFile)(process.execPath, ['-r', 'ts-node/register/transpile-only', join(ROOT, 'scripts/import-case.ts'), ...args], { cwd: ROOT, env: childEnv }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  );
}

/** The one JSON document --json prints: stdout must hold exactly one line. */
function report(stdout: string): any {
  const lines = stdout.split('\n').filter((l) => l !== '');
  expect(lines).toHaveLength(1);
  return JSON.parse(lines[0]);
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('npm run import against the real service (e2e, the CLI as a child process)', () => {
  let app: TestApp;
  let editor: DeskClient;
  let dir: { path: string; remove(): void };
  let caseFile: string;
  beforeAll(async () => {
    app = await startTestApp();
    editor = new DeskClient(app, await app.token({ sub: 'elena', roles: ['editor'] }));
    dir = makeTempDir();
    caseFile = join(dir.path, 'case.json');
    writeFileSync(caseFile, JSON.stringify(smallCase()));
  });
  afterAll(async () => {
    await app.close();
    dir.remove();
  });
  const env = (extra: Record<string, string | undefined> = {}) => ({ SERVICE_URL: app.url, AUTH_JWT_SECRET: TEST_SECRET, DATA_DIR: join(dir.path, 'unused-data'), ...extra });
  const counts = async () => (await app.graphql<{ deskCounts: Record<string, number> }>('{ deskCounts { published retracted total } }', {}, editor.token)).data!.deskCounts;
  const statusOf = async (id: string) => (await editor.claim(id))!.status as string;

  it('--json prints the service\'s result, which matches what the service holds; progress goes to stderr as plain lines', async () => {
    const result = await runCli([caseFile, '--json'], env());
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    const json = report(result.stdout);
    expect(json).toMatchObject({ ok: true, dryRun: false, slug: 'small-case', atomic: true, resumed: false });
    expect(json.acts.written).toBe(json.acts.total);
    expect(json.claims.map((c: { key: string }) => c.key)).toEqual(['deaths', 'contempt', 'detained']);
    for (const claim of json.claims) expect({ key: claim.key, status: await statusOf(claim.claimId) }).toEqual({ key: claim.key, status: claim.status });
    expect(await counts()).toMatchObject({ published: 1, total: 3 });

    // Without --json, and stderr not a terminal: one plain progress line, and the summary on stdout.
    const again = await runCli([caseFile], env());
    expect(again.code).toBe(0);
    // Nothing is left to write the second time, so the service reports no writing phase.
    expect(again.stderr).toMatch(/^import: checking…( writing…)? done\n$/);
    expect(again.stdout).toMatch(new RegExp(`^Imported "A small case" into ${app.url.replace(/[.]/g, '\\.')}: 3 claims, ${json.acts.total} acts: 0 written, ${json.acts.total} already imported; \\d+ events, in one transaction \\(all or nothing\\)\\.$`, 'm'));
  });

  it('the closing summary is read back from the service: a fact-check retracted since shows RETRACTED, not the file\'s PUBLISHED', async () => {
    const first = report((await runCli([caseFile, '--json'], env())).stdout);
    const deaths = first.claims.find((c: { key: string }) => c.key === 'deaths');
    const retracted = await app.graphql(
      'mutation($input: RetractFactCheckInput!) { retractFactCheck(input: $input) { claimId } }',
      { input: { claimId: deaths.claimId, note: 'The agency withdrew its report.' } },
      editor.token,
    );
    expect(retracted.errors).toBeUndefined();

    const human = await runCli([caseFile], env());
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(new RegExp(`^ {2}RETRACTED +${deaths.claimId} {2}deaths `, 'm'));
    expect(human.stdout).not.toMatch(/PUBLISHED +\S+ {2}deaths/);
    const json = report((await runCli([caseFile, '--json'], env())).stdout);
    expect(json.claims.find((c: { key: string }) => c.key === 'deaths').status).toBe('RETRACTED');
  });

  it('--check-against-service runs the service\'s dry run: what a re-import would write, and nothing written', async () => {
    const before = await counts();
    const known = await runCli([caseFile, '--check-against-service', '--json'], env());
    expect(known.code).toBe(0);
    expect(report(known.stdout)).toMatchObject({ ok: true, dryRun: true, acts: { written: 0 } });
    const human = await runCli([caseFile, '--check-against-service'], env());
    expect(human.stdout).toMatch(/^Checked "A small case" against .*; nothing was written\. An import would write 0 of \d+ acts/m);
    expect(await counts()).toEqual(before);
  });

  it('a refused file under --json is { ok: false, problems } with their places, exit 1; a usage error is { ok: false, error }, exit 2', async () => {
    const bad = smallCase() as unknown as { claims: Record<string, any>[] };
    bad.claims[0].citations[0].url = 'not a url';
    const path = join(dir.path, 'bad.json');
    writeFileSync(path, JSON.stringify(bad));
    const refused = await runCli([path, '--json'], env());
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe('');
    const json = report(refused.stdout);
    expect(json.ok).toBe(false);
    expect(json.problems).toContainEqual(expect.objectContaining({ path: 'claims[0].citations[0].url' }));

    const usage = await runCli([path, '--json', '--force'], env());
    expect(usage.code).toBe(2);
    expect(report(usage.stdout)).toEqual({ ok: false, error: { code: 'USAGE', message: 'unknown option --force (see --help)' } });
    const missing = await runCli([join(dir.path, 'nope.json'), '--json'], env());
    expect(missing.code).toBe(2);
    expect(report(missing.stdout).error.code).toBe('UNREADABLE');
  });

  it('no service at SERVICE_URL: says so and how to start one, exit 1 (and in --json, SERVICE_DOWN)', async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const result = await runCli([caseFile], env({ SERVICE_URL: url }));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`No service answers at ${url} (ECONNREFUSED): start it with npm start, or set SERVICE_URL`);
    expect(result.stderr).not.toMatch(/^\s+at /m);
    const json = await runCli([caseFile, '--json'], env({ SERVICE_URL: url }));
    expect(json.code).toBe(1);
    expect(report(json.stdout)).toMatchObject({ ok: false, error: { code: 'SERVICE_DOWN' } });
  });

  it('a wrong AUTH_JWT_SECRET: the 401 and its reason, naming the secret, exit 1; nothing imported', async () => {
    const before = await counts();
    const path = join(dir.path, 'other-secret.json');
    writeFileSync(path, JSON.stringify(smallCaseAs('other-secret-case')));
    const result = await runCli([path], env({ AUTH_JWT_SECRET: 'a-secret-of-another-deployment-0123456789abcdef' }));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/the service refused the import's token \(.*signature does not verify\): AUTH_JWT_SECRET belongs to another deployment/);
    const json = await runCli([path, '--json'], env({ AUTH_JWT_SECRET: 'a-secret-of-another-deployment-0123456789abcdef' }));
    expect(report(json.stdout)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect(await counts()).toEqual(before);
  });

  it('another deployment\'s development secret in DATA_DIR: the 401 names that DATA_DIR', async () => {
    const other = join(dir.path, 'other-data');
    mkdirSync(other);
    writeFileSync(join(other, 'dev-jwt-secret'), 'another-development-secret-0123456789abcdef0123\n');
    const result = await runCli([caseFile], env({ AUTH_JWT_SECRET: undefined, DATA_DIR: other }));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/signature does not verify\): DATA_DIR \(.*other-data\) belongs to another deployment/);
    expect(readdirSync(other)).toEqual(['dev-jwt-secret']);
  });

  it('no development secret in a wrong DATA_DIR: the message says where it looked and what to do, and nothing is written there', async () => {
    const empty = join(dir.path, 'empty-data');
    mkdirSync(empty);
    const absent = join(dir.path, 'absent-data');
    for (const dataDir of [empty, absent]) {
      const result = await runCli([caseFile], env({ AUTH_JWT_SECRET: undefined, DATA_DIR: dataDir }));
      expect(result.code).toBe(1);
      expect(result.stderr).toBe(`no development secret in DATA_DIR=${dataDir}: the service keeps it in its own DATA_DIR; run from the service's directory, set DATA_DIR, or pass IMPORT_TOKEN\n`);
      const json = await runCli([caseFile, '--json'], env({ AUTH_JWT_SECRET: undefined, DATA_DIR: dataDir }));
      expect(report(json.stdout)).toMatchObject({ ok: false, error: { code: 'NO_SIGNING_SECRET' } });
    }
    expect(readdirSync(empty)).toEqual([]);
    expect(existsSync(absent)).toBe(false);
  });

  it('IMPORT_TOKEN and --token-file at once are a usage error', async () => {
    const tokenFile = join(dir.path, 'token');
    writeFileSync(tokenFile, 'x.y.z\n');
    const result = await runCli([caseFile, '--token-file', tokenFile], env({ IMPORT_TOKEN: 'a.b.c' }));
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('import: IMPORT_TOKEN and --token-file both give a token: use one\n');
  });
});

describe('npm run import into a deployment that uses only an identity provider (AUTH_JWKS_URL)', () => {
  let app: TestApp;
  let jwks: Server;
  let key: KeyLike;
  let stranger: KeyLike;
  let dir: { path: string; remove(): void };
  let caseFile: string;

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256');
    key = pair.privateKey;
    stranger = (await generateKeyPair('RS256')).privateKey;
    const publicJwk = { ...(await exportJWK(pair.publicKey)), kid: 'newsroom-key', alg: 'RS256', use: 'sig' };
    jwks = createServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [publicJwk] }));
    });
    await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
    app = await startTestApp({ AUTH_JWT_SECRET: '', AUTH_JWKS_URL: `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/.well-known/jwks.json` });
    dir = makeTempDir();
    caseFile = join(dir.path, 'case.json');
    writeFileSync(caseFile, JSON.stringify(smallCase()));
  });
  afterAll(async () => {
    await app.close();
    await new Promise((resolve) => jwks.close(resolve));
    dir.remove();
  });

  const serviceAccount = (roles: string[], signer = key) =>
    new SignJWT({ name: 'Newsroom archive import', roles }).setProtectedHeader({ alg: 'RS256', kid: 'newsroom-key' }).setSubject('svc-archive').setExpirationTime('10m').sign(signer);
  const env = (extra: Record<string, string | undefined>) => ({ SERVICE_URL: app.url, AUTH_JWKS_URL: app.config.AUTH_JWKS_URL, DATA_DIR: join(dir.path, 'no-data'), ...extra });

  it('without a token it says to pass a service-account token, and signs nothing', async () => {
    const result = await runCli([caseFile], env({}));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('this deployment verifies tokens with an identity provider only (AUTH_JWKS_URL)');
    expect(result.stderr).toContain('IMPORT_TOKEN');
    expect(existsSync(join(dir.path, 'no-data'))).toBe(false);
  });

  it('a service-account token with the role importer, in IMPORT_TOKEN, imports the case', async () => {
    const result = await runCli([caseFile, '--json'], env({ IMPORT_TOKEN: await serviceAccount(['importer']) }));
    expect(result.code).toBe(0);
    const json = report(result.stdout);
    expect(json).toMatchObject({ ok: true, atomic: true });
    expect(json.claims.map((c: { key: string; status: string }) => [c.key, c.status])).toEqual([['deaths', 'PUBLISHED'], ['contempt', 'REJECTED'], ['detained', 'IN_REVIEW']]);
  });

  it('an admin\'s token in --token-file works too: a re-import writes nothing', async () => {
    const tokenFile = join(dir.path, 'admin.jwt');
    writeFileSync(tokenFile, `${await serviceAccount(['admin'])}\n`);
    const result = await runCli([caseFile, '--token-file', tokenFile], env({}));
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/: 3 claims, (\d+) acts: 0 written, \1 already imported;/);
  });

  it('a token without the role is refused with 403, and one the provider did not sign with 401, each naming the token', async () => {
    const forbidden = await runCli([caseFile], env({ IMPORT_TOKEN: await serviceAccount(['editor']) }));
    expect(forbidden.code).toBe(1);
    expect(forbidden.stderr).toMatch(/the import's token is valid but may not import.*it needs the role importer or admin/);
    const forged = await runCli([caseFile, '--json'], env({ IMPORT_TOKEN: await serviceAccount(['importer'], stranger) }));
    expect(forged.code).toBe(1);
    const json = report(forged.stdout);
    expect(json).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect(json.error.message).toMatch(/the service refused the import's token \(.*\): IMPORT_TOKEN is not a token this service accepts/);
  });
});

describe('npm run import of a file larger than the service accepts (CASE_IMPORT_MAX_BYTES)', () => {
  let app: TestApp;
  let dir: { path: string; remove(): void };
  beforeAll(async () => {
    app = await startTestApp({ CASE_IMPORT_MAX_BYTES: '1024' });
    dir = makeTempDir();
  });
  afterAll(async () => {
    await app.close();
    dir.remove();
  });

  it('says the file is too large and names the limit, exit 1', async () => {
    const path = join(dir.path, 'case.json');
    writeFileSync(path, JSON.stringify(smallCase()));
    const result = await runCli([path], { SERVICE_URL: app.url, AUTH_JWT_SECRET: TEST_SECRET });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/the case file \(\d+ bytes as JSON\) is larger than the service accepts \(its CASE_IMPORT_MAX_BYTES\)/);
  });
});
