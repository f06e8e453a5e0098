import type { RecordedEvent } from '../../event-store/event-store.port';
import type { Projection, Row, TableRows } from '../../projections/projection';
import { CLAIM_STREAM_PREFIX, toClaimEvent } from '../../claims/application/claim-stream';
import type { PublicChange } from '../domain/feeds';

/** One public act on a fact-check, kept in its claim's state (which names the claim). */
export type PublicRecordEntry = Omit<PublicChange, 'claimId'>;

/** A claim's public record, oldest first: what a retraction reads the standing rating and summary from. */
export interface PublicRecordState {
  claimId: string;
  entries: PublicRecordEntry[];
}

export const PUBLIC_RECORD_TYPES = ['FactCheckPublished', 'FactCheckCorrected', 'FactCheckRetracted'] as const;

const PUBLIC_RECORD_SCHEMA = `
CREATE TABLE IF NOT EXISTS public_record_claims (
  claim_id TEXT PRIMARY KEY,
  doc      TEXT NOT NULL   -- PublicRecordState as JSON
);
-- Events share a global position only inside one EventStoreDB transaction, which is on one stream:
-- (position, revision) is unique, and the order of the record.
CREATE TABLE IF NOT EXISTS public_changes (
  position        INTEGER NOT NULL,
  revision        INTEGER NOT NULL,
  claim_id        TEXT    NOT NULL,
  kind            TEXT    NOT NULL,   -- PUBLISHED, CORRECTED or RETRACTED
  at              TEXT    NOT NULL,
  note            TEXT,
  rating          TEXT    NOT NULL,
  previous_rating TEXT,
  summary         TEXT    NOT NULL,
  justification   TEXT,
  PRIMARY KEY (position, revision)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS public_changes_kind ON public_changes (kind, position, revision);
CREATE INDEX IF NOT EXISTS public_changes_claim ON public_changes (claim_id);
`;

function claimIdOf(event: RecordedEvent): string {
  // Only claim streams hold these types; anything else is a log this code does not understand.
  if (!event.stream.startsWith(CLAIM_STREAM_PREFIX)) {
    throw new Error(`public-record: ${event.type} in stream ${event.stream} (revision ${event.revision}) is not in a claim stream`);
  }
  return event.stream.slice(CLAIM_STREAM_PREFIX.length);
}

/** The entry an event adds, decoded through the claim stream's upcasting (v1 and v2 alike). */
function entryOf(state: PublicRecordState, recorded: RecordedEvent): PublicRecordEntry | null {
  const event = toClaimEvent(recorded);
  const base = { position: recorded.position, revision: recorded.revision };
  switch (event.type) {
    case 'FactCheckPublished': {
      const { at, rating, summary, justification } = event.data;
      return { ...base, kind: 'PUBLISHED', at, note: null, rating, previousRating: null, summary, justification };
    }
    case 'FactCheckCorrected': {
      const { at, note, newRating, previousRating, newSummary, justification } = event.data;
      return { ...base, kind: 'CORRECTED', at, note, rating: newRating, previousRating, summary: newSummary, justification };
    }
    case 'FactCheckRetracted': {
      // The retraction names no rating: it withdraws the one standing (empty for a stream read without its publication).
      const standing = state.entries[state.entries.length - 1];
      const { at, note } = event.data;
      return { ...base, kind: 'RETRACTED', at, note, rating: standing?.rating ?? '', previousRating: null, summary: standing?.summary ?? '', justification: null };
    }
    default:
      return null;
  }
}

function changeRow(claimId: string, e: PublicRecordEntry): Row {
  return {
    position: e.position,
    revision: e.revision,
    claim_id: claimId,
    kind: e.kind,
    at: e.at,
    note: e.note,
    rating: e.rating,
    previous_rating: e.previousRating,
    summary: e.summary,
    justification: e.justification,
  };
}

/**
 * The public record: one row per publication, correction and retraction of the desk's fact-checks,
 * for the corrections log and the feeds. Keyed per claim (a retraction needs the rating it withdraws);
 * other desks' imported fact-checks have none of these events, so they are not in it.
 */
export const publicRecordProjection: Projection<PublicRecordState> = {
  name: 'public-record',
  version: 1,
  schema: PUBLIC_RECORD_SCHEMA,
  // By type alone: the other events of claim streams are none of this read model's business.
  handles: { types: PUBLIC_RECORD_TYPES },
  keyOf: claimIdOf,
  load: { table: 'public_record_claims', column: 'claim_id', read: (row) => JSON.parse(String(row.doc)) as PublicRecordState },
  evolve(stored, event) {
    const state = stored ?? { claimId: claimIdOf(event), entries: [] };
    // A revision already recorded (the same event delivered again) changes nothing.
    if (state.entries.some((e) => e.revision === event.revision)) return stored;
    const entry = entryOf(state, event);
    return entry ? { ...state, entries: [...state.entries, entry] } : stored;
  },
  rows: (state): TableRows[] => [
    { table: 'public_record_claims', where: { claim_id: state.claimId }, rows: [{ claim_id: state.claimId, doc: JSON.stringify(state) }] },
    { table: 'public_changes', where: { claim_id: state.claimId }, rows: state.entries.map((e) => changeRow(state.claimId, e)) },
  ],
  // Nobody follows the record live; the feeds read it on request.
  live: false,
};

export const publicRecordProjections: readonly Projection[] = [publicRecordProjection];
