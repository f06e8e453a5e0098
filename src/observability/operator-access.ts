import { Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { timingSafeEqual } from 'node:crypto';
import { TokenVerifier } from '../auth/token-verifier';
import { APP_CONFIG, AppConfig } from '../config/app-config';

/**
 * Who may read how busy the desk is (/metrics, the details of /health/ready): a caller presenting
 * METRICS_TOKEN as a bearer token (what a Prometheus scraper is given), or an admin's JWT.
 */
@Injectable()
export class OperatorAccess {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly verifier: TokenVerifier,
  ) {}

  async isOperator(req: Request): Promise<boolean> {
    const header = req.headers.authorization;
    if (typeof header !== 'string' || !/^Bearer \S+$/i.test(header)) return false;
    const presented = header.slice('Bearer '.length);
    const expected = this.config.METRICS_TOKEN;
    if (expected !== undefined && sameSecret(presented, expected)) return true;
    try {
      const actor = await this.verifier.authenticate(header);
      return actor?.roles.includes('admin') ?? false;
    } catch {
      return false;
    }
  }
}

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
