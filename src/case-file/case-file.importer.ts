/**
 * The client of the service's import endpoint (`POST /cases/import`): the service checks, plans and
 * writes the whole file as one unit; this module only sends it and reads the answer. Used by
 * `npm run import` and `npm run demo`.
 */
import type { CaseFile } from './case-file.types';
import type { ImportProgress, ImportResult } from './case-import.service';
import type { ImportProblem } from './case-import.plan-events';

export interface ImportOptions {
  /** The service's base URL, e.g. http://127.0.0.1:3000. */
  url: string;
  /** A bearer token with role `importer` or `admin`. */
  token: string;
  /** Ask the service what the import would write, and write nothing. */
  dryRun?: boolean;
  /** Called for every progress line the service streams. */
  onProgress?(progress: ImportProgress): void;
}

// The answer's shapes are the service's own (case-import.service.ts), so client and endpoint cannot drift.
export type { ImportProgress, ImportResult } from './case-import.service';
export type { ImportProblem } from './case-import.plan-events';
/** One claim of the answer; its status is read back from the service's read model after the write. */
export type ImportedClaim = ImportResult['claims'][number];

export type ImportErrorCode =
  | 'SERVICE_DOWN'
  | 'CONNECTION_FAILED'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'TOO_LARGE'
  | 'REFUSED'
  | 'BAD_REQUEST'
  | 'STORE_UNAVAILABLE'
  | 'NOT_SUPPORTED'
  | 'INTERRUPTED'
  | 'UNEXPECTED_ANSWER';

/** The import did not happen, and why; `problems` as the service named them. Nothing was written unless `code` is INTERRUPTED. */
export class ImportError extends Error {
  override readonly name: string = 'ImportError';
  constructor(
    readonly code: ImportErrorCode,
    message: string,
    readonly problems: ImportProblem[] = [],
    readonly status?: number,
  ) {
    super(message);
  }
}

/** The service refused the file (422, or a 400 for a body that is not JSON): nothing was written. */
export class ImportRefused extends ImportError {
  override readonly name = 'ImportRefused';
  constructor(problems: ImportProblem[], status: number) {
    super(status === 400 ? 'BAD_REQUEST' : 'REFUSED', `the service refused the case file; nothing was imported:\n${problems.map((p) => `  - ${p.path}: ${p.message}${p.code ? ` (${p.code})` : ''}`).join('\n')}`, problems, status);
  }
}

/**
 * Posts the case file once to `/cases/import` and follows the service's progress; resolves with its
 * result, or throws an ImportError (ImportRefused for a refused file) with a message meant for a person.
 */
export async function importCaseFile(caseFile: CaseFile, options: ImportOptions): Promise<ImportResult> {
  const base = options.url.replace(/\/+$/, '');
  const endpoint = `${base}/cases/import${options.dryRun ? '?dryRun=true' : ''}`;
  const body = JSON.stringify(caseFile);
  let response: Response;
  try {
    response = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/x-ndjson', authorization: `Bearer ${options.token}` },
      body,
    });
  } catch (error) {
    throw connectionError(base, error);
  }

  const type = response.headers.get('content-type') ?? '';
  if (response.status === 200 && type.includes('application/x-ndjson')) return readStream(response, base, options);
  const answer = await readJson(response);
  const problems = problemsOf(answer);
  const reason = problems[0]?.message ?? messageOf(answer);
  switch (response.status) {
    case 200:
      return settle(answer, response.status);
    case 400:
    case 422:
      if (problems.length === 0) break;
      throw new ImportRefused(problems, response.status);
    case 401:
      throw new ImportError('UNAUTHENTICATED', `the service refused the import's token${reason ? ` (${sentence(reason)})` : ''}`, problems, 401);
    case 403:
      throw new ImportError('FORBIDDEN', `the import's token is valid but may not import${reason ? ` (${sentence(reason)})` : ''}: it needs the role importer or admin`, problems, 403);
    case 404:
    case 405:
      throw new ImportError('NOT_SUPPORTED', `the service at ${base} has no import endpoint (POST /cases/import answered ${response.status}): it is older than this command; update it`, problems, response.status);
    case 413:
      throw new ImportError('TOO_LARGE', `the case file (${Buffer.byteLength(body)} bytes as JSON) is larger than the service accepts (its CASE_IMPORT_MAX_BYTES)${reason ? `: ${sentence(reason)}` : ''}; split the case, or raise the limit`, problems, 413);
    case 503:
      throw new ImportError('STORE_UNAVAILABLE', `the service's event store is unavailable${reason ? ` (${sentence(reason)})` : ''}; nothing was imported: run the import again later`, problems, 503);
  }
  throw new ImportError('UNEXPECTED_ANSWER', `the service answered the import with HTTP ${response.status}${reason ? `: ${sentence(reason)}` : ''}`, problems, response.status);
}

