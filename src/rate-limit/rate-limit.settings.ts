import type { AppConfig } from '../config/app-config';
import type { CostRules } from './operation-cost';

export const ACTOR_THROTTLER = 'actor';
export const ADDRESS_THROTTLER = 'address';

/** The rate-limit part of the configuration, as the guard and the WebSocket limits use it. */
export interface RateLimitSettings extends CostRules {
  windowMs: number;
  actorPoints: number;
  addressPoints: number;
  trackedClients: number;
  wsConnectionsPerAddress: number;
  wsSubscriptionsPerConnection: number;
}

export function rateLimitSettings(config: AppConfig): RateLimitSettings {
  return {
    windowMs: config.RATE_LIMIT_WINDOW_SECONDS * 1000,
    actorPoints: config.RATE_LIMIT_ACTOR_POINTS,
    addressPoints: config.RATE_LIMIT_ADDRESS_POINTS,
    searchCost: config.RATE_LIMIT_SEARCH_COST,
    auditCost: config.RATE_LIMIT_AUDIT_COST,
    trackedClients: config.RATE_LIMIT_TRACKED_CLIENTS,
    wsConnectionsPerAddress: config.WS_MAX_CONNECTIONS_PER_ADDRESS,
    wsSubscriptionsPerConnection: config.WS_MAX_SUBSCRIPTIONS_PER_CONNECTION,
  };
}
