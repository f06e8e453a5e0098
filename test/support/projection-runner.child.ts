/**
 * Child process for the projection crash test: runs the claims projection over an existing event
 * store file and kills itself with SIGKILL in the middle of a batch, after `killAfter` events were
 * applied inside the open transaction.
 */
import type Database from 'better-sqlite3';
import { SqliteEventStore } from '../../src/event-store/embedded/sqlite.event-store';
import { Projection } from '../../src/projections/projection';
import { ProjectionRunner } from '../../src/projections/projection-runner';
import { ClaimsProjection } from '../../src/claims/read-model/claims.projection';

const [eventsFile, readModelFile, killAfter, batchSize] = process.argv.slice(2);

class KillSwitch implements Projection {
  readonly name = 'kill-switch';
  readonly version = 1;
  private applied = 0;
  migrate(_db: Database.Database): void {}
  apply() {
    this.applied += 1;
    if (this.applied === Number(killAfter)) process.kill(process.pid, 'SIGKILL');
    return undefined;
  }
}

const store = new SqliteEventStore({ file: eventsFile });
new ProjectionRunner(readModelFile, [new ClaimsProjection(), new KillSwitch()], store, { batchSize: Number(batchSize) }).start();
