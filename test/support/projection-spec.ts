import type { RecordedEvent } from '../../src/event-store/event-store.port';
import { foldBatch, Projection, ProjectionChange, Row, TableRows } from '../../src/projections/projection';
import type { Actor } from '../../src/shared/actor';
import { claimStream, decideAndStamp } from '../../src/claims/application/claim-stream';
import { ClaimState, initialClaimState } from '../../src/claims/domain/claim';
import type { ClaimCommand } from '../../src/claims/domain/commands';
import { DEFAULT_POLICY, NOW } from './decider-spec';

type Tables = Map<string, Row[]>;

/**
 * Given (events from the log) / then (the rows the projection's tables hold): a projection
 * specified through its pure functions alone, with no runner, no SQLite, no HTTP. It folds with the
 * runner's own step (`foldBatch`) and replaces what each changed key owns; the events are applied both as one batch and
 * one event per batch (state stored as rows, then loaded back through `load`), and both must agree,
 * so a projection whose stored rows do not round-trip fails its specs too.
 */
export function givenEvents<State>(projection: Projection<State>, events: RecordedEvent[]) {
  const tables = () => {
    const whole = project(projection, [events]).tables;
    expect(project(projection, events.map((e) => [e])).tables).toEqual(whole);
    return whole;
  };
  return {
    /** The rows of a table (in no particular order) equal these. */
    thenRows(table: string, expected: Row[]): void {
      expect(sorted(tables().get(table) ?? [])).toEqual(sorted(expected));
    },
    /** Every table, for assertions on parts of rows. */
    tables(): Record<string, Row[]> {
      return Object.fromEntries(tables());
    },
    /** What the runner would feed live subscribers after the events, applied as one batch. */
    thenChanges(expected: ProjectionChange[]): void {
      expect(project(projection, [events]).changes).toEqual(expected);
    },
    /** The events make the projection fail (e.g. a type it does not know). */
    thenFails(message: RegExp): void {
      expect(() => project(projection, [events])).toThrow(message);
    },
  };
}

function project<State>(projection: Projection<State>, batches: RecordedEvent[][]): { tables: Tables; changes: ProjectionChange[] } {
  const tables: Tables = new Map();
  const changes: ProjectionChange[] = [];
  for (const batch of batches) {
    const folded = foldBatch(projection, (key) => load(projection, tables, key), batch);
    for (const { stored, state } of folded.states.values()) {
      if (stored !== null) projection.rows(stored).forEach((owned) => remove(tables, owned));
      if (state !== null) projection.rows(state).forEach(({ table, rows }) => tables.set(table, [...(tables.get(table) ?? []), ...rows]));
    }
    changes.push(...folded.changes);
  }
  return { tables: new Map([...tables].filter(([, rows]) => rows.length > 0)), changes };
}

function load<State>(projection: Projection<State>, tables: Tables, key: string): State | null {
  if (!projection.load) return null;
  const { table, column, read } = projection.load;
  const row = tables.get(table)?.find((r) => String(r[column]) === key);
  return row ? read(row) : null;
}

function remove(tables: Tables, { table, where }: TableRows): void {
  const matches = (row: Row) => Object.entries(where).every(([column, value]) => row[column] === value);
  tables.set(table, (tables.get(table) ?? []).filter((row) => !matches(row)));
}

const sorted = (rows: Row[]) => [...rows].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

/**
 * Events as the log records them, produced the way the service produces them: each command
 * decided by the domain on the claim's state, stamped and hash-chained onto its stream
 * (`decideAndStamp`, as the command pipeline does before it appends).
 */
export class ClaimLog {
  readonly events: RecordedEvent[] = [];
  private readonly states = new Map<string, ClaimState>();
  private readonly hashes = new Map<string, string | null>();

  constructor(private position = 100) {}

  run(actor: Actor, command: ClaimCommand, at: Date = NOW): this {
    const state = this.states.get(command.claimId) ?? initialClaimState();
    const decided = decideAndStamp(command, state, { actor, now: at, policy: DEFAULT_POLICY }, {
      envelope: { commandId: `cmd-${this.position}`, correlationId: 'spec' },
      eventId: (index) => `event-${this.position + 1 + index}`,
      previousHash: this.hashes.get(command.claimId) ?? null,
    });
    decided.stored.forEach((stored, index) => {
      const revision = state.revision + 1 + index;
      this.record({ stream: claimStream(command.claimId), type: stored.type, revision, data: stored.data, metadata: stored.metadata ?? {}, recordedAt: at });
    });
    this.states.set(command.claimId, decided.state);
    this.hashes.set(command.claimId, decided.lastHash);
    return this;
  }

  /** Any event, e.g. one the domain would not produce. */
  record(event: Omit<RecordedEvent, 'id' | 'position'>): this {
    this.position += 1;
    this.events.push({ id: `event-${this.position}`, position: this.position, ...event });
    return this;
  }

  /** Position of the last event recorded. */
  get last(): number {
    return this.position;
  }
}
