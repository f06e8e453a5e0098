import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { EVENT_STORE, EventStore } from '../event-store/event-store.port';
import { ReadModelsService } from '../projections/read-models.service';
import { TransparencyLogService } from '../transparency-log/application/transparency-log.service';
import { OperatorAccess } from './operator-access';

@Controller('health')
export class HealthController {
  private readonly startedAt = Date.now();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly readModels: ReadModelsService,
    private readonly operators: OperatorAccess,
    private readonly transparencyLog: TransparencyLogService,
  ) {}

  /** Liveness: the process answers. Touches neither the event store nor the read models; no details. */
  @Get('live')
  live() {
    return { status: 'ok' };
  }

  /**
   * Readiness: 200 while the event store answers and the read models are running, 503 otherwise,
   * so a load balancer takes the instance out. The details (event store, projections, lag) only for
   * operators (METRICS_TOKEN or an admin JWT); anyone else gets the status alone.
   */
  @Get('ready')
  ready(@Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return this.readiness(req, res);
  }

  /** The readiness check, where load balancers already look. */
  @Get()
  health(@Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return this.readiness(req, res);
  }

  /**
   * One look at the store serves both halves of the answer. A store that answers but cannot be
   * used (a server below the supported version) and read models that failed (a projection bug, a
   * checkpoint that is not in this store's log) make the instance unready at once: neither mends by
   * waiting. The reasons (`eventStore.unusable`, `projections.error`) are for operators only.
   */
  private async readiness(req: Request, res: Response) {
    const [eventStore, operator] = await Promise.all([this.store.health(), this.operators.isOperator(req)]);
    const projections = await this.readModels.health(eventStore);
    const ok = eventStore.reachable && !eventStore.unusable && projections.status !== 'failed';
    res.status(ok ? 200 : 503);
    const status = ok ? 'ok' : 'unavailable';
    if (!operator) return { status };
    // The transparency log does not decide readiness: a stopped log leaves the desk's reads and writes intact.
    return { status, uptimeSeconds: Math.round((Date.now() - this.startedAt) / 1000), eventStore, projections, transparencyLog: this.transparencyLog.health() };
  }
}
