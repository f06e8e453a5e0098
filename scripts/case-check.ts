/**
 * The offline check of a case file, for the people who write one:
 *   npm run case:check -- path/to/case.json [--json]
 * Decoding (UTF-8), JSON (and keys given twice), the JSON Schema of its format, then every field,
 * reference and the desk's own rules (the dry run the import runs). Never contacts a service and never
 * touches DATA_DIR.
 */
import 'reflect-metadata';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Ajv, { ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';
import { parseCaseFile } from '../src/case-file/case-file.load';
import { CaseFileProblem, validateCaseFile } from '../src/case-file/case-file.validate';
import { deskPolicyFrom } from '../src/claims/application/desk-policy';
import { loadConfig } from '../src/config/app-config';

const USAGE = `Usage: npm run case:check -- [--json] path/to/case.json

Checks a case file (factcheck-case/1 or factcheck-case/2) offline, as the import will: its encoding
(UTF-8), its JSON (keys given twice in an object are refused), the JSON Schema of its format
(schemas/), every field and reference, and the desk's rules by replaying every act in memory.
Each problem is given with its place in the file. Contacts no service; touches no DATA_DIR.

Options:
  --json      print a machine-readable report on stdout: { file, ok, format, stage, claims, acts, problems }
  -h, --help  show this help

Environment: RATING_SCALE, PUBLISH_MIN_REVIEWERS, PUBLISH_MIN_SOURCES, PUBLISH_REQUIRE_INDEPENDENT_EDITOR
(the desk's rules the file is checked against).

Exit status: 0 the file is valid, 1 it has problems, 2 wrong usage or an unreadable file.
`;

type Stage = 'encoding' | 'json' | 'schema' | 'rules';
interface Report {
  file: string;
  ok: boolean;
  format?: string;
  /** The stage that found the problems (absent when there are none). */
  stage?: Stage;
  claims?: number;
  acts?: number;
  problems: CaseFileProblem[];
}

class UsageError extends Error {}

const SCHEMAS: Record<string, string> = {
  'factcheck-case/1': 'schemas/factcheck-case-1.schema.json',
  'factcheck-case/2': 'schemas/factcheck-case-2.schema.json',
};

/** A JSON pointer (`/claims/2/acts/4/rating`) as the validator writes places (`claims[2].acts[4].rating`). */
function placeOf(error: ErrorObject): string {
  const segments = error.instancePath.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (error.keyword === 'additionalProperties') segments.push(String((error.params as { additionalProperty: string }).additionalProperty));
  if (error.keyword === 'required') segments.push(String((error.params as { missingProperty: string }).missingProperty));
  const path = segments.map((s, i) => (/^[0-9]+$/.test(s) ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
  return path || '(file)';
}

function schemaProblems(value: unknown): CaseFileProblem[] | undefined {
  const format = (value as { format?: unknown } | null)?.format;
  const file = typeof format === 'string' ? SCHEMAS[format] : undefined;
  if (!file) return undefined; // the validator names the format problem
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  const validate = ajv.compile(JSON.parse(readFileSync(join(__dirname, '..', file), 'utf8')));
  if (validate(value)) return [];
  // An act that fits no kind fails every branch of the union: its branch errors say little, so drop them.
  const errors = (validate.errors ?? []).filter((e) => e.keyword !== 'anyOf' && !e.schemaPath.includes('/anyOf/'));
  const seen = new Set<string>();
  const problems: CaseFileProblem[] = [];
  for (const error of errors.length > 0 ? errors : (validate.errors ?? [])) {
    const problem = { path: placeOf(error), message: `${error.message ?? 'does not match'} (JSON Schema ${file})` };
    const id = `${problem.path} ${problem.message}`;
    if (!seen.has(id)) problems.push(problem);
    seen.add(id);
  }
  return problems;
}

function check(file: string, bytes: Uint8Array): Report {
  const parsed = parseCaseFile(bytes, file);
  if (!parsed.ok) return { file, ok: false, stage: parsed.stage, problems: parsed.problems };
  const value = parsed.value as { format?: unknown; claims?: unknown };
  const format = typeof value?.format === 'string' ? value.format : undefined;
  // The desk's rules as this deployment configures them; the config is only read, nothing is created.
  const validation = validateCaseFile(parsed.value, deskPolicyFrom(loadConfig()), new Date());
  const fromSchema = schemaProblems(parsed.value) ?? [];
  // The validator's places are the precise ones: a file it refuses is reported by it; the schema's
  // own problems are shown when only the schema refuses (the two should agree: a test holds them to it).
  if (!validation.ok) return { file, ok: false, format, stage: fromSchema.length > 0 ? 'schema' : 'rules', problems: validation.problems };
  if (fromSchema.length > 0) return { file, ok: false, format, stage: 'schema', problems: fromSchema };
  const claims = validation.caseFile.claims as { acts?: unknown[] }[];
  const acts = claims.reduce((n, c) => n + (Array.isArray(c.acts) ? c.acts.length : 0), 0);
  return { file, ok: true, format, claims: claims.length, ...(format === 'factcheck-case/2' ? { acts } : {}), problems: [] };
}

function readBytes(file: string): Buffer {
  try {
    if (statSync(file).isDirectory()) throw new UsageError(`${file} is a directory, not a case file`);
    return readFileSync(file);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UsageError(`${file}: no such file`);
    if (code === 'EACCES' || code === 'EPERM') throw new UsageError(`${file}: permission denied, cannot read it`);
    throw new UsageError(`${file}: cannot be read (${code ?? (error as Error).message})`);
  }
}

function main(): number {
  let parsed;
  try {
    parsed = parseArgs({ args: process.argv.slice(2), allowPositionals: true, strict: true, options: { help: { type: 'boolean', short: 'h' }, json: { type: 'boolean' } } });
  } catch (error) {
    throw new UsageError(`${(error as Error).message.split('\n')[0]} (see --help)`);
  }
  if (parsed.values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (parsed.positionals.length !== 1) throw new UsageError(parsed.positionals.length === 0 ? 'no case file given (see --help)' : 'one case file at a time (see --help)');
  const file = parsed.positionals[0];
  const report = check(file, readBytes(file));
  if (parsed.values.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else if (report.ok) {
    const acts = report.acts === undefined ? '' : `, ${report.acts} acts`;
    process.stdout.write(`${file}: a valid ${report.format} case file (${report.claims} claims${acts}).\n`);
  } else {
    process.stderr.write(`${file} has ${report.problems.length} problem${report.problems.length === 1 ? '' : 's'} (${report.stage}):\n${report.problems.map((p) => `  - ${p.path}: ${p.message}`).join('\n')}\n`);
  }
  return report.ok ? 0 : 1;
}

try {
  process.exitCode = main();
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  process.stderr.write(`case:check: ${error.message}\n`);
  process.exitCode = 2;
}
