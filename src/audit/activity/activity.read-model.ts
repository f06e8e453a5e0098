import { Injectable } from '@nestjs/common';
import { InvalidArgument } from '../../shared/refusal';
import { cursorsFor } from '../../shared/cursor';
import { ISO_DATE_OR_DATE_TIME_RULE, utcBound } from '../../shared/instant';
import { ReadModelsService } from '../../projections/read-models.service';

export interface ActivityEntry {
  position: number;
  actorId: string;
  actorName: string;
  claimId: string;
  revision: number;
  eventType: string;
  at: string;
  summary: string;
}

export interface ActivityFilter {
  from?: string;
  to?: string;
  eventTypes?: string[];
}

export const MAX_ACTIVITY_PAGE = 200;

@Injectable()
export class ActivityReadModel {
  constructor(private readonly readModels: ReadModelsService) {}

  /** What one person did across claims, in the order it was recorded; keyset-paginated by position. */
  list(actorId: string, filter: ActivityFilter, first = 50, after?: string): { entries: ActivityEntry[]; hasNextPage: boolean; cursors: string[] } {
    if (!Number.isInteger(first) || first < 1 || first > MAX_ACTIVITY_PAGE) {
      throw new InvalidArgument(`first must be between 1 and ${MAX_ACTIVITY_PAGE}`, { field: 'first' });
    }
    const where = ['actor_id = ?'];
    const params: (string | number)[] = [actorId];
    // Tied to the actor and the filters: a cursor of someone else's activity, or of another filter, is refused.
    // Stored times are UTC ISO text: each bound becomes its UTC instant (a bare date: that whole UTC day),
    // so two spellings of one instant are one filter, for the cursor too.
    const from = filter.from ? bound(filter.from, 'from') : null;
    const to = filter.to ? bound(filter.to, 'to') : null;
    const cursors = cursorsFor({ actorId, from, to, eventTypes: filter.eventTypes ?? null }, 'activity query (actor or filter)');
    if (after != null) {
      where.push('position > ?');
      params.push(cursors.decode(after, ['int'])[0]);
    }
    if (from !== null) where.push('at >= ?'), params.push(from);
    if (to !== null) where.push('at <= ?'), params.push(to);
    // One parameter for the list, whatever its length: one SQL text per combination of filters.
    if (filter.eventTypes?.length) where.push('event_type IN (SELECT value FROM json_each(?))'), params.push(JSON.stringify([...new Set(filter.eventTypes)]));
    const rows = this.readModels.db
      .prepare(
        `SELECT position, actor_id AS actorId, actor_name AS actorName, claim_id AS claimId, revision, event_type AS eventType, at, summary
         FROM activity WHERE ${where.join(' AND ')} ORDER BY position ASC LIMIT ?`,
      )
      .all(...params, first + 1) as ActivityEntry[];
    const entries = rows.slice(0, first);
    return { entries, hasNextPage: rows.length > first, cursors: entries.map((e) => cursors.encode([e.position])) };
  }
}

/** A range bound as stored times compare with it; refused (not misread) when it is not strict ISO 8601. */
function bound(value: string, side: 'from' | 'to'): string {
  const text = utcBound(value, side);
  if (text === null) throw new InvalidArgument(`${side} must be ${ISO_DATE_OR_DATE_TIME_RULE}`, { field: side });
  return text;
}
