import { unwrapResolverError } from '@apollo/server/errors';
import { Logger } from '@nestjs/common';
import { GraphQLError, GraphQLFormattedError, Kind } from 'graphql';
import { randomUUID } from 'node:crypto';
import { Refusal } from '../shared/refusal';

const CONTEXT_FAILED = /^Context creation failed: /;
const TOO_MANY_TOKENS = /Document contains more tha[nt] (\d+) tokens/;

/** Refusal codes of the inner layers that clients know under a GraphQL-wide name. */
const API_CODES: Record<string, string> = { INCOMPLETE_DETAILS: 'BAD_USER_INPUT' };

/** The code a refusal is answered with. */
export function apiCode(code: string): string {
  return API_CODES[code] ?? code;
}

/**
 * One problem of a BAD_USER_INPUT error: where, from the field's arguments down (`["input",
 * "appearances", 0, "url"]`; for a variable graphql could not coerce, the variable's name first),
 * and what is wrong there. `path: []` means the request as a whole.
 */
export interface InputProblem {
  path: (string | number)[];
  message: string;
}

/** "claimant.name", "appearances.0.url" or "ids[1]" (class-validator's and the refusals' `field`) as a path: ["ids", 1]. */
export function pathOf(field: string): (string | number)[] {
  return field === '' ? [] : field.replace(/\[(\d+)\]/g, '.$1').split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

const isInputProblem = (value: unknown): value is InputProblem =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as InputProblem).message === 'string' &&
  Array.isArray((value as InputProblem).path) &&
  (value as InputProblem).path.every((part) => typeof part === 'string' || typeof part === 'number');

// graphql-js: 'Variable "$input" got invalid value 5 at "input.claimant.name"; String cannot represent...'.
// Inside the printed value every '"' is escaped, so ' at "' can only be graphql's own.
const VARIABLE_PROBLEM = /^Variable "\$(\w+)" (?:got|has) invalid value .*? at "(\w+(?:\.\w+|\[\d+\])*)"; (.*)$/s;
const VARIABLE_WHOLE = /^Variable "\$(\w+)" (?:got|has) invalid value .*?; (.*)$/s;
const VARIABLE_MISSING = /^Variable "\$(\w+)" of (?:required|non-null) type /;
const FIELD_NAMED = /^Field "(\w+)" (?:of required type .* was not provided|is not defined by type )/;

/** Where a variable-coercion message of graphql-js points, as a path from the variable's name. */
function variableProblem(message: string): InputProblem | null {
  const at = VARIABLE_PROBLEM.exec(message);
  const whole = at ? null : VARIABLE_WHOLE.exec(message);
  if (at || whole) {
    const [path, problem] = at ? [at[2], at[3]] : [whole![1], whole![2]];
    const named = FIELD_NAMED.exec(problem);
    return { path: [...pathOf(path), ...(named ? [named[1]] : [])], message: problem };
  }
  const missing = VARIABLE_MISSING.exec(message);
  return missing ? { path: [missing[1]], message } : null;
}

/**
 * The `fields` of any BAD_USER_INPUT answer, whichever layer refused: the pipe's and the refusal
 * filter's own list; the single `field` of a refusal raised outside a resolver; the place graphql
 * names in a variable it could not coerce; else the request as a whole. Never empty.
 */
export function inputProblems(extensions: Record<string, unknown>, message: string): InputProblem[] {
  const { fields, field } = extensions;
  if (Array.isArray(fields) && fields.length > 0 && fields.every(isInputProblem)) return fields;
  if (typeof field === 'string') return [{ path: pathOf(field), message }];
  const variable = variableProblem(message);
  return [variable ?? { path: [], message }];
}

const PERSISTED_QUERY_ERRORS: Record<string, { code: string; message: string }> = {
  'provided sha does not match query': {
    code: 'PERSISTED_QUERY_HASH_MISMATCH',
    message: "The persisted query's sha256Hash is not the SHA-256 of the query sent with it",
  },
  'Unsupported persisted query version': {
    code: 'PERSISTED_QUERY_NOT_SUPPORTED',
    message: 'Only version 1 of automatic persisted queries is supported',
  },
};

/**
 * A variable graphql could not coerce (a wrong type, a required one missing, an unknown input field, a
 * scalar's refusal): the client's input, BAD_USER_INPUT. graphql-js gives these no code; Apollo labels them
 * over HTTP by this same test (its requestPipeline's isBadUserInputGraphQLError), graphql-ws not at all, so
 * formatError labels them for both transports.
 */
export function isVariableCoercionError(error: unknown): boolean {
  if (!(error instanceof GraphQLError) || error.nodes?.length !== 1) return false;
  const [node] = error.nodes;
  if (node.kind !== Kind.VARIABLE_DEFINITION) return false;
  const name = node.variable.name.value;
  return [`Variable "$${name}" got invalid value `, `Variable "$${name}" has invalid value`, `Variable "$${name}" of required type `, `Variable "$${name}" of non-null type `].some((prefix) =>
    error.message.startsWith(prefix),
  );
}

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
    const code = apiCode(original.code);
    const extensions: Record<string, unknown> = { ...original.details, code };
    if (code === 'BAD_USER_INPUT') extensions.fields = inputProblems(original.details, original.message);
    return { message: original.message, path: formatted.path, locations: formatted.locations, extensions };
  }
  const { stacktrace: _stacktrace, ...extensions } = formatted.extensions ?? {};
  if (extensions.code === undefined && isVariableCoercionError(error)) extensions.code = 'BAD_USER_INPUT';
  // Apollo's automatic persisted queries raise these without a code of their own (Apollo would say INTERNAL_SERVER_ERROR).
  const persisted = error instanceof GraphQLError && !error.originalError ? PERSISTED_QUERY_ERRORS[formatted.message] : undefined;
  if (persisted) return { message: persisted.message, extensions: { code: persisted.code } };
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
  const message = formatted.message.replace(CONTEXT_FAILED, '');
  if (code === 'BAD_USER_INPUT') extensions.fields = inputProblems(extensions, message);
  return { ...formatted, message, extensions };
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
