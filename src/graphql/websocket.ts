import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { DocumentNode, GraphQLError, GraphQLSchema, parse, specifiedRules, validate, ValidationRule } from 'graphql';
import { WebSocketServer } from 'ws';
import type { TokenVerifier } from '../auth/token-verifier';
import { WS_CLOSE, WsContext, WsLimits } from '../rate-limit/ws-limits';
import { formattedAsError } from './error-format';
import { MAX_MESSAGE_BYTES, parseOptions, queryLimitsRule, queryTooLong } from './query-limits';
import { buildRequestContext } from './request-context';

// graphql-ws publishes its `ws` adapter through package exports only, which this tsconfig's module
// resolution does not read: required at run time (as @nestjs/graphql does), typed here.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { useServer } = require('graphql-ws/use/ws') as { useServer: (options: object, wss: WebSocketServer) => { dispose(): void | Promise<void> } };

/** The init payload's authorization; not a string (an object, a number...) is a malformed token, not an anonymous caller. */
export class MalformedAuthorization extends Error {
  override readonly name = 'MalformedAuthorization';
}

export function authorizationOf(params: Record<string, unknown> | undefined): string | undefined {
  const value = params?.authorization ?? params?.Authorization;
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new MalformedAuthorization('authorization must be a string ("Bearer <token>")');
  return value;
}

/** The options of graphql-ws's server, as built by graphqlWsOptions. */
export type GraphqlWsOptions = ReturnType<typeof graphqlWsOptions>;

/**
 * The graphql-ws endpoint on the service's HTTP server, at `path`: a `ws` server whose messages are
 * limited to MAX_MESSAGE_BYTES, like an HTTP body (a bigger frame closes the socket with 1009 before
 * it is buffered whole or parsed). Made here rather than by @nestjs/graphql, which has no way to set
 * `maxPayload`. `clientAddress` tells the limits who the client is (TRUST_PROXY applies).
 * `originRefusal` says why an upgrade may not go on for its Origin (see websocketOriginRefusal in
 * src/http/cors.ts): it is refused with 403 and that reason before any WebSocket exists.
 */
