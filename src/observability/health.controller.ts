import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { Response } from 'express';
import { EVENT_STORE, EventStore } from '../event-store/event-store.port';
import { ReadModelsService } from '../projections/read-models.service';

@Controller('health')
export class HealthController {
  private readonly startedAt = Date.now();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly readModels: ReadModelsService,
  ) {}

  /**
   * 200 while the event store answers and the read models are running, 503 otherwise, so a load
   * balancer takes the instance out. Projection lag is reported either way.
   */
  @Get()
  async health(@Res({ passthrough: true }) res: Response) {
    const [eventStore, projections] = await Promise.all([this.store.health(), this.readModels.health()]);
    const ok = eventStore.reachable && projections.status !== 'failed';
    res.status(ok ? 200 : 503);
    return {
      status: ok ? 'ok' : 'unavailable',
      uptimeSeconds: Math.round((Date.now() - this.startedAt) / 1000),
      eventStore,
      projections,
    };
  }
}
