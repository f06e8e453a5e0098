import type { NextFunction, Request, Response } from 'express';
import { responseMediaType } from './http-status';

/** What body-parser's errors carry (http-errors): the status it chose and what went wrong. */
interface BodyParserError {
  status?: number;
  statusCode?: number;
  type?: string;
  message?: string;
}

/**
 * body-parser's own errors carry a `type`; a compressed body that does not decompress reaches us as a
 * plain 4xx http-error without one (zlib's "incorrect header check"), which is the client's fault as well.
 */
const isBodyParserError = (error: unknown): error is BodyParserError => {
  if (typeof error !== 'object' || error === null) return false;
  const status = (error as BodyParserError).status ?? (error as BodyParserError).statusCode;
  if (typeof status !== 'number') return false;
  return typeof (error as BodyParserError).type === 'string' || (status >= 400 && status < 500);
};

/** The GraphQL answer to a /graphql body that could not be read, by body-parser's error. */
export function bodyErrorAnswer(error: { status?: number; statusCode?: number; type?: string; message?: string }, limitBytes: number): { status: number; message: string; code: string } {
  const status = error.status ?? error.statusCode ?? 400;
  if (status === 413 || error.type === 'entity.too.large') {
    return { status: 413, code: 'REQUEST_TOO_LARGE', message: `The request body is larger than ${limitBytes} bytes` };
  }
  if (error.type === 'entity.parse.failed') return { status: 400, code: 'BAD_REQUEST', message: `The request body is not a JSON object: ${error.message ?? 'it does not parse'}` };
  return { status: status >= 400 && status < 500 ? status : 400, code: 'BAD_REQUEST', message: `The request body could not be read: ${error.message ?? error.type}` };
}

/**
 * An Express error handler, right after the JSON body parser: a /graphql body that is not JSON (or not
 * an object or array: `"str"`, `null`), too large, or in an unsupported charset is answered as GraphQL
 * answers a bad request (`{"errors":[{"message","extensions":{"code"}}]}`, in the negotiated media type)
 * instead of Nest's `{"message","error","statusCode"}`: BAD_REQUEST 400, or REQUEST_TOO_LARGE 413 over
 * the limit. Other paths and other errors go on to Nest.
 */
export function graphqlBodyErrors(limitBytes: number, path = '/graphql') {
  return (error: unknown, req: Request, res: Response, next: NextFunction): void => {
    if (req.path !== path || !isBodyParserError(error) || res.headersSent) return next(error);
    const { status, message, code } = bodyErrorAnswer(error, limitBytes);
    res
      .status(status)
      .type(`${responseMediaType(req.headers.accept)}; charset=utf-8`)
      .send(JSON.stringify({ errors: [{ message, extensions: { code } }] }));
  };
}
