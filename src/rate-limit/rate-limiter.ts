import { Injectable } from '@nestjs/common';
import { InjectThrottlerOptions, InjectThrottlerStorage, normalizeIp, ThrottlerModuleOptions, ThrottlerStorage } from '@nestjs/throttler';
import { BoundedThrottlerStorage } from './bounded-storage';
import { ACTOR_THROTTLER, ADDRESS_THROTTLER, RateLimitSettings } from './rate-limit.settings';

/** Who is charged: the client address always, and the verified actor when there is one. */
export interface Caller {
  address: string | undefined;
  actorId?: string;
}

/** A request over budget: what to tell the client. */
export interface RateLimited {
  message: string;
  retryAfterSeconds: number;
}

/**
 * The budgets, on @nestjs/throttler's storage (the bounded one): per actor (the token's subject; an
 * anonymous caller is its address) and per client address, `points` per window each. A request is
 * charged its cost against both; one over budget is refused and spends nothing more.
 */
@Injectable()
export class RateLimiter {
  readonly settings: RateLimitSettings;
  private readonly buckets: BoundedThrottlerStorage;

  constructor(@InjectThrottlerOptions() options: ThrottlerModuleOptions, @InjectThrottlerStorage() storage: ThrottlerStorage) {
    if (!(storage instanceof BoundedThrottlerStorage)) throw new Error('RateLimiter needs the BoundedThrottlerStorage');
    this.buckets = storage;
    this.settings = (options as unknown as { settings: RateLimitSettings }).settings;
  }

  /** Charges `cost` points; undefined when allowed, else why not and when to come back. */
  charge(caller: Caller, cost: number): RateLimited | undefined {
    const { windowMs, actorPoints, addressPoints } = this.settings;
    const address = `address:${normalizeIp(caller.address ?? 'unknown')}`;
    const actor = caller.actorId !== undefined ? `actor:${caller.actorId}` : address;
    const checks = [
      { key: `${ACTOR_THROTTLER}:${actor}`, limit: actorPoints, who: caller.actorId !== undefined ? 'this actor' : 'this anonymous client' },
      { key: `${ADDRESS_THROTTLER}:${address}`, limit: addressPoints, who: 'this client address' },
    ];
    for (const check of checks) {
      const charge = this.buckets.charge(check.key, cost, check.limit, windowMs);
      if (!charge.allowed) {
        return {
          retryAfterSeconds: charge.retryAfterSeconds,
          message:
            `Too many requests: ${check.who} may spend ${check.limit} points per ${Math.round(windowMs / 1000)} s (this request costs ${cost}); ` +
            `try again in ${charge.retryAfterSeconds} s`,
        };
      }
    }
    return undefined;
  }
}
