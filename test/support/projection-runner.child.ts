/**
 * Child process for the projection crash test: runs the claims projection over an existing event
 * store file and kills itself with SIGKILL in the middle of a batch, after `killAfter` events were
 * applied inside the open transaction.
 */
import { SqliteEventStore } from '../../src/event-store/embedded/sqlite.event-store';
import { Projection } from '../../src/projections/projection';
import { ProjectionRunner } from '../../src/projections/projection-runner';
import { claimsProjection } from '../../src/claims/read-model/claims.projection';

const [eventsFile, readModelFile, killAfter, batchSize] = process.argv.slice(2);

/** Handles every event and changes nothing, but kills the process at the chosen one (the runner folds inside its transaction). */
let applied = 0;
const killSwitch: Projection<null> = {
  name: 'kill-switch',
  version: 1,
  schema: '',
  handles: {},
  keyOf: () => 'all',
  evolve(state) {
    applied += 1;
    if (applied === Number(killAfter)) process.kill(process.pid, 'SIGKILL');
    return state;
  },
  rows: () => [],
};

const store = new SqliteEventStore({ file: eventsFile });
new ProjectionRunner(readModelFile, [claimsProjection, killSwitch], store, { batchSize: Number(batchSize) }).start();
