import { Global, Module } from '@nestjs/common';
import { HealthController } from './health.controller';
import { MetricsController } from './metrics.controller';
import { MetricsService } from './metrics.service';
import { OperatorAccess } from './operator-access';
import { ProjectionMetrics } from './projection-metrics';

/** What operators watch: GET /health/live, /health/ready (also at /health) and the Prometheus metrics at GET /metrics. */
@Global()
@Module({
  providers: [MetricsService, ProjectionMetrics, OperatorAccess],
  controllers: [HealthController, MetricsController],
  exports: [MetricsService],
})
export class ObservabilityModule {}
