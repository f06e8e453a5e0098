import type { RecordedEvent } from '../event-store/event-store.port';

/** A read-model row: column name to value. */
export type Row = Record<string, string | number | null>;

/**
 * The rows one key owns in one table: the runner deletes what `where` matches and inserts `rows`
 * (only when they differ from what it stored for that key before, so side tables are not churned).
 */
export interface TableRows {
  table: string;
  where: Row;
  rows: Row[];
}

/** Which events a projection handles. With a stream prefix, an unknown type in those streams is an error, not skipped. */
export interface EventSelector {
  streamPrefix?: string;
  /** Streams under `streamPrefix` that belong to someone else (e.g. `claim-notes-` under `claim-`): not handled, not an error. */
  exceptStreamPrefixes?: readonly string[];
  types?: readonly string[];
}

/**
 * A read model fed from the event log, declared rather than coded against SQLite (after Emmett's
 * SQLite projections). Storage and transactions belong to the runner: per batch it loads the state
 * of every key the batch touches (via `load`), folds the batch's events through `evolve` in memory,
 * then writes `rows(state)` once per key, in the same transaction as its checkpoint. So `evolve` and
 * `rows` are pure and can be specified without a database (test/support/projection-spec.ts).
 */
export interface Projection<State = unknown> {
  readonly name: string;
  /** Bump when the read model's shape or meaning changes: the runner then rebuilds it from the start. */
  readonly version: number;
  /** DDL creating the projection's tables (idempotent). */
  readonly schema: string;
  readonly handles: EventSelector;
  /** The entity an event changes: the unit of per-batch state, of writing and of the change feed. */
  keyOf(event: RecordedEvent): string;
  /** Where the stored state of a key is read from; absent for append-only projections (every key is new). */
  readonly load?: { table: string; column: string; read(row: Row): State };
  /** Pure: the state after the event (null: the key has no state). Returning `state` itself means "no change". */
  evolve(state: State | null, event: RecordedEvent): State | null;
  /** Pure: the rows a state owns, table by table. */
  rows(state: State): TableRows[];
  /** False for read models nobody follows live: their keys stay out of the change feed. */
  readonly live?: boolean;
}

/** What one batch changed for one key of one projection: what live updates are fed with. */
export interface ProjectionChange {
  projection: string;
  key: string;
  /** Position of the last event of the batch that changed the key. */
  position: number;
  eventTypes: string[];
}

/** The test of which events a projection handles; it throws for an unknown type in a stream the projection owns. */
export function eventSelector(projection: Projection): (event: RecordedEvent) => boolean {
  const { streamPrefix, exceptStreamPrefixes = [], types } = projection.handles;
  const known = types ? new Set(types) : undefined;
  return (event) => {
    if (streamPrefix !== undefined && !event.stream.startsWith(streamPrefix)) return false;
    if (exceptStreamPrefixes.some((prefix) => event.stream.startsWith(prefix))) return false;
    if (!known || known.has(event.type)) return true;
    if (streamPrefix === undefined) return false;
    throw new Error(`Projection ${projection.name} does not know event type ${event.type} (stream ${event.stream}, revision ${event.revision})`);
  };
}

/** One key after a batch: the state it had stored before, the state it has now, and what changed it. */
export interface FoldedKey<State = unknown> {
  stored: State | null;
  state: State | null;
  /** Position of the last event of the batch that changed the key. */
  position: number;
  eventTypes: string[];
}

/**
 * Pure: the runner's step per batch, without storage. Folds the events the projection handles per
 * key through `evolve`, each key starting from its stored state (`load`, asked once per key); an
 * `evolve` that returns the state itself changed nothing. Returns the keys that changed, and the
 * change feed's entries for them (none for a projection that is not `live`).
 */
export function foldBatch<State>(
  projection: Projection<State>,
  load: (key: string) => State | null,
  batch: readonly RecordedEvent[],
  selects: (event: RecordedEvent) => boolean = eventSelector(projection),
): { states: Map<string, FoldedKey<State>>; changes: ProjectionChange[] } {
  const touched = new Map<string, FoldedKey<State>>();
  for (const event of batch) {
    if (!selects(event)) continue;
    const key = projection.keyOf(event);
    let entry = touched.get(key);
    if (!entry) {
      const stored = load(key);
      entry = { stored, state: stored, position: event.position, eventTypes: [] };
      touched.set(key, entry);
    }
    const next = projection.evolve(entry.state, event);
    if (next === entry.state) continue;
    entry.state = next;
    entry.position = event.position;
    entry.eventTypes.push(event.type);
  }
  const states = new Map([...touched].filter(([, entry]) => entry.eventTypes.length > 0));
  const changes =
    projection.live === false ? [] : [...states].map(([key, { position, eventTypes }]) => ({ projection: projection.name, key, position, eventTypes }));
  return { states, changes };
}
