/**
 * The service under test, in its own process: the real application (createApp, as src/main.ts
 * builds it) on the embedded store in the bench's data directory, listening on a loopback port.
 * Configuration comes from the environment, as for `npm start`.
 *
 * It also measures, from the inside, the live projection lag: the time from an append being
 * acknowledged (committed, fsynced) to the read models including it (the projection runner's batch
 * committed and its changes emitted). The parent asks for that, and for peak RSS, over IPC.
 */
import 'reflect-metadata';
import { createApp } from '../src/bootstrap';
import { loadConfig } from '../src/config/app-config';
import { EVENT_STORE, EventStore } from '../src/event-store/event-store.port';
import { JsonLogger } from '../src/logging/json-logger';
import { ReadModelsService } from '../src/projections/read-models.service';
import { Samples } from './stats';

export type ServiceRequest = { id: number; type: 'lag-start' | 'lag-stop' | 'memory' | 'stop' };

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const logger = new JsonLogger('error', (line) => process.stderr.write(`${line}\n`));
  const app = await createApp(config, logger);
  const started = performance.now();
  await app.listen(config.PORT, config.HOST);
  const readModels = app.get(ReadModelsService);
  await readModels.generations.current.caughtUp();

  // Live lag: acknowledged-append time per position, matched when the read models report the change.
  const store = app.get<EventStore>(EVENT_STORE);
  const acknowledged = new Map<number, number>();
  let lag: Samples | undefined;
  const append = store.append.bind(store);
  store.append = async (stream, events, expected) => {
    const result = await append(stream, events, expected);
    if (lag) {
      const at = performance.now();
      for (let p = result.position - events.length + 1; p <= result.position; p++) acknowledged.set(p, at);
    }
    return result;
  };
  // One change per claim per batch: every acknowledged position up to the batch's last claim change is now applied.
  readModels.changes.subscribe((changes) => {
    if (!lag) return;
    const now = performance.now();
    const upTo = Math.max(...changes.map((c) => c.position));
    for (const [position, at] of acknowledged) {
      if (position > upTo) continue;
      acknowledged.delete(position);
      lag.add(now - at);
    }
  });

  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  process.send?.({ type: 'ready', url: `${url}/graphql`, startMs: Math.round(performance.now() - started) });

  process.on('message', (message: ServiceRequest) => {
    const reply = (body: Record<string, unknown>) => process.send?.({ id: message.id, ...body });
    switch (message.type) {
      case 'lag-start':
        lag = new Samples();
        acknowledged.clear();
        reply({ ok: true });
        break;
      case 'lag-stop': {
        const summary = lag?.summary();
        lag = undefined;
        acknowledged.clear();
        reply({ lag: summary });
        break;
      }
      case 'memory': {
        const usage = process.memoryUsage();
        reply({ peakRssBytes: process.resourceUsage().maxRSS * 1024, rssBytes: usage.rss, heapUsedBytes: usage.heapUsed });
        break;
      }
      case 'stop':
        void app.close().then(() => {
          reply({ ok: true });
          process.exit(0);
        });
        break;
    }
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`service child failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
