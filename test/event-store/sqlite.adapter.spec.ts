import { join } from 'node:path';
import { SqliteEventStore } from '../../src/event-store/embedded/sqlite.event-store';
import { makeTempDir } from '../support/temp-dir';
import { runEventStoreContract } from './event-store.contract';

runEventStoreContract('embedded SQLite adapter (file in a temp dir)', async () => {
  const dir = makeTempDir();
  const store = new SqliteEventStore({ file: join(dir.path, 'events.sqlite') });
  return {
    store,
    cleanup: async () => {
      await store.close();
      dir.remove();
    },
  };
});
