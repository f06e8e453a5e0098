/**
 * Imports a case file into the running service through its GraphQL API:
 *   npm run import -- path/to/case.json [--dry-run]
 * The file is validated completely first (encoding, shape, references, and the desk's rules in a dry run);
 * a file with problems is refused with each problem's place in the file, and nothing is imported.
 * Re-running an import changes nothing. SERVICE_URL overrides http://127.0.0.1:$PORT.
 */
import 'reflect-metadata';
import { readFileSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { resolveSigningSecret } from '../src/auth/dev-secret';
import { issueToken } from '../src/auth/token-issuer';
import { importCaseFile } from '../src/case-file/case-file.importer';
import { loadCaseFile } from '../src/case-file/case-file.load';
import { deskPolicyFrom } from '../src/claims/application/desk-policy';
import { loadConfig } from '../src/config/app-config';

const USAGE = `Usage: npm run import -- [--dry-run] path/to/case.json

Imports a case file (format factcheck-case/1, UTF-8 JSON) into the running service through its GraphQL API,
each act as the person who did it. The whole file is checked first (encoding, shape, references, the desk's
rules); a file with problems is refused with their places, and nothing is imported. Running it again changes nothing.

Options:
  --dry-run   check the file completely and report what it holds; import nothing, contact no service
  -h, --help  show this help

Environment:
  SERVICE_URL        the service to import into (default http://127.0.0.1:$PORT)
  PORT               the service's port when SERVICE_URL is unset (default 3000)
  AUTH_JWT_SECRET    the secret the acts' tokens are signed with; without it, the development secret in DATA_DIR
  DATA_DIR           where the development secret is kept (default ./data)
  AUTH_JWT_ISSUER, AUTH_JWT_AUDIENCE   put into the tokens when the service requires them
  RATING_SCALE, PUBLISH_MIN_REVIEWERS   the desk's rules the file is checked against

Exit status: 0 imported (or, with --dry-run, valid), 1 the file or the import was refused, 2 wrong usage or an unreadable file.
`;

/** A usage error or an unreadable file: one line on stderr, exit 2, no stack trace. */
class UsageError extends Error {}

function parseCommandLine(argv: string[]): { help: boolean; dryRun: boolean; file?: string } {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, strict: true, options: { help: { type: 'boolean', short: 'h' }, 'dry-run': { type: 'boolean' } } });
  } catch (error) {
    const code = (error as { code?: string }).code;
    const flag = /'([^']+)'/.exec((error as Error).message)?.[1];
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw new UsageError(`unknown option ${flag ?? ''} (see --help)`.replace('  ', ' '));
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') throw new UsageError(`option ${flag ?? ''} takes no value (see --help)`);
    throw new UsageError(`${(error as Error).message} (see --help)`);
  }
  const { values, positionals } = parsed;
  if (values.help) return { help: true, dryRun: false };
  if (positionals.length === 0) throw new UsageError('no case file given: npm run import -- path/to/case.json (see --help)');
  if (positionals.length > 1) throw new UsageError(`one case file at a time, got ${positionals.length}: ${positionals.join(' ')}`);
  return { help: false, dryRun: values['dry-run'] === true, file: positionals[0] };
}

/** The file's bytes, or a one-line reason it cannot be read. */
function readCaseFile(file: string): Buffer {
  try {
    if (statSync(file).isDirectory()) throw new UsageError(`${file} is a directory, not a case file`);
    return readFileSync(file);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UsageError(`${file}: no such file`);
    if (code === 'EACCES' || code === 'EPERM') throw new UsageError(`${file}: permission denied, cannot read it`);
    if (code === 'EISDIR') throw new UsageError(`${file} is a directory, not a case file`);
    throw new UsageError(`${file}: cannot be read (${code ?? (error as Error).message})`);
  }
}

async function main(): Promise<void> {
  const args = parseCommandLine(process.argv.slice(2));
  if (args.help) {
    process.stdout.write(USAGE);
    return;
  }
  const file = args.file!;
  const bytes = readCaseFile(file);
  const config = loadConfig();
  const url = process.env.SERVICE_URL ?? `http://127.0.0.1:${config.PORT}`;

  const policy = deskPolicyFrom(config);
  const loaded = loadCaseFile(bytes, policy.scale, policy.minReviewers, new Date(), file);
  if (!loaded.ok) {
    process.stderr.write(`${file} is not a valid case file; nothing was imported:\n${loaded.problems.map((p) => `  - ${p.path}: ${p.message}`).join('\n')}\n`);
    process.exit(1);
  }
  if (args.dryRun) {
    const claims = loaded.caseFile.claims;
    process.stdout.write(`${file} is a valid case file: "${loaded.caseFile.title}", ${claims.length} claims. Dry run: nothing was imported.\n`);
    for (const claim of claims) process.stdout.write(`  ${claim.key}\n`);
    return;
  }
  const { secret } = resolveSigningSecret(config);
  if (!secret) throw new Error('Importing needs AUTH_JWT_SECRET (or the development secret) to act as each person of the file');
  const healthy = await fetch(`${url}/health`).then((r) => r.ok, () => false);
  if (!healthy) throw new Error(`No service answers at ${url}: start it with "npm start" (or set SERVICE_URL)`);

  const report = await importCaseFile(loaded.caseFile, {
    url,
    tokenFor: (person) => issueToken(secret, { sub: person.id, name: person.name, roles: person.roles, expiresIn: '1h', issuer: config.AUTH_JWT_ISSUER, audience: config.AUTH_JWT_AUDIENCE }),
  });
  process.stdout.write(`Imported "${loaded.caseFile.title}" into ${url}: ${report.claims.length} claims, ${report.mutations} acts (${report.replayed} already done before).\n`);
  for (const claim of report.claims) process.stdout.write(`  ${claim.status.padEnd(10)} ${claim.claimId}  ${claim.key}\n`);
}

main().catch((error: unknown) => {
  if (error instanceof UsageError) {
    process.stderr.write(`import: ${error.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
