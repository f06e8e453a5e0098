import type { ApolloServerPlugin } from '@apollo/server';

export const GRAPHQL_RESPONSE_JSON = 'application/graphql-response+json';

/**
 * Request errors of a well-formed request: the document does not parse or validate, a variable does
 * not coerce, a persisted query is unknown. No `data`, nothing executed. The GraphQL-over-HTTP spec
 * answers them 200 for `application/json` (older clients read the body only on 200) and 4xx for
 * `application/graphql-response+json`. QUERY_TOO_COMPLEX and PERSISTED_QUERY_HASH_MISMATCH are not
 * here: they are refusals of the request itself and answer 400 whatever the client accepts.
 */
const REQUEST_ERRORS = new Set(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT', 'PERSISTED_QUERY_NOT_FOUND', 'PERSISTED_QUERY_NOT_SUPPORTED']);

interface MediaRange {
  type: string;
  q: number;
  order: number;
}

function mediaRanges(accept: string): MediaRange[] {
  return accept.split(',').map((part, order) => {
    const [type, ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    const q = params.find((p) => p.startsWith('q='));
    const quality = q === undefined ? 1 : Number(q.slice(2));
    return { type, q: Number.isFinite(quality) ? quality : 0, order };
  });
}

/**
 * The media type Apollo answers with (its own negotiation: application/json without an Accept header,
 * else the acceptable one with the highest quality, the Accept header's order breaking ties).
 */
export function responseMediaType(accept: string | undefined): 'application/json' | typeof GRAPHQL_RESPONSE_JSON {
  if (!accept) return 'application/json';
  const ranges = mediaRanges(accept);
  const quality = (type: string) => {
    const [major] = type.split('/');
    const match = ranges.filter((r) => r.type === type || r.type === `${major}/*` || r.type === '*/*').sort((a, b) => b.type.length - a.type.length || a.order - b.order)[0];
    return match ? { q: match.q, order: match.order } : { q: 0, order: Infinity };
  };
  const json = quality('application/json');
  const graphql = quality(GRAPHQL_RESPONSE_JSON);
  if (graphql.q > json.q || (graphql.q === json.q && graphql.q > 0 && graphql.order < json.order)) return GRAPHQL_RESPONSE_JSON;
  return 'application/json';
}

/** The status a response without `data` whose errors are all request errors gets; undefined leaves Apollo's. */
export function requestErrorStatus(codes: readonly unknown[], accept: string | undefined): number | undefined {
  if (codes.length === 0 || !codes.every((code) => typeof code === 'string' && REQUEST_ERRORS.has(code))) return undefined;
  return responseMediaType(accept) === GRAPHQL_RESPONSE_JSON ? 400 : 200;
}

/**
 * Sets the HTTP status of request errors by the media type of the answer (see REQUEST_ERRORS).
 * Everything else keeps its status: 401, 429 with Retry-After, 400 for a malformed request, and
 * 200 once anything executed.
 */
export function httpStatusPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ request, response }) {
          if (response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          if (result.data !== undefined || !result.errors) return;
          const status = requestErrorStatus(
            result.errors.map((e) => e.extensions?.code),
            request.http?.headers.get('accept'),
          );
          if (status !== undefined) response.http.status = status;
        },
      };
    },
  };
}
