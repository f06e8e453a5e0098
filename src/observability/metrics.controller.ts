import { Controller, Get, Header, Req, UnauthorizedException } from '@nestjs/common';
import type { Request } from 'express';
import { MetricsService } from './metrics.service';
import { OperatorAccess } from './operator-access';
import { ProjectionMetrics } from './projection-metrics';

@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: MetricsService,
    private readonly projectionMetrics: ProjectionMetrics,
    private readonly operators: OperatorAccess,
  ) {}

  /** Prometheus metrics, for operators only: `Authorization: Bearer <METRICS_TOKEN>` or an admin JWT; 401 otherwise. */
  @Get()
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  async scrape(@Req() req: Request): Promise<string> {
    if (!(await this.operators.isOperator(req))) {
      throw new UnauthorizedException('GET /metrics needs Authorization: Bearer <METRICS_TOKEN> or an admin token');
    }
    await this.projectionMetrics.refreshGauges();
    return this.metrics.registry.metrics();
  }
}
