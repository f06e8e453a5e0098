import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { Response } from 'express';
import { EVENT_STORE, EventStore } from '../event-store/event-store.port';

@Controller('health')
export class HealthController {
  private readonly startedAt = Date.now();

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /** 200 while the event store answers, 503 otherwise, so a load balancer takes the instance out. */
  @Get()
  async health(@Res({ passthrough: true }) res: Response) {
    const eventStore = await this.store.health();
    res.status(eventStore.reachable ? 200 : 503);
    return {
      status: eventStore.reachable ? 'ok' : 'unavailable',
      uptimeSeconds: Math.round((Date.now() - this.startedAt) / 1000),
      eventStore,
    };
  }
}