export function attachGraphqlWs(
  httpServer: Server,
  schema: GraphQLSchema,
  options: GraphqlWsOptions,
  {
    path = '/graphql',
    maxPayload = MAX_MESSAGE_BYTES,
    clientAddress,
    maxSocketsPerAddress = Infinity,
    originRefusal,
  }: {
    path?: string;
    maxPayload?: number;
    clientAddress?: (req: IncomingMessage) => string | undefined;
    maxSocketsPerAddress?: number;
    originRefusal?: (req: IncomingMessage) => string | undefined;
  } = {},
): { wss: WebSocketServer; dispose(): Promise<void> } {
  const wss = new WebSocketServer({ noServer: true, path, maxPayload });
  // Sockets that have not sent connection_init yet, per address, bounded like initialised connections
  // (which the limits count at connection_init): an address cannot fill the server with idle sockets.
  const waiting = new Map<string, number>();
  const waitingSockets = new Map<object, string>();
  const settle = (socket: object) => {
    const key = waitingSockets.get(socket);
    if (key === undefined) return;
    waitingSockets.delete(socket);
    const left = (waiting.get(key) ?? 1) - 1;
    if (left <= 0) waiting.delete(key);
    else waiting.set(key, left);
  };
  const onConnect = options.onConnect;
  const disposable = useServer(
    {
      schema,
      ...options,
      onConnect: (ctx: Parameters<typeof onConnect>[0]) => {
        settle((ctx as { extra?: { socket?: object } }).extra?.socket ?? {});
        return onConnect(ctx);
      },
    },
    wss,
  );
  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== path) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const refusal = originRefusal?.(req);
    if (refusal !== undefined) {
      const body = Buffer.from(refusal, 'utf8');
      socket.end(Buffer.concat([Buffer.from(`HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${body.length}\r\n\r\n`), body]));
      return;
    }
    const address = clientAddress?.(req);
    if (address) Object.defineProperty(req, 'clientAddress', { value: address });
    const key = address ?? req.socket.remoteAddress ?? 'unknown';
    wss.handleUpgrade(req, socket, head, (ws) => {
      const count = waiting.get(key) ?? 0;
      if (count >= maxSocketsPerAddress) {
        ws.close(WS_CLOSE.TOO_MANY_CONNECTIONS.code, WS_CLOSE.TOO_MANY_CONNECTIONS.reason); // as at connection_init
        return;
      }
      waiting.set(key, count + 1);
      waitingSockets.set(ws, key);
      ws.once('close', () => settle(ws));
      wss.emit('connection', ws, req);
    });
  };
  httpServer.on('upgrade', onUpgrade);
  return {
    wss,
    async dispose() {
      httpServer.off('upgrade', onUpgrade);
      await disposable.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

/**
 * Subscriptions over graphql-ws: the token travels in the connection's init payload
 * ({ authorization: "Bearer ..." }); the same limits, error shapes and codes as over HTTP.
 */
export function graphqlWsOptions(verifier: TokenVerifier, limits: WsLimits, limitsRule: ValidationRule = queryLimitsRule()) {
  return {
    validate: (schema: GraphQLSchema, document: DocumentNode) => validate(schema, document, [...specifiedRules, limitsRule]),
    // Parsed with the same token limit as over HTTP (graphql-ws parses with this).
    parse: (source: string) => parse(source, parseOptions()),
    onSubscribe: (ctx: WsContext, _id: string, payload: { query?: string; operationName?: string | null; variables?: Record<string, unknown> | null }) => {
      const limited = limits.subscriptionRefusal(ctx, payload);
      if (limited) return limited;
      // The size limit before anything is parsed; then a parse check, so a syntax error or a document
      // over the token limit is answered as a refusal (graphql-ws would close the socket on a throw).
      const tooLong = queryTooLong(payload.query);
      if (tooLong) return [formattedAsError(tooLong, true)];
      try {
        parse(String(payload.query ?? ''), parseOptions());
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        return [formattedAsError(new GraphQLError(message, { extensions: { code: 'GRAPHQL_PARSE_FAILED' } }), true)];
      }
      return undefined;
    },
    onConnect: async (ctx: WsContext & { connectionParams?: Record<string, unknown> }) => {
      if (!limits.admit(ctx)) return false; // closed with 4429: too many connections from this address
      try {
        const authorization = authorizationOf(ctx.connectionParams); // a non-string authorization throws: 4403
        const actor = await verifier.authenticate(authorization);
        limits.expireWithToken(ctx, authorization, actor?.id); // closed with 4401 at the token's exp
        return true;
      } catch {
        limits.release(ctx);
        return false; // closes the socket with 4403 Forbidden: a bad token never gets a subscription
      }
    },
    onClose: (ctx: WsContext) => limits.release(ctx),
    onError: (_ctx: unknown, _id: string, _payload: unknown, errors: readonly GraphQLError[]) => errors.map((e) => formattedAsError(e, true)),
    onNext: (_ctx: unknown, _id: string, _payload: unknown, _args: unknown, result: { errors?: readonly GraphQLError[] }) =>
      result.errors ? { ...result, errors: result.errors.map((e) => formattedAsError(e)) } : undefined,
    // onConnect refused a malformed authorization already: here it can only be a string or absent.
    // The upgrade request's address (set by the endpoint, TRUST_PROXY applied), so a client's budgets are
    // the same whether it sends over HTTP or a socket.
    context: (ctx: { connectionParams?: Record<string, unknown>; extra?: unknown }) => {
      const request = (ctx.extra as { request?: IncomingMessage & { clientAddress?: string } } | undefined)?.request;
      return buildRequestContext(verifier, undefined, authorizationOf(ctx.connectionParams) ?? '', request?.clientAddress ?? request?.socket?.remoteAddress);
    },
  };
}
