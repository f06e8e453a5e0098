/**
 * Imports a case file into the running service through its import endpoint (POST /cases/import):
 *   npm run import -- path/to/case.json [--dry-run | --check-against-service] [--json] [--token-file PATH]
 * The file is checked here first (encoding, shape, references, the desk's rules, offline), then sent
 * once; the service checks it again, writes it as one unit and answers what it holds afterwards.
 */
import 'reflect-metadata';
import { SingleBar } from 'cli-progress';
import { readFileSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { lookUpSigningSecret } from '../src/auth/dev-secret';
import { issueToken } from '../src/auth/token-issuer';
import { ImportError, importCaseFile, ImportProgress, ImportResult } from '../src/case-file/case-file.importer';
import { loadCaseFile } from '../src/case-file/case-file.load';
import { deskPolicyFrom } from '../src/claims/application/desk-policy';
import { AppConfig, loadConfig } from '../src/config/app-config';

const USAGE = `Usage: npm run import -- [options] path/to/case.json

Imports a case file (UTF-8 JSON) into the running service: the file is checked here completely first
(encoding, shape, references, the desk's rules), then sent once to the service's POST /cases/import, which
checks it again and writes it as one unit (on the embedded store: all or nothing). A file with problems is
refused with their places, and nothing is imported. Running it again writes only what is missing.

Options:
  --dry-run                 check the file completely, offline; import nothing, contact no service
  --check-against-service   ask the service what an import would write (its dry run); write nothing
  --json                    print one JSON report on stdout and nothing else (no progress)
  --token-file PATH         read the bearer token from PATH instead of IMPORT_TOKEN
  -h, --help                show this help

Environment:
  SERVICE_URL        the service to import into (default http://127.0.0.1:$PORT)
  PORT               the service's port when SERVICE_URL is unset (default 3000)
  IMPORT_TOKEN       a token sent as is: a service account's token from the identity provider, with
                     role importer or admin (for deployments that use only AUTH_JWKS_URL)
  AUTH_JWT_SECRET    without IMPORT_TOKEN, the secret a short-lived importer token is signed with
  DATA_DIR           without either, the service's DATA_DIR, whose development secret is read (never created)
  AUTH_JWT_ISSUER, AUTH_JWT_AUDIENCE   put into the signed token when the service requires them
  RATING_SCALE, PUBLISH_MIN_REVIEWERS   the desk's rules the file is checked against

Exit status: 0 imported (or checked), 1 the file or the import was refused (by this command or the service,
including a service that is down or refuses the token), 2 wrong usage or an unreadable file.
`;

/** A usage error or an unreadable file: one line, exit 2, no stack trace. */
class UsageError extends Error {
  constructor(
    message: string,
    readonly code = 'USAGE',
  ) {
    super(message);
  }
}

/** Any other failure: one message, exit 1. */
class Failure extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

interface CommandLine {
  help: boolean;
  dryRun: boolean;
  againstService: boolean;
  json: boolean;
  tokenFile?: string;
  file?: string;
}

function parseCommandLine(argv: string[]): CommandLine {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        help: { type: 'boolean', short: 'h' },
        'dry-run': { type: 'boolean' },
        'check-against-service': { type: 'boolean' },
        json: { type: 'boolean' },
        'token-file': { type: 'string' },
      },
    });
  } catch (error) {
    const code = (error as { code?: string }).code;
    const flag = /'([^']+)'/.exec((error as Error).message)?.[1];
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw new UsageError(`unknown option ${flag ?? ''} (see --help)`.replace('  ', ' '));
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      if (flag?.startsWith('--token-file')) throw new UsageError('option --token-file needs a path: --token-file PATH (see --help)');
      throw new UsageError(`option ${flag ?? ''} takes no value (see --help)`);
    }
    throw new UsageError(`${(error as Error).message} (see --help)`);
  }
  const { values, positionals } = parsed;
  const json = values.json === true;
  if (values.help) return { help: true, dryRun: false, againstService: false, json };
  if (positionals.length === 0) throw new UsageError('no case file given: npm run import -- path/to/case.json (see --help)');
  if (positionals.length > 1) throw new UsageError(`one case file at a time, got ${positionals.length}: ${positionals.join(' ')}`);
  if (values['dry-run'] && values['check-against-service']) throw new UsageError('--dry-run (offline) and --check-against-service (the service\'s dry run): choose one');
  return { help: false, dryRun: values['dry-run'] === true, againstService: values['check-against-service'] === true, json, tokenFile: values['token-file'], file: positionals[0] };
}

/** A file's bytes, or a one-line reason it cannot be read. */
function readBytes(file: string, what: string): Buffer {
  try {
    if (statSync(file).isDirectory()) throw new UsageError(`${file} is a directory, not ${what}`, 'UNREADABLE');
    return readFileSync(file);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UsageError(`${file}: no such file`, 'UNREADABLE');
    if (code === 'EACCES' || code === 'EPERM') throw new UsageError(`${file}: permission denied, cannot read it`, 'UNREADABLE');
    if (code === 'EISDIR') throw new UsageError(`${file} is a directory, not ${what}`, 'UNREADABLE');
    throw new UsageError(`${file}: cannot be read (${code ?? (error as Error).message})`, 'UNREADABLE');
  }
}

