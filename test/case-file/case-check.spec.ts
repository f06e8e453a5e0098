import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir } from '../support/temp-dir';
import { smallCaseV2 } from '../support/small-case';

const ROOT = join(__dirname, '..', '..');
const TS_NODE = join(ROOT, 'node_modules', '.bin', 'ts-node');

describe('npm run case:check FILE (as a child process)', () => {
  const dir = makeTempDir('case-check-');
  const dataDir = join(dir.path, 'data');
  afterAll(() => dir.remove());
  const run = (...args: string[]) => {
    // PORT points nowhere: the check must not need a service. DATA_DIR must stay empty.
    const result = spawnSync(TS_NODE, ['--transpile-only', join(ROOT, 'scripts/case-check.ts'), ...args], {
      cwd: dir.path,
      encoding: 'utf8',
      env: { ...process.env, DATA_DIR: dataDir, PORT: '1', SERVICE_URL: 'http://127.0.0.1:1', NODE_ENV: 'test' },
      timeout: 60_000,
    });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  };
  const write = (name: string, content: string | Buffer) => {
    const path = join(dir.path, name);
    writeFileSync(path, content);
    return path;
  };

  it('given the demo case, it says it is valid and exits 0, touching no DATA_DIR', () => {
    const result = run(join(ROOT, 'case-files/yekaterinburg-2025.json'));
    expect(result).toMatchObject({ status: 0, stdout: expect.stringMatching(/a valid factcheck-case\/2 case file \(10 claims, \d+ acts\)/) });
    expect(existsSync(dataDir)).toBe(false);
  }, 60_000);

  it('given problems at every stage, it names each with its place and exits 1; --json gives the same as a report', () => {
    const file = smallCaseV2() as unknown as Record<string, any>;
    file.claims[0].acts[8].rating = '';
    file.claims[0].acts[9].at = 'tomorrow';
    const broken = write('broken.json', JSON.stringify(file, null, 2));
    const text = run(broken);
    expect(text.status).toBe(1);
    expect(text.stderr).toContain('claims[0].acts[8].rating: must be a non-empty string');
    expect(text.stderr).toContain('claims[0].acts[9].at: must be an ISO 8601 instant');
    const json = run('--json', broken);
    expect(json.status).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({
      ok: false,
      format: 'factcheck-case/2',
      stage: 'schema',
      problems: expect.arrayContaining([{ path: 'claims[0].acts[8].rating', message: 'must be a non-empty string' }]),
    });

    const twice = write('twice.json', '{\n  "format": "factcheck-case/2",\n  "format": "factcheck-case/1"\n}\n');
    expect(JSON.parse(run('--json', twice).stdout)).toMatchObject({ ok: false, stage: 'json', problems: [{ path: 'line 3, column 3' }] });
    const latin1 = write('latin1.json', Buffer.from('{"title": "caf\xe9"}', 'latin1'));
    expect(JSON.parse(run('--json', latin1).stdout)).toMatchObject({ ok: false, stage: 'encoding' });
    const rules = smallCaseV2();
    rules.claims[0].acts.splice(12, 0, { act: 'publish', by: 'elena', at: '2025-07-02T11:00:00Z', rating: 'TRUE', summary: 'Too early.' });
    rules.claims[0].acts.splice(8, 4); // no verdicts left before the first publication
    const early = run('--json', write('early.json', JSON.stringify(rules)));
    expect(JSON.parse(early.stdout)).toMatchObject({ ok: false, stage: 'rules', problems: [{ path: 'claims[0].acts[8]', code: expect.any(String) }] });
    expect(existsSync(dataDir)).toBe(false);
  }, 120_000);

  it('exits 2 on wrong usage or an unreadable file, and 0 with --help', () => {
    mkdirSync(join(dir.path, 'a-directory'), { recursive: true });
    expect(run()).toMatchObject({ status: 2, stderr: expect.stringContaining('no case file given') });
    expect(run('--bogus', 'x.json')).toMatchObject({ status: 2, stderr: expect.stringContaining('bogus') });
    expect(run(join(dir.path, 'missing.json'))).toMatchObject({ status: 2, stderr: expect.stringContaining('no such file') });
    expect(run(join(dir.path, 'a-directory'))).toMatchObject({ status: 2, stderr: expect.stringContaining('is a directory') });
    expect(run('--help')).toMatchObject({ status: 0, stdout: expect.stringContaining('Usage: npm run case:check') });
    expect(readdirSync(dir.path)).not.toContain('data');
  }, 120_000);
});
