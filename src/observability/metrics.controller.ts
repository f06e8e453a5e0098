import { Controller, Get, Header } from '@nestjs/common';
import { MetricsService } from './metrics.service';
import { ProjectionMetrics } from './projection-metrics';

@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: MetricsService,
    private readonly projectionMetrics: ProjectionMetrics,
  ) {}

  @Get()
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  async scrape(): Promise<string> {
    await this.projectionMetrics.refreshGauges();
    return this.metrics.registry.metrics();
  }
}