/** Where the bearer token came from: it decides what a 401 means. */
type TokenSource = { kind: 'IMPORT_TOKEN' } | { kind: 'token-file'; file: string } | { kind: 'AUTH_JWT_SECRET' } | { kind: 'DATA_DIR'; file: string };

async function obtainToken(config: AppConfig, tokenFile: string | undefined): Promise<{ token: string; source: TokenSource }> {
  const fromEnv = process.env.IMPORT_TOKEN?.trim();
  if (tokenFile !== undefined && fromEnv) throw new UsageError('IMPORT_TOKEN and --token-file both give a token: use one');
  if (tokenFile !== undefined) {
    const token = readBytes(tokenFile, 'a token file').toString('utf8').trim();
    if (!token) throw new UsageError(`${tokenFile}: the token file is empty`, 'UNREADABLE');
    return { token, source: { kind: 'token-file', file: tokenFile } };
  }
  if (fromEnv) return { token: fromEnv, source: { kind: 'IMPORT_TOKEN' } };

  const lookup = lookUpSigningSecret(config);
  if (!lookup.found) {
    if (lookup.reason === 'jwks-only') {
      throw new Failure('NO_TOKEN', 'this deployment verifies tokens with an identity provider only (AUTH_JWKS_URL), so the import cannot sign its own: pass a service-account token with role importer or admin in IMPORT_TOKEN or --token-file');
    }
    if (lookup.reason === 'production') throw new Failure('NO_TOKEN', 'NODE_ENV=production keeps no development secret: set AUTH_JWT_SECRET, or pass IMPORT_TOKEN');
    const dir = lookup.file.replace(/[/\\][^/\\]+$/, '');
    throw new Failure('NO_SIGNING_SECRET', `no development secret in DATA_DIR=${dir}: the service keeps it in its own DATA_DIR; run from the service's directory, set DATA_DIR, or pass IMPORT_TOKEN`);
  }
  // One short-lived token for the whole import: the service acts as each person of the file itself.
  const token = await issueToken(lookup.secret, { sub: 'case-importer', name: 'Case importer', roles: ['importer'], expiresIn: '5m', issuer: config.AUTH_JWT_ISSUER, audience: config.AUTH_JWT_AUDIENCE });
  return { token, source: lookup.source === 'DATA_DIR' ? { kind: 'DATA_DIR', file: lookup.file } : { kind: 'AUTH_JWT_SECRET' } };
}

/** What to do about a 401 or 403, for the token's source. */
function authHint(error: ImportError, source: TokenSource): string {
  if (error.code === 'FORBIDDEN') {
    if (source.kind === 'IMPORT_TOKEN' || source.kind === 'token-file') return `${error.message}; ask the identity provider for a service account with one of them`;
    return `${error.message}; this service does not know the role importer: update it`;
  }
  const signature = /signature/i.test(error.message);
  switch (source.kind) {
    case 'IMPORT_TOKEN':
    case 'token-file': {
      const where = source.kind === 'IMPORT_TOKEN' ? 'IMPORT_TOKEN' : `the token in ${source.file}`;
      return `${error.message}: ${where} is not a token this service accepts (its identity provider, issuer and audience must be the service's, and it must not have expired)`;
    }
    case 'AUTH_JWT_SECRET':
      return signature ? `${error.message}: AUTH_JWT_SECRET belongs to another deployment` : `${error.message}: check AUTH_JWT_ISSUER, AUTH_JWT_AUDIENCE and this machine's clock against the service's`;
    case 'DATA_DIR': {
      const dir = source.file.replace(/[/\\][^/\\]+$/, '');
      return signature
        ? `${error.message}: DATA_DIR (${dir}) belongs to another deployment; run from the service's directory, set DATA_DIR to the service's, or pass IMPORT_TOKEN`
        : `${error.message}: check AUTH_JWT_ISSUER, AUTH_JWT_AUDIENCE and this machine's clock against the service's`;
    }
  }
}

/** A bar on a terminal; one plain "checking… writing… done" line otherwise; nothing with --json. */
function progressReporter(json: boolean): { update(progress: ImportProgress): void; finish(ok: boolean): void } {
  if (json) return { update: () => undefined, finish: () => undefined };
  if (process.stderr.isTTY) {
    const bar = new SingleBar({ stream: process.stderr, format: '{phase} [{bar}] {value}/{total} acts', hideCursor: true, clearOnComplete: true });
    let phase: string | undefined;
    return {
      update(progress) {
        if (progress.phase !== phase) {
          if (phase) bar.stop();
          phase = progress.phase;
          bar.start(Math.max(progress.total, 1), progress.done, { phase: progress.phase.padEnd(8) });
        } else bar.update(progress.done, { phase: progress.phase.padEnd(8) });
      },
      finish() {
        if (phase) bar.stop();
      },
    };
  }
  let phase: string | undefined;
  return {
    update(progress) {
      if (progress.phase === phase) return;
      process.stderr.write(`${phase ? ' ' : 'import: '}${progress.phase}…`);
      phase = progress.phase;
    },
    finish(ok) {
      if (phase) process.stderr.write(ok ? ' done\n' : '\n');
    },
  };
}