/** Reads `{"progress":…}` lines until the `{"result":…}` line. */
async function readStream(response: Response, base: string, options: ImportOptions): Promise<ImportResult> {
  const decoder = new TextDecoder('utf-8');
  let buffered = '';
  let result: unknown;
  let seen = false;
  const take = (line: string) => {
    if (line.trim() === '') return;
    let parsed: { progress?: ImportProgress; result?: unknown };
    try {
      parsed = JSON.parse(line) as typeof parsed;
    } catch {
      throw new ImportError('UNEXPECTED_ANSWER', `the service sent a line that is not JSON while importing: ${line.slice(0, 200)}`);
    }
    if (parsed.progress) options.onProgress?.(parsed.progress);
    if ('result' in parsed) {
      result = parsed.result;
      seen = true;
    }
  };
  try {
    if (response.body) {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        buffered += decoder.decode(chunk, { stream: true });
        let newline: number;
        while ((newline = buffered.indexOf('\n')) >= 0) {
          take(buffered.slice(0, newline));
          buffered = buffered.slice(newline + 1);
        }
      }
    }
    buffered += decoder.decode();
    take(buffered);
  } catch (error) {
    if (error instanceof ImportError) throw error;
    if (!seen) throw interrupted(base, error);
  }
  if (!seen) throw interrupted(base);
  return settle(result, 200);
}

/** A result body: the import's result, or the refusal it carries. */
function settle(answer: unknown, status: number): ImportResult {
  const body = answer as { ok?: boolean; claims?: unknown } | undefined;
  if (body?.ok === true && Array.isArray(body.claims)) return body as ImportResult;
  const problems = problemsOf(answer);
  if (problems.some((p) => p.path === '(service)')) {
    throw new ImportError('STORE_UNAVAILABLE', `the service's event store is unavailable (${sentence(problems[0].message)}); nothing was imported: run the import again later`, problems, 503);
  }
  if (body?.ok === false && problems.length > 0) throw new ImportRefused(problems, 422);
  throw new ImportError('UNEXPECTED_ANSWER', `the service's answer to the import is not an import result (HTTP ${status}): ${JSON.stringify(answer)?.slice(0, 200)}`, [], status);
}

function interrupted(base: string, error?: unknown): ImportError {
  const why = error ? ` (${causeOf(error)})` : '';
  return new ImportError(
    'INTERRUPTED',
    `the connection to ${base} ended before the import's result arrived${why}: the service may have written part or all of it. Run the same import again: it completes what is missing and writes nothing twice`,
  );
}

function connectionError(base: string, error: unknown): ImportError {
  const cause = causeOf(error);
  if (/ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|UND_ERR_CONNECT_TIMEOUT/.test(cause)) {
    return new ImportError('SERVICE_DOWN', `No service answers at ${base} (${cause}): start it with npm start, or set SERVICE_URL`);
  }
  // Something answered, then the connection failed: the service may have read the file.
  return new ImportError(
    'CONNECTION_FAILED',
    `The connection to ${base} failed during the import (${cause}): the service may or may not have imported the file. Run the same import again: it writes only what is missing`,
  );
}

/** fetch hides the socket's error in `cause` (sometimes in an AggregateError). */
function causeOf(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string; errors?: { code?: string }[] } }).cause;
  const code = cause?.code ?? cause?.errors?.find((e) => e.code)?.code;
  return code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text().catch(() => '');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text.trim() === '' ? undefined : { message: text.trim().slice(0, 300) };
  }
}

function problemsOf(answer: unknown): ImportProblem[] {
  const problems = (answer as { problems?: unknown } | undefined)?.problems;
  if (!Array.isArray(problems)) return [];
  return problems
    .filter((p): p is ImportProblem => typeof p === 'object' && p !== null && typeof (p as ImportProblem).message === 'string')
    .map((p) => ({ path: typeof p.path === 'string' ? p.path : '(file)', message: p.message, ...(typeof p.code === 'string' ? { code: p.code } : {}) }));
}

/** A message from an answer that is not in the contract's shape (Nest's default errors, a proxy's page). */
function messageOf(answer: unknown): string | undefined {
  const body = answer as { message?: unknown; error?: unknown } | undefined;
  const message = Array.isArray(body?.message) ? body?.message.join('; ') : body?.message;
  if (typeof message === 'string' && message) return message;
  if (typeof body?.error === 'string') return body.error;
  const nested = (body?.error as { message?: unknown } | undefined)?.message;
  return typeof nested === 'string' ? nested : undefined;
}

/** "The token's signature does not verify." -> "its signature does not verify", to sit inside our own sentence. */
function sentence(reason: string): string {
  const trimmed = reason.trim().replace(/\.$/, '');
  return trimmed.replace(/^The token's /, 'its ').replace(/^The token /, 'it ').replace(/^[A-Z](?=[a-z])/, (c) => c.toLowerCase());
}
