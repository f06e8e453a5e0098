import type { NextFunction, Request, Response } from 'express';

/** The endpoint whose body is a whole case file. */
export const CASE_IMPORT_PATH = '/cases/import';

const refuse = (res: Response, status: number, message: string) => answer(res, status, { path: '(file)', message });
const answer = (res: Response, status: number, problem: Unauthenticated) =>
  res.status(status).type('application/json').set('Connection', 'close').send(JSON.stringify({ ok: false, problems: [problem] }));

/** How an endpoint says "no token", in its own problems shape. */
export interface Unauthenticated {
  path: string;
  code?: string;
  message: string;
}

/** /cases/import's answer to a request without a token (the same its controller gives). */
export const CASE_IMPORT_UNAUTHENTICATED: Unauthenticated = { path: '(request)', code: 'UNAUTHENTICATED', message: 'Sign in: an import needs the bearer token of an admin or an importer' };

/** Whether the request carries `Authorization: Bearer <something>`; whether it is valid is the controller's to say. */
const hasBearer = (req: Request) => /^Bearer\s+\S/i.test(req.headers.authorization ?? '');

/**
 * The body of POST /cases/import, read as raw bytes up to CASE_IMPORT_MAX_BYTES: the app's JSON parser
 * stops at half a megabyte, and must not parse the file anyway (the controller decodes it strictly as
 * UTF-8, as the CLI does). Installed before that parser, which then leaves the request alone. A body
 * over the limit is answered 413 in the import's own shape, as soon as it is known to be too large; a
 * request without a bearer token 401 (`unauthenticated`, the endpoint's shape) before its body is read.
 */
export function caseImportBody(limitBytes: number, unauthenticated: Unauthenticated = CASE_IMPORT_UNAUTHENTICATED) {
  const tooLarge = `The case file is larger than ${limitBytes} bytes (CASE_IMPORT_MAX_BYTES); split the case or raise the limit`;
  return (req: Request, res: Response, next: NextFunction): void => {
    if (req.method !== 'POST') return next();
    // Without a token there is nothing to read the body for: 401 at once, before megabytes are sent.
    if (!hasBearer(req)) return void answer(res, 401, unauthenticated);
    const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase();
    if (encoding !== 'identity') return void refuse(res, 415, `Content-Encoding "${encoding}" is not accepted here: send the file as it is`);
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limitBytes) return void refuse(res, 413, tooLarge);
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > limitBytes) {
        done = true;
        chunks.length = 0;
        refuse(res, 413, tooLarge);
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (done) return;
      done = true;
      // body-parser's own mark: the app's JSON parser skips a body already read.
      (req as Request & { _body?: boolean })._body = true;
      req.body = Buffer.concat(chunks);
      next();
    });
    req.on('error', (error) => {
      if (done) return;
      done = true;
      next(error);
    });
  };
}