function summary(result: ImportResult, title: string, url: string): string {
  const { acts } = result;
  const how = result.atomic ? 'in one transaction (all or nothing)' : 'stream by stream (not atomic: an interrupted import is completed by running it again)';
  const lines = result.dryRun
    ? [`Checked "${title}" against ${url}; nothing was written. An import would write ${acts.written} of ${acts.total} acts (${acts.alreadyImported} already imported), ${how}.`]
    : [
        `Imported "${title}" into ${url}: ${result.claims.length} claim${result.claims.length === 1 ? '' : 's'}, ${acts.total} acts: ${acts.written} written, ${acts.alreadyImported} already imported; ${result.events} events, ${how}.` +
          (result.resumed ? ' This run completed an earlier, interrupted import.' : ''),
      ];
  const width = Math.max(10, ...result.claims.map((c) => (c.status || '(new)').length));
  for (const claim of result.claims) {
    const status = (claim.status || '(new)').padEnd(width);
    const verb = result.dryRun ? 'to write' : 'written';
    lines.push(`  ${status} ${claim.claimId || '(new)'}  ${claim.key}  (${claim.acts} acts, ${claim.written} ${verb}, ${claim.alreadyImported} already imported)`);
  }
  return `${lines.join('\n')}\n`;
}

async function main(json: { on: boolean }): Promise<void> {
  const args = parseCommandLine(process.argv.slice(2));
  json.on = args.json;
  if (args.help) {
    process.stdout.write(USAGE);
    return;
  }
  const file = args.file!;
  const bytes = readBytes(file, 'a case file');
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (error) {
    throw new Failure('CONFIGURATION', (error as Error).message);
  }
  const url = (process.env.SERVICE_URL ?? `http://127.0.0.1:${config.PORT}`).replace(/\/+$/, '');

  const policy = deskPolicyFrom(config);
  const loaded = loadCaseFile(bytes, policy.scale, policy.minReviewers, new Date(), file);
  if (!loaded.ok) {
    if (args.json) process.stdout.write(`${JSON.stringify({ ok: false, problems: loaded.problems })}\n`);
    else process.stderr.write(`${file} is not a valid case file; nothing was imported:\n${loaded.problems.map((p) => `  - ${p.path}: ${p.message}`).join('\n')}\n`);
    process.exitCode = 1;
    return;
  }
  const caseFile = loaded.caseFile;
  if (args.dryRun) {
    if (args.json) {
      const report = { ok: true, dryRun: true, offline: true, slug: caseFile.slug, format: caseFile.format, title: caseFile.title, claims: caseFile.claims.map((c) => ({ key: c.key })) };
      process.stdout.write(`${JSON.stringify(report)}\n`);
      return;
    }
    process.stdout.write(`${file} is a valid case file: "${caseFile.title}", ${caseFile.claims.length} claims. Dry run: nothing was imported.\n`);
    for (const claim of caseFile.claims) process.stdout.write(`  ${claim.key}\n`);
    return;
  }

  const { token, source } = await obtainToken(config, args.tokenFile);
  const progress = progressReporter(args.json);
  let result: ImportResult;
  try {
    result = await importCaseFile(caseFile, { url, token, dryRun: args.againstService, onProgress: (p) => progress.update(p) });
    progress.finish(true);
  } catch (error) {
    progress.finish(false);
    if (!(error instanceof ImportError)) throw error;
    if (error.code === 'REFUSED' || error.code === 'BAD_REQUEST') {
      if (args.json) process.stdout.write(`${JSON.stringify({ ok: false, problems: error.problems })}\n`);
      else process.stderr.write(`${file}: ${error.message}\n`);
      process.exitCode = 1;
      return;
    }
    if (error.code === 'UNAUTHENTICATED' || error.code === 'FORBIDDEN') throw new Failure(error.code, authHint(error, source));
    throw new Failure(error.code, error.message);
  }
  if (args.json) process.stdout.write(`${JSON.stringify(result)}\n`);
  else process.stdout.write(summary(result, caseFile.title, url));
}

const mode = { on: process.argv.includes('--json') };
main(mode).catch((error: unknown) => {
  const code = error instanceof UsageError || error instanceof Failure ? error.code : 'INTERNAL';
  const message = error instanceof Error ? error.message : String(error);
  if (mode.on) process.stdout.write(`${JSON.stringify({ ok: false, error: { code, message } })}\n`);
  else process.stderr.write(error instanceof UsageError ? `import: ${message}\n` : `${message}\n`);
  process.exit(error instanceof UsageError ? 2 : 1);
});
