import { ExecutionContext, HttpException, HttpStatus, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlContextType } from '@nestjs/graphql';
import { InjectThrottlerOptions, InjectThrottlerStorage, ThrottlerGuard, ThrottlerModuleOptions, ThrottlerStorage } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { RateLimiter } from './rate-limiter';

const HEALTH = /^\/health(\/|$)/;

/**
 * @nestjs/throttler's guard for the plain HTTP routes (ClaimReview, metrics...): one point per
 * request against the same budgets as GraphQL, 429 with Retry-After and `code: "RATE_LIMITED"`.
 * Health checks are never limited. GraphQL operations are charged by graphql-rate-limit.plugin.ts
 * (once per operation, at its cost), so this guard lets them through.
 */
@Injectable()
export class HttpThrottlerGuard extends ThrottlerGuard {
  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    reflector: Reflector,
    private readonly limiter: RateLimiter,
  ) {
    super(options, storage, reflector);
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType<GqlContextType>() !== 'http') return true;
    if (await this.shouldSkip(context)) return true;
    const { req, res } = this.getRequestResponse(context) as { req: Request; res: Response };
    const limited = this.limiter.charge({ address: req.ip ?? req.socket?.remoteAddress }, 1);
    if (!limited) return true;
    this.setResponseHeader(res, 'Retry-After', limited.retryAfterSeconds);
    throw new HttpException(
      { statusCode: HttpStatus.TOO_MANY_REQUESTS, code: 'RATE_LIMITED', message: limited.message, retryAfterSeconds: limited.retryAfterSeconds },
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }

  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<Request>();
    return HEALTH.test(req.path ?? req.url ?? '');
  }
}
