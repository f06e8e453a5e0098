import { unwrapResolverError } from '@apollo/server/errors';
import { Logger } from '@nestjs/common';
import { GraphQLError, GraphQLFormattedError } from 'graphql';
import { randomUUID } from 'node:crypto';
import { Refusal } from '../shared/refusal';

const CONTEXT_FAILED = /^Context creation failed: /;
const TOO_MANY_TOKENS = /Document contains more tha[nt] (\d+) tokens/;

/** Refusal codes of the inner layers that clients know under a GraphQL-wide name. */
const API_CODES: Record<string, string> = { INCOMPLETE_DETAILS: 'BAD_USER_INPUT' };

/** What a client is told when the service fails: no internal text, a reference to find the detail in the log. */
export const INTERNAL_MESSAGE = 'The service could not complete this request; quote the reference when reporting it';

/** Where the detail of an internal error goes (the application's logger: JsonLogger, one JSON line). */
export type InternalErrorLog = (entry: { msg: string; reference: string; error: string; stack?: string; path?: readonly (string | number)[] }) => void;

const nestLogger = new Logger('GraphQL');
const defaultLog: InternalErrorLog = (entry) => nestLogger.error(entry);

/**
 * Every error a client sees carries a stable `extensions.code`. The desk's refusals keep their
 * own code and details; errors a client caused (parse, validation, bad variables, a bad token)
 * keep graphql's or Apollo's message. Anything else is a fault of the service: the client gets
 * INTERNAL_SERVER_ERROR with a generic message and a reference id, the log the detail under the
 * same reference. Stack traces never leave the server.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown, log: InternalErrorLog = defaultLog): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  if (original instanceof Refusal) {
    const code = API_CODES[original.code] ?? original.code;
    return { message: original.message, path: formatted.path, locations: formatted.locations, extensions: { ...original.details, code } };
  }
  const { stacktrace: _stacktrace, ...extensions } = formatted.extensions ?? {};
  // Apollo labels every validation error GRAPHQL_VALIDATION_FAILED; our query limits and bad time literals (scalars.ts) keep their own code.
  const cause = (error as { originalError?: unknown } | undefined)?.originalError;
  if (cause instanceof GraphQLError && (cause.extensions?.code === 'QUERY_TOO_COMPLEX' || cause.extensions?.code === 'BAD_USER_INPUT')) extensions.code = cause.extensions.code;
  // graphql's parser stops at maxTokens with a syntax error; it is a query limit like the others.
  const tokens = extensions.code === 'GRAPHQL_PARSE_FAILED' ? TOO_MANY_TOKENS.exec(formatted.message) : null;
  if (tokens) return { ...formatted, message: `The query has more than ${tokens[1]} tokens; parsing stopped there`, extensions: { ...extensions, code: 'QUERY_TOO_COMPLEX' } };
  const code = extensions.code;
  if (typeof code !== 'string' || code === 'INTERNAL_SERVER_ERROR') {
    const reference = randomUUID();
    const detail = original instanceof Error ? original : error instanceof Error ? error : undefined;
    log({
      msg: 'Internal error answered as INTERNAL_SERVER_ERROR',
      reference,
      error: detail ? `${detail.name}: ${detail.message}` : formatted.message,
      stack: detail?.stack,
      path: formatted.path,
    });
    return { message: INTERNAL_MESSAGE, path: formatted.path, locations: formatted.locations, extensions: { code: 'INTERNAL_SERVER_ERROR', reference } };
  }
  return { ...formatted, message: formatted.message.replace(CONTEXT_FAILED, ''), extensions };
}

/**
 * formatError's answer as a GraphQLError, which is what graphql-ws hooks hand back. graphql-ws
 * reports parse and validation errors (the client's) without a code: `beforeExecution` labels
 * those as Apollo does over HTTP; errors of execution are formatted as they are.
 */
export function formattedAsError(error: GraphQLError, beforeExecution = false): GraphQLError {
  const json = error.toJSON();
  const uncoded = json.extensions?.code === undefined && error.originalError === undefined;
  const labelled = beforeExecution && uncoded ? { ...json, extensions: { ...json.extensions, code: 'GRAPHQL_VALIDATION_FAILED' } } : json;
  const formatted = formatError(labelled, error);
  return new GraphQLError(formatted.message, { path: formatted.path, extensions: formatted.extensions });
}
