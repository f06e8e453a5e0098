import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/**
 * Runs the generator as `npm run codegen` does (the programmatic generate(), output not written) and
 * answers the files it would write. In a child node: the CLI's own dependencies are ES modules that
 * jest's module loader cannot load.
 */
function run(extraDocuments: string[] = []): Map<string, string> {
  const script = `
    const { generate } = require('@graphql-codegen/cli');
    const config = require('./codegen.ts').default;
    const documents = [...config.documents, ...JSON.parse(process.argv[1])];
    generate({ ...config, documents, cwd: process.cwd(), silent: true }, false)
      .then((outputs) => process.stdout.write(JSON.stringify(outputs.map((o) => [o.filename, o.content]))))
      .catch((error) => { process.stderr.write(String(error && error.message) + (error && error.errors ? JSON.stringify(error.errors.map(String)) : '')); process.exit(1); });`;
  const child = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', script, JSON.stringify(extraDocuments)], { cwd: ROOT, encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`codegen failed: ${child.stderr}`);
  return new Map(JSON.parse(child.stdout) as [string, string][]);
}

/**
 * The typed client stays true: the committed client/generated is what the generator makes from
 * schema.gql and client/operations now, and every operation validates against the schema.
 */
describe('typed client (GraphQL Code Generator)', () => {
  jest.setTimeout(60_000);

  it('the committed output is up to date (run `npm run codegen` when this fails)', () => {
    const outputs = run();
    expect([...outputs.keys()]).toEqual(['client/generated/graphql.ts']);
    for (const [file, content] of outputs) expect(readFileSync(join(ROOT, file), 'utf8')).toBe(content);
  });

  it("covers the README's main flows", () => {
    const operations = readdirSync(join(ROOT, 'client', 'operations'))
      .map((f) => readFileSync(join(ROOT, 'client', 'operations', f), 'utf8').match(/^(query|mutation|subscription) (\w+)/m)?.slice(1).join(' '))
      .sort();
    expect(operations).toEqual([
      'mutation AddCitation',
      'mutation PublishFactCheck',
      'mutation RecordVerdict',
      'mutation SubmitClaim',
      'query Claim',
      'query ClaimHistory',
      'query ClaimsPage',
      'subscription DeskChanges',
    ]);
  });

  it('is deterministic: two runs give the same bytes', () => {
    expect(run()).toEqual(run());
  });

  it('fails when an operation no longer validates against the schema', () => {
    const dir = mkdtempSync(join(tmpdir(), 'codegen-'));
    try {
      const broken = join(dir, 'broken.graphql');
      writeFileSync(broken, 'query Broken($id: ID!) { claim(id: $id) { noSuchField } }\n');
      expect(() => run([broken])).toThrow(/noSuchField/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
