import { Controller, Logger, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { InvalidToken, TokenVerifier } from '../auth/token-verifier';
import type { Actor } from '../shared/actor';
import { parseCaseFile } from './case-file.load';
import { CaseImportService, ImportAnswer, ImportProgress, ImportStoreUnavailable } from './case-import.service';

/** Who may import: an admin, or the dedicated role that does nothing else. */
const IMPORT_ROLES = ['admin', 'importer'] as const;

type Problem = { path: string; message: string; code?: string };

class Answer {
  constructor(
    readonly status: number,
    readonly problems: Problem[],
  ) {}
}

/**
 * POST /cases/import[?dryRun=true]: a whole case file in one request, imported as one unit (see
 * CaseImportService). Thin: who is asking, the body as JSON, then the use case; with
 * `Accept: application/x-ndjson` the answer streams progress lines and ends with the result line.
 */
@Controller()
export class CaseImportController {
  private readonly logger = new Logger('CaseImport');

  constructor(
    private readonly imports: CaseImportService,
    private readonly verifier: TokenVerifier,
  ) {}

  @Post('cases/import')
  async import(@Req() req: Request, @Res() res: Response): Promise<void> {
    let actor: Actor;
    let body: unknown;
    let dryRun: boolean;
    try {
      actor = await this.authorise(req.headers.authorization);
      dryRun = dryRunOf(req.query.dryRun);
      body = parseBody(req.body);
    } catch (error) {
      if (!(error instanceof Answer)) throw error;
      return void send(res, error.status, { ok: false, problems: error.problems });
    }

    const streaming = (req.headers.accept ?? '').includes('application/x-ndjson');
    if (!streaming) {
      const answer = await this.answer(body, dryRun, actor);
      return void send(res, answer.status, answer.body);
    }
    res.status(200).setHeader('Content-Type', 'application/x-ndjson; charset=utf-8');
    res.setHeader('Cache-Control', 'no-store');
    const line = (value: unknown) => res.write(`${JSON.stringify(value)}\n`);
    const onProgress = (progress: ImportProgress) => line({ progress });
    try {
      const answer = await this.answer(body, dryRun, actor, onProgress);
      line({ result: answer.body });
    } catch (error) {
      // The status is sent already: the failure is the last line, and the log has the rest.
      this.logger.error(`Case import failed after streaming began: ${(error as Error).stack ?? String(error)}`);
      line({ result: { ok: false, problems: [{ path: '(service)', message: 'The import failed inside the service; see its log. Nothing was written unless the store reports otherwise: run the import again to check.' }] } });
    }
    res.end();
  }

  private async answer(body: unknown, dryRun: boolean, actor: Actor, onProgress?: (p: ImportProgress) => void): Promise<{ status: number; body: ImportAnswer }> {
    try {
      const answer = await this.imports.run(body, { dryRun, importedBy: actor, onProgress });
      return { status: answer.ok ? 200 : 422, body: answer };
    } catch (error) {
      if (error instanceof ImportStoreUnavailable) return { status: 503, body: { ok: false, problems: [{ path: '(service)', message: error.message }] } };
      throw error;
    }
  }

  private async authorise(authorization: string | undefined): Promise<Actor> {
    let actor: Actor | null;
    try {
      actor = await this.verifier.authenticate(authorization);
    } catch (error) {
      if (error instanceof InvalidToken) throw new Answer(401, [{ path: '(request)', code: 'UNAUTHENTICATED', message: error.message }]);
      throw error;
    }
    if (!actor) throw new Answer(401, [{ path: '(request)', code: 'UNAUTHENTICATED', message: 'Sign in: an import needs the bearer token of an admin or an importer' }]);
    if (!actor.roles.some((role) => (IMPORT_ROLES as readonly string[]).includes(role))) {
      throw new Answer(403, [{ path: '(request)', code: 'FORBIDDEN', message: `Only an admin or an importer may import a case; ${actor.id} has ${actor.roles.join(', ') || 'no role'}` }]);
    }
    return actor;
  }
}

function dryRunOf(value: unknown): boolean {
  if (value === undefined || value === 'false') return false;
  if (value === 'true' || value === '') return true;
  throw new Answer(400, [{ path: '(request)', message: 'dryRun must be true or false' }]);
}

/**
 * The case file from the body's bytes, read exactly as the CLI reads a file (`parseCaseFile`): strict
 * UTF-8 (a BOM tolerated, NFC), then JSON, then no key given twice in one object. A body that is not
 * UTF-8 JSON is a bad request (400); a key given twice is a problem of the file (422), with its place.
 */
function parseBody(raw: unknown): unknown {
  if (!Buffer.isBuffer(raw) || raw.length === 0) throw new Answer(400, [{ path: '(file)', message: 'The body must be the case file, as JSON' }]);
  const parsed = parseCaseFile(raw);
  if (parsed.ok) return parsed.value;
  const unreadable = parsed.stage === 'encoding' || parsed.problems.some((p) => p.message.startsWith('not valid JSON'));
  throw new Answer(unreadable ? 400 : 422, parsed.problems);
}

function send(res: Response, status: number, body: unknown): void {
  res.status(status).type('application/json').setHeader('Cache-Control', 'no-store');
  res.send(JSON.stringify(body));
}
