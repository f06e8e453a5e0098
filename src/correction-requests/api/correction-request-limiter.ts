import { Inject, Injectable } from '@nestjs/common';
import { InjectThrottlerStorage, normalizeIp, ThrottlerStorage } from '@nestjs/throttler';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { BoundedThrottlerStorage } from '../../rate-limit/bounded-storage';
import { Refusal } from '../../shared/refusal';

/**
 * A budget of its own for correction requests, per client address, on the rate limiter's bounded
 * storage: an anonymous write that lands in the event log for good deserves a far smaller budget
 * than reads (CORRECTION_REQUESTS_PER_ADDRESS per CORRECTION_REQUEST_WINDOW_SECONDS). The general
 * budgets (src/rate-limit) still charge the operation as well.
 */
@Injectable()
export class CorrectionRequestLimiter {
  private readonly buckets: BoundedThrottlerStorage;

  constructor(@InjectThrottlerStorage() storage: ThrottlerStorage, @Inject(APP_CONFIG) private readonly config: AppConfig) {
    if (!(storage instanceof BoundedThrottlerStorage)) throw new Error('CorrectionRequestLimiter needs the BoundedThrottlerStorage');
    this.buckets = storage;
  }

  /** Charges one request to the address, or refuses with RATE_LIMITED (nothing decided, nothing written). */
  charge(address: string | undefined): void {
    const limit = this.config.CORRECTION_REQUESTS_PER_ADDRESS;
    const windowSeconds = this.config.CORRECTION_REQUEST_WINDOW_SECONDS;
    const charge = this.buckets.charge(`correction-request:address:${normalizeIp(address ?? 'unknown')}`, 1, limit, windowSeconds * 1000);
    if (charge.allowed) return;
    throw new Refusal(
      'RATE_LIMITED',
      `Too many correction requests: this client address may make ${limit} per ${windowSeconds} s; try again in ${charge.retryAfterSeconds} s`,
      { retryAfterSeconds: charge.retryAfterSeconds },
    );
  }
}
