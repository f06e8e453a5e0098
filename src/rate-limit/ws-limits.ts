import type { IncomingMessage } from 'node:http';
import { FragmentDefinitionNode, GraphQLError, Kind, OperationDefinitionNode, parse } from 'graphql';
import { decodeJwt } from 'jose';
import { normalizeIp } from '@nestjs/throttler';
import { operationCost } from './operation-cost';
import type { RateLimiter } from './rate-limiter';
import type { RateLimitSettings } from './rate-limit.settings';

/** Close codes of the WebSocket (graphql-ws) endpoint, beside graphql-ws's own (4400, 4403, 4408...). */
export const WS_CLOSE = {
  /** The connection's token expired: reconnect with a fresh one. */
  TOKEN_EXPIRED: { code: 4401, reason: 'Token expired' },
  /** The client address already holds WS_MAX_CONNECTIONS_PER_ADDRESS connections. */
  TOO_MANY_CONNECTIONS: { code: 4429, reason: 'Too many connections from this address' },
} as const;

/** The part of a graphql-ws context these limits use (the `ws` server's extra: socket and upgrade request). */
export interface WsContext {
  subscriptions: Record<string, unknown>;
  extra?: unknown;
}

interface WsExtra {
  socket?: { close(code: number, reason: string): void };
  request?: IncomingMessage;
}

const extraOf = (ctx: WsContext): WsExtra => (ctx.extra ?? {}) as WsExtra;

/** Longer queries are not parsed here (the size limit refuses them): they cost 1. */
const MAX_PRICED_QUERY = 100_000;

/** setTimeout takes at most 2^31-1 ms (about 24.8 days); a longer delay would fire at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Limits of the WebSocket endpoint: open connections per client address, active subscriptions per
 * connection, and the connection's life ends at its token's expiry (closed with 4401). Memory is
 * bounded by the open connections: an address's count is dropped when its last connection closes.
 */
export class WsLimits {
  private readonly perAddress = new Map<string, number>();
  private readonly admitted = new WeakMap<object, { address: string; actorId?: string; timer?: NodeJS.Timeout }>();
  private readonly settings: RateLimitSettings;

  /** With the limiter, every operation over the socket is also charged to the caller's budgets, as over HTTP. */
  constructor(private readonly limiter: RateLimiter) {
    this.settings = limiter.settings;
  }

  /** Open connections of an address (for tests and metrics). */
  connectionsOf(address: string): number {
    return this.perAddress.get(normalizeIp(address)) ?? 0;
  }

  /** Counts the connection in; false (and the socket closed with 4429) when its address is at the limit. */
  admit(ctx: WsContext): boolean {
    if (this.admitted.has(ctx)) return true;
    // The client's address as Express sees it (TRUST_PROXY applies), set on the upgrade request by the endpoint.
    const request = extraOf(ctx).request as (IncomingMessage & { clientAddress?: string }) | undefined;
    const address = normalizeIp(request?.clientAddress ?? request?.socket?.remoteAddress ?? 'unknown');
    const open = this.perAddress.get(address) ?? 0;
    if (open >= this.settings.wsConnectionsPerAddress) {
      extraOf(ctx).socket?.close(WS_CLOSE.TOO_MANY_CONNECTIONS.code, WS_CLOSE.TOO_MANY_CONNECTIONS.reason);
      return false;
    }
    this.perAddress.set(address, open + 1);
    this.admitted.set(ctx, { address });
    return true;
  }

  /** Closes the socket with 4401 when the (already verified) token expires; its operations are charged to `actorId`. */
  expireWithToken(ctx: WsContext, authorization: string | undefined, actorId?: string): void {
    const entry = this.admitted.get(ctx);
    if (entry) entry.actorId = actorId;
    const token = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
    if (!entry || !token) return; // anonymous: nothing expires
    const exp = decodeJwt(token).exp;
    if (typeof exp !== 'number') return;
    const arm = () => {
      const left = exp * 1000 - Date.now();
      if (left <= 0) {
        entry.timer = undefined;
        extraOf(ctx).socket?.close(WS_CLOSE.TOKEN_EXPIRED.code, WS_CLOSE.TOKEN_EXPIRED.reason);
        return;
      }
      entry.timer = setTimeout(arm, Math.min(left, MAX_TIMER_MS));
      entry.timer.unref?.();
    };
    arm();
  }

  /**
   * A refusal for an operation beyond the connection's subscription limit (the new one is already
   * counted in ctx.subscriptions), or over the caller's budget: a query sent over the socket costs
   * what it costs over HTTP (a subscription costs 1 when it starts).
   */
  subscriptionRefusal(ctx: WsContext, payload?: { query?: unknown; operationName?: unknown; variables?: unknown }): GraphQLError[] | undefined {
    const active = Object.keys(ctx.subscriptions).length;
    if (active > this.settings.wsSubscriptionsPerConnection) {
      return [
        new GraphQLError(`This connection already has ${this.settings.wsSubscriptionsPerConnection} active subscriptions, the most allowed: complete one first`, {
          extensions: { code: 'RATE_LIMITED' },
        }),
      ];
    }
    const entry = this.admitted.get(ctx);
    if (!entry || typeof payload?.query !== 'string') return undefined;
    let cost = 1;
    if (payload.query.length <= MAX_PRICED_QUERY) try {
      const document = parse(payload.query, { noLocation: true, maxTokens: 20_000 });
      const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
      const operation = operations.find((o) => o.name?.value === payload.operationName) ?? operations[0];
      const fragments: Record<string, FragmentDefinitionNode> = {};
      for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
      const variables = payload.variables && typeof payload.variables === 'object' ? (payload.variables as Record<string, unknown>) : {};
      if (operation) cost = operationCost(operation, fragments, variables, this.settings);
    } catch {
      // not parsable: graphql-ws answers the syntax error itself; it still costs 1
    }
    const limited = this.limiter.charge({ address: entry.address, actorId: entry.actorId }, cost);
    if (!limited) return undefined;
    return [new GraphQLError(limited.message, { extensions: { code: 'RATE_LIMITED', retryAfterSeconds: limited.retryAfterSeconds } })];
  }

  /** The connection closed: its count and timer go. Safe to call more than once. */
  release(ctx: WsContext): void {
    const entry = this.admitted.get(ctx);
    if (!entry) return;
    this.admitted.delete(ctx);
    if (entry.timer) clearTimeout(entry.timer);
    const open = (this.perAddress.get(entry.address) ?? 1) - 1;
    if (open <= 0) this.perAddress.delete(entry.address);
    else this.perAddress.set(entry.address, open);
  }
}
