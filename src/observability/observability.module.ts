import { Global, Module } from '@nestjs/common';
import { HealthController } from './health.controller';
import { MetricsController } from './metrics.controller';
import { MetricsService } from './metrics.service';
import { OperatorAccess } from './operator-access';
import { ProjectionMetrics } from './projection-metrics';
import { TransparencyLogModule } from '../transparency-log/transparency-log.module';

/** What operators watch: GET /health/live, /health/ready (also at /health) and the Prometheus metrics at GET /metrics. */
@Global()
@Module({
  imports: [TransparencyLogModule],
  providers: [MetricsService, ProjectionMetrics, OperatorAccess],
  controllers: [HealthController, MetricsController],
  exports: [MetricsService],
})
export class ObservabilityModule {}
