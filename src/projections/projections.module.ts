import { Global, Module } from '@nestjs/common';
import { MetricsController } from '../observability/metrics.controller';
import { MetricsService } from '../observability/metrics.service';
import { ReadModelsService } from './read-models.service';

/** The projection runner and its read-model files, plus the metrics that watch them. */
@Global()
@Module({
  providers: [MetricsService, ReadModelsService],
  controllers: [MetricsController],
  exports: [MetricsService, ReadModelsService],
})
export class ProjectionsModule {}
