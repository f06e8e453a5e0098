import { summarize } from '../history-summary';
import { CLAIM_STREAM_PREFIX, toClaimEvent } from '../../claims/application/claim-stream';
import { CLAIM_EVENT_SCHEMA_VERSIONS } from '../../claims/domain/claim';
import type { Projection, Row } from '../../projections/projection';
import { NOTES_STREAM_PREFIX } from '../../notes/application/notes-stream';

const ACTIVITY_SCHEMA = `
CREATE TABLE IF NOT EXISTS activity (
  position   INTEGER PRIMARY KEY,
  actor_id   TEXT    NOT NULL,
  actor_name TEXT    NOT NULL,
  claim_id   TEXT    NOT NULL,
  revision   INTEGER NOT NULL,
  event_type TEXT    NOT NULL,
  at         TEXT    NOT NULL,   -- when it was recorded (ISO)
  summary    TEXT    NOT NULL
);
CREATE INDEX IF NOT EXISTS activity_actor ON activity (actor_id, position);
`;

/**
 * Who did what, across claims, in log order: the index behind `actorActivity`. Append-only: each
 * event is its own key (its position) and becomes one row, so nothing is loaded first.
 */
export const activityProjection: Projection<Row> = {
  name: 'activity',
  version: 1,
  schema: ACTIVITY_SCHEMA,
  // Internal notes (claim-notes-<id>) share the prefix but are not a claim's acts: not part of anyone's activity.
  handles: { streamPrefix: CLAIM_STREAM_PREFIX, exceptStreamPrefixes: [NOTES_STREAM_PREFIX], types: Object.keys(CLAIM_EVENT_SCHEMA_VERSIONS) },
  keyOf: (event) => String(event.position),
  evolve(_none, event) {
    const claimEvent = toClaimEvent(event);
    return {
      position: event.position,
      actor_id: String(event.metadata.actorId ?? claimEvent.data.by.id),
      actor_name: String(event.metadata.actorName ?? claimEvent.data.by.name),
      claim_id: event.stream.slice(CLAIM_STREAM_PREFIX.length),
      revision: event.revision,
      event_type: event.type,
      at: event.recordedAt.toISOString(),
      summary: summarize(claimEvent),
    };
  },
  rows: (row) => [{ table: 'activity', where: { position: row.position }, rows: [row] }],
  // Nobody follows activity live: its keys would only crowd the change feed.
  live: false,
};

/** Every projection of the audit feature: what AuditModule registers, and scripts and the bench run. */
export const auditProjections: readonly Projection[] = [activityProjection];
