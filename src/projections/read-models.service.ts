import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { join } from 'node:path';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { EVENT_STORE, EventStore } from '../event-store/event-store.port';
import type Database from 'better-sqlite3';
import { Feed } from './feed';
import { ProjectionChange } from './projection';
import { ProjectionRegistry } from './projection-registry';
import { BatchReport, ReadModelTimeout } from './projection-runner';
import { ReadModelGenerations, RebuildReport } from './read-model-generations';

export const READ_MODELS_DIR = 'read-models';

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
 * Runs the projections the feature modules registered with the ProjectionRegistry.
 */
@Injectable()
export class ReadModelsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('ReadModels');
  readonly generations: ReadModelGenerations;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    registry: ProjectionRegistry,
  ) {
    this.generations = new ReadModelGenerations(join(config.DATA_DIR, READ_MODELS_DIR), () => registry.seal(), store, this.logger);
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

  /** What each committed batch of the current generation changed, per projection and key: for live updates. */
  get changes(): Feed<ProjectionChange[]> {
    return this.generations.changes;
  }

  /** Every committed batch of every generation (a rebuild's too): for metrics. */
  get batches(): Feed<BatchReport> {
    return this.generations.batches;
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
}
