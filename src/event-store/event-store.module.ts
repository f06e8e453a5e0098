import { Global, Inject, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { join } from 'node:path';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { SqliteEventStore } from './embedded/sqlite.event-store';
import { UnsupportedServer } from './event-store.errors';
import { EVENT_STORE, EventStore } from './event-store.port';

export const EVENTS_FILE = 'events.sqlite';

/** How long boot waits for EventStoreDB to tell its version before going on without knowing it. */
export const EVENTSTORE_VERIFY_TIMEOUT_MS = 10_000;

/** EventStoreDB when a connection string is configured, the embedded SQLite file otherwise. */
export function createEventStore(config: AppConfig): EventStore {
  if (config.EVENTSTORE_CONNECTION_STRING) {
    // Loaded only when configured: the embedded default does not pay for the gRPC client.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { EventStoreDbEventStore } = require('./eventstoredb/eventstoredb.event-store') as typeof import('./eventstoredb/eventstoredb.event-store');
    return EventStoreDbEventStore.fromConnectionString(config.EVENTSTORE_CONNECTION_STRING);
  }
  return new SqliteEventStore({ file: join(config.DATA_DIR, EVENTS_FILE) });
}

/**
 * Boot-time check of EventStoreDB, bounded by `timeoutMs`: a server below the supported floor
 * fails the boot with the adapter's message (running would break silently later); a server that
 * cannot be reached yet only warns, since it may come up after us (health reports it meanwhile).
 */
export async function verifyEventStoreAtBoot(
  store: EventStore,
  logger: Pick<Logger, 'warn'>,
  timeoutMs = EVENTSTORE_VERIFY_TIMEOUT_MS,
): Promise<void> {
  const verify = (store as Partial<{ verify(): Promise<void> }>).verify;
  if (typeof verify !== 'function') return;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
  try {
    const outcome = await Promise.race([verify.call(store).then(() => 'verified' as const), timeout]);
    if (outcome === 'timeout') logger.warn(`EventStoreDB did not answer within ${timeoutMs} ms; going on (see /health/ready)`);
  } catch (error) {
    if (error instanceof UnsupportedServer) throw error;
    logger.warn(`EventStoreDB is not reachable yet: ${(error as Error).message}; going on (see /health/ready)`);
  } finally {
    clearTimeout(timer);
  }
}

@Global()
@Module({
  providers: [
    {
      provide: EVENT_STORE,
      inject: [APP_CONFIG],
      useFactory: async (config: AppConfig) => {
        const logger = new Logger('EventStore');
        const store = createEventStore(config);
        logger.log(
          config.EVENTSTORE_CONNECTION_STRING
            ? 'Using EventStoreDB'
            : `Using the embedded event store at ${join(config.DATA_DIR, EVENTS_FILE)}`,
        );
        try {
          await verifyEventStoreAtBoot(store, logger);
        } catch (error) {
          await store.close().catch(() => undefined);
          throw error;
        }
        return store;
      },
    },
  ],
  exports: [EVENT_STORE],
})
export class EventStoreModule implements OnApplicationShutdown {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /** Runs after the HTTP server stopped taking requests, so no append is cut off half-way. */
  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}
