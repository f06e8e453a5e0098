import { Injectable } from '@nestjs/common';
import { InvalidArgument } from '../../shared/refusal';
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
    if (after !== undefined) {
      const position = Number(Buffer.from(after, 'base64url').toString('utf8').replace(/^activity:/, ''));
      if (!after || !Number.isSafeInteger(position) || !Buffer.from(after, 'base64url').toString('utf8').startsWith('activity:')) {
        throw new InvalidArgument('after is not a cursor this service issued', { field: 'after' });
      }
      where.push('position > ?');
      params.push(position);
    }
    if (filter.from) where.push('at >= ?'), params.push(filter.from);
    if (filter.to) where.push('at <= ?'), params.push(filter.to.length === 10 ? `${filter.to}T23:59:59.999Z` : filter.to);
    if (filter.eventTypes?.length) where.push(`event_type IN (${filter.eventTypes.map(() => '?').join(', ')})`), params.push(...filter.eventTypes);
    const rows = this.readModels.db
      .prepare(
        `SELECT position, actor_id AS actorId, actor_name AS actorName, claim_id AS claimId, revision, event_type AS eventType, at, summary
         FROM activity WHERE ${where.join(' AND ')} ORDER BY position ASC LIMIT ?`,
      )
      .all(...params, first + 1) as ActivityEntry[];
    const entries = rows.slice(0, first);
    return { entries, hasNextPage: rows.length > first, cursors: entries.map((e) => Buffer.from(`activity:${e.position}`).toString('base64url')) };
  }
}
