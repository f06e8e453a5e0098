import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { join } from 'node:path';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { EVENT_STORE, EventStore } from '../event-store/event-store.port';
import { MetricsService } from '../observability/metrics.service';
import { ActivityProjection } from '../audit/activity/activity.projection';
import { ClaimsProjection } from '../claims/read-model/claims.projection';
import type Database from 'better-sqlite3';
import { Change } from './projection';
import { ReadModelTimeout } from './projection-runner';
import { ReadModelGenerations, RebuildReport } from './read-model-generations';

export const READ_MODELS_DIR = 'read-models';
/** Every projection of the service; each generation gets fresh instances. */
export const allProjections = () => [new ClaimsProjection(), new ActivityProjection()];

export interface ProjectionHealth {
  status: string;
  checkpoint: number | null;
  logPosition: number | null;
  caughtUp: boolean;
  lagSeconds: number;
  eventsApplied: number;
  rebuilding: boolean;
  error?: string;
}

/**
 * The read models of this instance: kept current from the event store's subscription (never from
 * the in-process EventBus), queried by the read side, awaited by mutations for read-your-writes.
 */
@Injectable()
export class ReadModelsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('ReadModels');
  readonly generations: ReadModelGenerations;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly metrics: MetricsService,
  ) {
    this.generations = new ReadModelGenerations(join(config.DATA_DIR, READ_MODELS_DIR), allProjections, store, this.logger, {
      onBatch: ({ events, lastRecordedAt }) => {
        metrics.eventsApplied.inc(events);
        metrics.projectionDelay.observe(Math.max(0, (Date.now() - lastRecordedAt.getTime()) / 1000));
      },
    });
  }

  onApplicationBootstrap(): void {
    this.generations.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.generations.stop();
  }

  /** The current read-model database, for queries. */
  get db(): Database.Database {
    return this.generations.current.db;
  }

  onChanges(listener: (changes: Change[]) => void): () => void {
    this.generations.on('changes', listener);
    return () => this.generations.off('changes', listener);
  }

  /**
   * Resolves once the read models include `position` (read-your-writes). A swap to a rebuilt
   * generation while waiting is followed; running out of time raises ReadModelTimeout.
   */
  async waitFor(position: number, timeoutMs = this.config.READ_MODEL_WAIT_MS): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const runner = this.generations.current;
      try {
        await runner.waitFor(position, Math.max(1, deadline - Date.now()));
        return;
      } catch (error) {
        if (error instanceof ReadModelTimeout || runner === this.generations.current) throw error;
      }
    }
  }

  rebuild(reason?: string): Promise<RebuildReport> {
    return this.generations.rebuild(reason);
  }

  async health(): Promise<ProjectionHealth> {
    const runner = this.generations.current;
    const logPosition = (await this.store.health()).lastPosition ?? null;
    const checkpoint = runner.checkpoint;
    const caughtUp = logPosition === null || logPosition === 0 || (checkpoint !== null && checkpoint >= logPosition);
    const lagSeconds = caughtUp || !runner.lastRecordedAt ? 0 : Math.max(0, (Date.now() - runner.lastRecordedAt.getTime()) / 1000);
    return {
      status: runner.status,
      checkpoint,
      logPosition,
      caughtUp,
      lagSeconds,
      eventsApplied: runner.eventsApplied,
      rebuilding: this.generations.rebuilding,
      ...(runner.error ? { error: runner.error.message } : {}),
    };
  }

  async refreshGauges(): Promise<void> {
    const health = await this.health();
    this.metrics.projectionLag.set(health.lagSeconds);
    if (health.checkpoint !== null) this.metrics.projectionCheckpoint.set(health.checkpoint);
    if (health.logPosition !== null) this.metrics.logPosition.set(health.logPosition);
  }
}
