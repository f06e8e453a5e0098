import type { NextFunction, Request, Response } from 'express';

/** The endpoint whose body is a whole case file. */
export const CASE_IMPORT_PATH = '/cases/import';

const refuse = (res: Response, status: number, message: string) =>
  res.status(status).type('application/json').set('Connection', 'close').send(JSON.stringify({ ok: false, problems: [{ path: '(file)', message }] }));

/**
 * The body of POST /cases/import, read as raw bytes up to CASE_IMPORT_MAX_BYTES: the app's JSON parser
 * stops at half a megabyte, and must not parse the file anyway (the controller decodes it strictly as
 * UTF-8, as the CLI does). Installed before that parser, which then leaves the request alone. A body
 * over the limit is answered 413 in the import's own shape, as soon as it is known to be too large.
 */
export function caseImportBody(limitBytes: number) {
  const tooLarge = `The case file is larger than ${limitBytes} bytes (CASE_IMPORT_MAX_BYTES); split the case or raise the limit`;
  return (req: Request, res: Response, next: NextFunction): void => {
    if (req.method !== 'POST') return next();
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
