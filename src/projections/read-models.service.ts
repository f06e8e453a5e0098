import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { join } from 'node:path';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { EVENT_STORE, EventStore, EventStoreHealth } from '../event-store/event-store.port';
import type Database from 'better-sqlite3';
import { Feed } from './feed';
import { ProjectionChange } from './projection';
import { ProjectionRegistry } from './projection-registry';
import { BatchReport, ReadModelTimeout, RunnerStatus } from './projection-runner';
import { ReadModelGenerations, RebuildReport } from './read-model-generations';

export const READ_MODELS_DIR = 'read-models';

export interface ProjectionHealth {
  status: string;
  checkpoint: number | null;
  /** The store's last user event (its health's lastPosition), null when the store does not say. */
  logPosition: number | null;
  caughtUp: boolean;
  lagSeconds: number;
  eventsApplied: number;
  rebuilding: boolean;
  error?: string;
}

/** What the read models' health is computed from: the current runner's state and the store's last user event. */
export interface HealthInputs {
  status: RunnerStatus;
  checkpoint: number | null;
  /** The store's health's lastPosition: the last user event (system events, never delivered to read models, excluded). */
  lastPosition: number | undefined;
  /** When the last event applied was recorded; undefined when none was applied by this process. */
  lastRecordedAt: Date | undefined;
  /** When the runner began following the log in this process. */
  startedAt: Date | undefined;
}

/**
 * Caught up: the checkpoint has reached the store's last user event, or, with nothing applied yet,
 * the subscription went live with nothing to deliver (the store holds no user event: whatever it
 * reports as lastPosition then is not an event the read models could reach). Never when failed: a
 * checkpoint beyond the log's end compares as "ahead" but belongs to another store. Lag, when
 * behind: since the last applied event was recorded, or, when none was applied in this process,
 * since the runner started (a lower bound: they trailed the log at least that long).
 */
export function caughtUpAndLag(inputs: HealthInputs, now: Date): { caughtUp: boolean; lagSeconds: number } {
  const { status, checkpoint, lastPosition } = inputs;
  let caughtUp: boolean;
  if (status === 'failed') caughtUp = false;
  else if (checkpoint === null) caughtUp = status === 'live';
  else caughtUp = lastPosition === undefined ? status === 'live' : checkpoint >= lastPosition;
  if (caughtUp) return { caughtUp, lagSeconds: 0 };
  const since = inputs.lastRecordedAt ?? inputs.startedAt;
  return { caughtUp, lagSeconds: since ? Math.max(0, (now.getTime() - since.getTime()) / 1000) : 0 };
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

  /**
   * The current generation's health. The end of the log is the store's health's lastPosition
   * (`storeHealth` when the caller already has it, so one answer rests on one look at the store),
   * never a read of the log's tail, which would see the system events read models never receive.
   */
  async health(storeHealth?: EventStoreHealth): Promise<ProjectionHealth> {
    const lastPosition = (storeHealth ?? (await this.store.health())).lastPosition;
    const runner = this.generations.current;
    const checkpoint = runner.checkpoint;
    const inputs = { status: runner.status, checkpoint, lastPosition, lastRecordedAt: runner.lastRecordedAt, startedAt: runner.startedAt };
    const { caughtUp, lagSeconds } = caughtUpAndLag(inputs, new Date());
    return {
      status: runner.status,
      checkpoint,
      logPosition: lastPosition ?? null,
      caughtUp,
      lagSeconds,
      eventsApplied: runner.eventsApplied,
      rebuilding: this.generations.rebuilding,
      ...(runner.error ? { error: runner.error.message } : {}),
    };
  }
}
