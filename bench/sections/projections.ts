/**
 * Section 4 (rebuild half): a full rebuild of the read models from the event log, exactly as the
 * service builds a fresh generation (ReadModelGenerations with every projection), against a plain
 * read of all events through the same port (the limit: the rebuild reads them too). The live-lag
 * half is measured inside the service during the command load (see commands.ts).
 */
import { allProjections } from '../../src/all-projections';
import { join } from 'node:path';
import type { EventStore } from '../../src/event-store/event-store.port';
import { ReadModelGenerations } from '../../src/projections/read-model-generations';
import { READ_MODELS_DIR } from '../../src/projections/read-models.service';
import { figure, Figure } from '../report';
import { perSecond, since } from '../stats';

const silent = { log: () => undefined, warn: () => undefined, error: (m: string) => process.stderr.write(`${m}\n`) };

/** Page size the embedded subscription reads with while catching up (its default). */
const PAGE = 500;

export interface RebuildResult {
  figures: Figure[];
  details: Record<string, unknown>;
  /** The generation file the service will open. */
  readModelFile: string;
}

/** A plain read of every event through the port in pages of PAGE: the floor of whatever consumes them all. */
export async function readEverything(store: EventStore): Promise<{ events: number; ms: number }> {
  let events = 0;
  let from: number | undefined;
  const started = performance.now();
  for (;;) {
    const page = await store.readAll({ fromPosition: from, maxCount: PAGE });
    events += page.length;
    if (page.length < PAGE) break;
    from = page[page.length - 1].position + 1;
  }
  return { events, ms: since(started) };
}

export async function rebuildReadModels(store: EventStore, dataDir: string, progress: (m: string) => void): Promise<RebuildResult> {
  progress('projections: plain read of all events');
  const { events: read, ms: readMs } = await readEverything(store);

  progress(`projections: full rebuild of ${read} events`);
  const generations = new ReadModelGenerations(join(dataDir, READ_MODELS_DIR), allProjections, store, silent);
  const started = performance.now();
  generations.start();
  const runner = generations.current;
  await runner.caughtUp();
  const rebuildMs = since(started);
  const applied = runner.eventsApplied;
  const readModelFile = runner.file;
  await generations.stop();

  const rebuildRate = perSecond(applied, rebuildMs);
  const readRate = perSecond(read, readMs);
  return {
    readModelFile,
    figures: [
      figure({
        id: 'projections.rebuild',
        name: `Full rebuild (${applied.toLocaleString('en-US')} events)`,
        value: rebuildRate,
        unit: 'events/s',
        better: 'higher',
        baseline: { name: 'plain readAll of all events', value: readRate, unit: 'events/s' },
        target: { text: '>= 100,000 events/s', met: rebuildRate >= 100_000 },
      }),
    ],
    details: { eventsRead: read, readAllMs: Math.round(readMs), eventsApplied: applied, rebuildMs: Math.round(rebuildMs) },
  };
}
