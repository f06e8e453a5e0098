import type { Projection, TableRows } from '../../projections/projection';
import { CORRECTION_REQUEST_STREAM_PREFIX, evolveRecorded } from '../application/correction-request-stream';
import { CORRECTION_REQUEST_EVENT_SCHEMA_VERSIONS, CorrectionRequest, initialCorrectionRequestState } from '../domain/correction-request';

/**
 * One row per correction request (the folded request, as the write side folds it), with the
 * columns the editors' list filters on and the public summary counts. No contact data: there is
 * none in the events.
 */
export const CORRECTION_REQUESTS_SCHEMA = `
CREATE TABLE IF NOT EXISTS correction_requests (
  seq          INTEGER PRIMARY KEY,          -- global position of CorrectionRequested: the list's order
  id           TEXT    NOT NULL UNIQUE,
  claim_id     TEXT    NOT NULL,
  status       TEXT    NOT NULL,
  requested_at TEXT    NOT NULL,
  last_position INTEGER NOT NULL,
  doc          TEXT    NOT NULL               -- the folded request, as JSON
);
CREATE INDEX IF NOT EXISTS correction_requests_status ON correction_requests (status, seq);
CREATE INDEX IF NOT EXISTS correction_requests_claim ON correction_requests (claim_id, seq);
`;

export interface CorrectionRequestRecord {
  seq: number;
  position: number;
  request: CorrectionRequest;
}

export const correctionRequestsProjection: Projection<CorrectionRequestRecord> = {
  name: 'correction_requests',
  version: 1,
  schema: CORRECTION_REQUESTS_SCHEMA,
  handles: { streamPrefix: CORRECTION_REQUEST_STREAM_PREFIX, types: Object.keys(CORRECTION_REQUEST_EVENT_SCHEMA_VERSIONS) },
  keyOf: (event) => event.stream.slice(CORRECTION_REQUEST_STREAM_PREFIX.length),
  load: {
    table: 'correction_requests',
    column: 'id',
    read: (row) => ({ seq: Number(row.seq), position: Number(row.last_position), request: JSON.parse(String(row.doc)) as CorrectionRequest }),
  },
  evolve(record, event) {
    const request = evolveRecorded(record?.request ?? initialCorrectionRequestState(), event);
    if (!request.exists) return record;
    return { seq: record?.seq ?? event.position, position: event.position, request };
  },
  rows: ({ seq, position, request }): TableRows[] => [
    {
      table: 'correction_requests',
      where: { seq },
      rows: [{ seq, id: request.requestId, claim_id: request.claimId, status: request.status, requested_at: request.requestedAt, last_position: position, doc: JSON.stringify(request) }],
    },
  ],
  live: false,
};

export const correctionRequestProjections: readonly Projection[] = [correctionRequestsProjection];
