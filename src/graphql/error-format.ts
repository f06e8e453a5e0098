import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, GraphQLFormattedError } from 'graphql';
import { Refusal } from '../shared/refusal';

const CONTEXT_FAILED = /^Context creation failed: /;

/** Refusal codes of the inner layers that clients know under a GraphQL-wide name. */
const API_CODES: Record<string, string> = { INCOMPLETE_DETAILS: 'BAD_USER_INPUT' };

/**
 * Every error a client sees carries a stable `extensions.code`. The desk's refusals keep their
 * own code and details; stack traces never leave the server.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  if (original instanceof Refusal) {
    const code = API_CODES[original.code] ?? original.code;
    return { message: original.message, path: formatted.path, locations: formatted.locations, extensions: { ...original.details, code } };
  }
  const { stacktrace: _stacktrace, ...extensions } = formatted.extensions ?? {};
  // Apollo labels every validation error GRAPHQL_VALIDATION_FAILED; our query limits keep their own code.
  const cause = (error as { originalError?: unknown } | undefined)?.originalError;
  if (cause instanceof GraphQLError && cause.extensions?.code === 'QUERY_TOO_COMPLEX') extensions.code = 'QUERY_TOO_COMPLEX';
  return { ...formatted, message: formatted.message.replace(CONTEXT_FAILED, ''), extensions };
}

/** formatError's answer as a GraphQLError, which is what graphql-ws hooks hand back. */
export function formattedAsError(error: GraphQLError): GraphQLError {
  const formatted = formatError(error.toJSON(), error);
  return new GraphQLError(formatted.message, { path: formatted.path, extensions: formatted.extensions });
}
