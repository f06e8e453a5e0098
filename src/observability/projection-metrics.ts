import { Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { ReadModelsService } from '../projections/read-models.service';
import { MetricsService } from './metrics.service';

/**
 * The read models' metrics. Observability follows the projections (their batch reports, their
 * health); the projections know nothing of metrics, so the two folders do not import each other.
 */
@Injectable()
export class ProjectionMetrics implements OnModuleInit, OnModuleDestroy {
  private unsubscribe?: () => void;

  constructor(
    private readonly metrics: MetricsService,
    private readonly readModels: ReadModelsService,
  ) {}

  onModuleInit(): void {
    this.unsubscribe = this.readModels.batches.subscribe(({ events, lastRecordedAt }) => {
      this.metrics.eventsApplied.inc(events);
      this.metrics.projectionDelay.observe(Math.max(0, (Date.now() - lastRecordedAt.getTime()) / 1000));
    });
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
  }

  /** Gauges are read at scrape time: lag, checkpoint and the log's position. */
  async refreshGauges(): Promise<void> {
    const health = await this.readModels.health();
    this.metrics.projectionLag.set(health.lagSeconds);
    if (health.checkpoint !== null) this.metrics.projectionCheckpoint.set(health.checkpoint);
    if (health.logPosition !== null) this.metrics.logPosition.set(health.logPosition);
  }
}
