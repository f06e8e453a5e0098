import { Global, Inject, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { join } from 'node:path';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { SqliteEventStore } from './embedded/sqlite.event-store';
import { EVENT_STORE, EventStore } from './event-store.port';

export const EVENTS_FILE = 'events.sqlite';

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

@Global()
@Module({
  providers: [
    {
      provide: EVENT_STORE,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => {
        const store = createEventStore(config);
        new Logger('EventStore').log(
          config.EVENTSTORE_CONNECTION_STRING
            ? 'Using EventStoreDB'
            : `Using the embedded event store at ${join(config.DATA_DIR, EVENTS_FILE)}`,
        );
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
