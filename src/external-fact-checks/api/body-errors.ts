import type { NextFunction, Request, Response } from 'express';
import { bodyErrorAnswer } from '../../graphql/body-errors';

/**
 * An Express error handler after the JSON body parser: a body for POST /fact-checks/external/import that
 * is not JSON (or too large) is answered in the import's own shape, `{ok:false, problems:[{path:"(document)", message}]}`,
 * 400 (413 over the limit), not in Nest's. Other paths and errors go on.
 */
export function externalImportBodyErrors(limitBytes: number, path: string) {
  return (error: unknown, req: Request, res: Response, next: NextFunction): void => {
    const status = (error as { status?: unknown } | null)?.status;
    if (req.path !== path || typeof status !== 'number' || status < 400 || status >= 500 || res.headersSent) return next(error);
    const answer = bodyErrorAnswer(error as { status: number }, limitBytes);
    res.status(answer.status).json({ ok: false, problems: [{ path: '(document)', message: answer.message.replace('not a JSON object', 'not JSON') }] });
  };
}
