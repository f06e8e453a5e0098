import { Global, Module } from '@nestjs/common';
import { HealthController } from './health.controller';
import { MetricsController } from './metrics.controller';
import { MetricsService } from './metrics.service';
import { ProjectionMetrics } from './projection-metrics';

/** What operators watch: GET /health and the Prometheus metrics at GET /metrics. */
@Global()
@Module({
  providers: [MetricsService, ProjectionMetrics],
  controllers: [HealthController, MetricsController],
  exports: [MetricsService],
})
export class ObservabilityModule {}
