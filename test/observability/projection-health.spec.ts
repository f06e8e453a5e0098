import type { AppConfig } from '../../src/config/app-config';
import type { ReadAllOptions, RecordedEvent } from '../../src/event-store/event-store.port';
import { MetricsService } from '../../src/observability/metrics.service';
import { ProjectionMetrics } from '../../src/observability/projection-metrics';
import type { Projection } from '../../src/projections/projection';
import { ProjectionRegistry } from '../../src/projections/projection-registry';
import { caughtUpAndLag, HealthInputs, ReadModelsService } from '../../src/projections/read-models.service';
import { MemoryEventStore } from '../support/memory-event-store';
import { makeTempDir } from '../support/temp-dir';

const NOW = new Date('2025-07-10T12:00:00.000Z');
const secondsBefore = (s: number) => new Date(NOW.getTime() - s * 1000);
const inputs = (over: Partial<HealthInputs>): HealthInputs => ({ status: 'live', checkpoint: null, lastPosition: undefined, lastRecordedAt: undefined, startedAt: secondsBefore(600), ...over });

describe('caught-up and lag, from the checkpoint against the store\'s last user event', () => {
  it('given a checkpoint at the last user event, then caught up with no lag', () => {
    expect(caughtUpAndLag(inputs({ checkpoint: 9300, lastPosition: 9300, lastRecordedAt: secondsBefore(30) }), NOW)).toEqual({ caughtUp: true, lagSeconds: 0 });
  });

  it('given a checkpoint behind the last user event, then behind by the time since the last applied event was recorded', () => {
    expect(caughtUpAndLag(inputs({ status: 'catching-up', checkpoint: 9000, lastPosition: 9300, lastRecordedAt: secondsBefore(42) }), NOW)).toEqual({ caughtUp: false, lagSeconds: 42 });
  });

  it('given nothing applied yet while the store holds an event at position 0, then not caught up (position 0 is an event, not "empty")', () => {
    expect(caughtUpAndLag(inputs({ status: 'catching-up', checkpoint: null, lastPosition: 0 }), NOW)).toEqual({ caughtUp: false, lagSeconds: 600 });
  });

  it('given nothing applied and a subscription that went live with nothing to deliver, then caught up whatever the store reports', () => {
    expect(caughtUpAndLag(inputs({ status: 'live', checkpoint: null, lastPosition: 0 }), NOW)).toEqual({ caughtUp: true, lagSeconds: 0 });
  });

  it('given a restart behind the log with nothing applied in this process yet, then the lag counts at least from the start, not 0', () => {
    expect(caughtUpAndLag(inputs({ status: 'catching-up', checkpoint: 4000, lastPosition: 9300, startedAt: secondsBefore(75) }), NOW)).toEqual({ caughtUp: false, lagSeconds: 75 });
  });

  it('given failed read models whose checkpoint lies beyond the log\'s end, then not caught up', () => {
    expect(caughtUpAndLag(inputs({ status: 'failed', checkpoint: 99_000, lastPosition: 9300, lastRecordedAt: secondsBefore(5) }), NOW)).toMatchObject({ caughtUp: false });
  });
});

/**
 * A store whose log ends in system events after its last user event, as EventStoreDB's does after a
 * restart: its health names the last user event; reading the log's tail would find the system ones,
 * so any read of the whole log here fails the test.
 */
class StoreWithSystemTail extends MemoryEventStore {
  lastUserPosition = 0;
  override async readAll(_options?: ReadAllOptions): Promise<RecordedEvent[]> {
    throw new Error('the read models\' health must not read the log to find its end');
  }
  override async health() {
    return { reachable: true, adapter: 'eventstoredb' as const, lastPosition: this.lastUserPosition };
  }
}

const counter: Projection<null> = { name: 'counter', version: 1, schema: '', handles: {}, keyOf: () => 'all', evolve: (state) => state, rows: () => [] };

describe('the read models\' health and metrics take the log\'s end from the store\'s health', () => {
  it('given a store that reports its last user event, when health and metrics are read, then both compare the checkpoint with that position', async () => {
    const dir = makeTempDir();
    const store = new StoreWithSystemTail();
    await store.append('claim-a', [{ type: 'Something', data: {} }]);
    store.lastUserPosition = store.log[0].position;
    const registry = new ProjectionRegistry();
    registry.register(counter);
    const readModels = new ReadModelsService({ DATA_DIR: dir.path, READ_MODEL_WAIT_MS: 5_000 } as AppConfig, store, registry);
    const metrics = new MetricsService();
    const projectionMetrics = new ProjectionMetrics(metrics, readModels);
    try {
      readModels.onApplicationBootstrap();
      await readModels.generations.current.caughtUp();

      expect(await readModels.health()).toMatchObject({ status: 'live', checkpoint: store.lastUserPosition, logPosition: store.lastUserPosition, caughtUp: true, lagSeconds: 0 });

      // The store's last user event moves on (another instance wrote it; this runner has not seen it).
      store.lastUserPosition += 5_000;
      expect(await readModels.health()).toMatchObject({ caughtUp: false, logPosition: store.lastUserPosition });

      await projectionMetrics.refreshGauges();
      const gauges = await metrics.registry.getMetricsAsJSON();
      const value = (name: string) => gauges.find((m) => m.name === name)?.values[0]?.value;
      expect(value('factcheck_event_log_position')).toBe(store.lastUserPosition);
      expect(value('factcheck_projection_checkpoint_position')).toBe(store.log[0].position);
    } finally {
      await readModels.onApplicationShutdown();
      dir.remove();
    }
  });
});

describe('read models whose checkpoint is not in the store\'s log', () => {
  it('given read models built from a longer log, when they start on this store, then their health is failed with the reason and not caught up', async () => {
    const dir = makeTempDir();
    const registry = () => {
      const r = new ProjectionRegistry();
      r.register(counter);
      return r;
    };
    const config = { DATA_DIR: dir.path, READ_MODEL_WAIT_MS: 5_000 } as AppConfig;
    try {
      const longer = new MemoryEventStore();
      for (const stream of ['claim-a', 'claim-b', 'claim-c']) await longer.append(stream, [{ type: 'Something', data: {} }]);
      const first = new ReadModelsService(config, longer, registry());
      first.onApplicationBootstrap();
      await first.generations.current.caughtUp();
      await first.onApplicationShutdown();

      const shorter = new MemoryEventStore();
      await shorter.append('claim-a', [{ type: 'Something', data: {} }]);
      const readModels = new ReadModelsService(config, shorter, registry());
      readModels.onApplicationBootstrap();
      await expect(readModels.generations.current.caughtUp()).rejects.toThrow(/beyond the end of the event log/);
      const health = await readModels.health();
      expect(health).toMatchObject({ status: 'failed', caughtUp: false, logPosition: shorter.log[0].position });
      expect(health.checkpoint).toBeGreaterThan(shorter.log[0].position);
      expect(health.error).toMatch(/beyond the end of the event log .*rebuild them/);
      await readModels.onApplicationShutdown();
    } finally {
      dir.remove();
    }
  });
});
