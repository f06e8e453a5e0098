import { Injectable } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

interface Bucket {
  spent: number;
  windowEndsAt: number;
}

/** What a charge answered: whether it was allowed, and when the window starts afresh. */
export interface Charge {
  allowed: boolean;
  spent: number;
  retryAfterSeconds: number;
}

/**
 * A fixed-window point counter per key, O(1) per charge and bounded in memory: at most `capacity`
 * keys are remembered, the least recently charged forgotten first (a Map keeps insertion order, so
 * re-inserting on each charge makes it an LRU). A forgotten client starts a fresh window, which
 * only ever errs on the client's side; nobody can grow the map by inventing addresses or subjects.
 * (The library's default storage keeps one timestamp per hit and sweeps once a minute: O(limit).)
 */
@Injectable()
export class BoundedThrottlerStorage implements ThrottlerStorage {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly capacity = 100_000, private readonly now: () => number = Date.now) {}

  get size(): number {
    return this.buckets.size;
  }

  /** Spends `cost` points of `limit` in the window of `ttlMs` for `key`, unless that would go over. */
  charge(key: string, cost: number, limit: number, ttlMs: number): Charge {
    const now = this.now();
    let bucket = this.buckets.get(key);
    if (bucket) this.buckets.delete(key);
    if (!bucket || bucket.windowEndsAt <= now) bucket = { spent: 0, windowEndsAt: now + ttlMs };
    this.buckets.set(key, bucket);
    if (this.buckets.size > this.capacity) this.buckets.delete(this.buckets.keys().next().value as string);
    const allowed = bucket.spent + cost <= limit;
    if (allowed) bucket.spent += cost;
    return { allowed, spent: bucket.spent, retryAfterSeconds: Math.max(1, Math.ceil((bucket.windowEndsAt - now) / 1000)) };
  }

  /** The library's interface (one point per hit), for anything that uses the storage the library's way. */
  async increment(key: string, ttl: number, limit: number, _blockDuration: number, throttlerName: string): Promise<ThrottlerStorageRecord> {
    const charge = this.charge(`${throttlerName}:${key}`, 1, limit, ttl);
    const seconds = charge.retryAfterSeconds;
    return { totalHits: charge.allowed ? charge.spent : limit + 1, timeToExpire: seconds, isBlocked: !charge.allowed, timeToBlockExpire: charge.allowed ? 0 : seconds };
  }
}
