import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { BoundedThrottlerStorage } from './bounded-storage';
import { HttpThrottlerGuard } from './http-throttler.guard';
import { RateLimiter } from './rate-limiter';
import { ACTOR_THROTTLER, ADDRESS_THROTTLER, rateLimitSettings } from './rate-limit.settings';

/**
 * Rate limits, from the configuration: the budgets (RateLimiter, on @nestjs/throttler with a bounded
 * storage), the guard of the HTTP routes, and (exported) the limiter the GraphQL plugin charges.
 */
@Global()
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => {
        const settings = rateLimitSettings(config);
        return {
          throttlers: [
            { name: ACTOR_THROTTLER, limit: settings.actorPoints, ttl: settings.windowMs },
            { name: ADDRESS_THROTTLER, limit: settings.addressPoints, ttl: settings.windowMs },
          ],
          // two budgets per client (its actor, its address): room for RATE_LIMIT_TRACKED_CLIENTS of each
          storage: new BoundedThrottlerStorage(settings.trackedClients * 2),
          settings,
        };
      },
    }),
  ],
  providers: [RateLimiter, { provide: APP_GUARD, useClass: HttpThrottlerGuard }],
  exports: [RateLimiter],
})
export class RateLimitModule {}
