import type { Request, Response } from 'express';
import type { EventStore, EventStoreHealth } from '../../src/event-store/event-store.port';
import { HealthController } from '../../src/observability/health.controller';
import type { OperatorAccess } from '../../src/observability/operator-access';
import type { ProjectionHealth, ReadModelsService } from '../../src/projections/read-models.service';
import type { TransparencyLogService } from '../../src/transparency-log/application/transparency-log.service';

/** The controller over stubs: a store health, read models that report from it, and who is an operator. */
function controller(store: EventStoreHealth, projections: Partial<ProjectionHealth>, operator: boolean) {
  const seen: (EventStoreHealth | undefined)[] = [];
  const readModels = {
    health: async (given?: EventStoreHealth) => {
      seen.push(given);
      return { status: 'live', checkpoint: 9, logPosition: 9, caughtUp: true, lagSeconds: 0, eventsApplied: 3, rebuilding: false, ...projections };
    },
  } as unknown as ReadModelsService;
  const transparencyLog = { health: () => ({ status: 'live', size: 3, position: 9, checkpointSize: 3, checkpointSignedAt: '2026-12-01T17:00:00.000Z' }) } as unknown as TransparencyLogService;
  const health = new HealthController({ health: async () => store } as unknown as EventStore, readModels, { isOperator: async () => operator } as unknown as OperatorAccess, transparencyLog);
  let status = 0;
  const res = { status: (code: number) => (status = code) } as unknown as Response;
  return { ready: async () => ({ body: await health.ready({} as Request, res), status: () => status }), seen };
}

describe('readiness', () => {
  it('given read models that failed on a checkpoint not in the log, then 503: anonymous callers see the status alone, operators the reason', async () => {
    const failed = { status: 'failed', caughtUp: false, error: 'Checkpoint 12 lies beyond the end of the event log (3): rebuild them' };
    const anonymous = controller({ reachable: true, adapter: 'embedded', lastPosition: 3 }, failed, false);
    const answer = await anonymous.ready();
    expect([answer.status(), answer.body]).toEqual([503, { status: 'unavailable' }]);

    const operator = await controller({ reachable: true, adapter: 'embedded', lastPosition: 3 }, failed, true).ready();
    expect(operator.status()).toBe(503);
    expect(operator.body).toMatchObject({ status: 'unavailable', projections: { status: 'failed', error: failed.error } });
  });

  it('given a store that answers but cannot be used, then 503, with the reason for operators', async () => {
    const store: EventStoreHealth = { reachable: true, adapter: 'eventstoredb', unusable: 'EventStoreDB 21.10 is below the supported 22.10' };
    const answer = await controller(store, {}, true).ready();
    expect(answer.status()).toBe(503);
    expect(answer.body).toMatchObject({ status: 'unavailable', eventStore: { unusable: store.unusable } });
  });

  it('given a healthy store and live read models, then 200, the read models judged on the same store health the answer shows', async () => {
    const store: EventStoreHealth = { reachable: true, adapter: 'embedded', lastPosition: 9 };
    const c = controller(store, {}, false);
    const answer = await c.ready();
    expect([answer.status(), answer.body]).toEqual([200, { status: 'ok' }]);
    expect(c.seen).toEqual([store]);
  });
});
