import { EVENT_STORE, EventStore } from '../../src/event-store/event-store.port';
import type { TestApp } from './test-app';

/** The global position of the last stored event (0 for none): unchanged means nothing was written. */
export async function lastPosition(app: TestApp): Promise<number> {
  const store = app.app.get<EventStore>(EVENT_STORE);
  return (await store.health()).lastPosition ?? 0;
}

/**
 * Runs a hostile act and checks what every hostile-input test must: the store is untouched, and the
 * service still answers its liveness check straight away (within two seconds, as a bound, not a timing).
 */
export async function expectUntouched<T>(app: TestApp, act: () => Promise<T>, livenessPath = '/health/live'): Promise<T> {
  const before = await lastPosition(app);
  const result = await act();
  expect(await lastPosition(app)).toBe(before);
  const response = await fetch(`${app.url}${livenessPath}`, { signal: AbortSignal.timeout(2000) });
  expect(response.status).toBe(200);
  return result;
}
