import { Injectable } from '@nestjs/common';
import { ReadModelsService } from '../../projections/read-models.service';
import { ISO_DATE_OR_DATE_TIME_RULE, utcBound } from '../../shared/instant';
import { InvalidArgument } from '../../shared/refusal';
import { StandardsReport, standardsReport } from '../domain/standards';
import type { StandardsState } from './standards-report.projection';

/** Without bounds the report covers everything the log holds. */
const EARLIEST = '0000-01-01T00:00:00.000Z';
const LATEST = '9999-12-31T23:59:59.999Z';

@Injectable()
export class StandardsReportReadModel {
  constructor(private readonly readModels: ReadModelsService) {}

  /** The report for a period: both bounds inclusive, a bare date meaning that whole UTC day. */
  report(range: { from?: string | null; to?: string | null }): StandardsReport {
    const from = range.from ? bound(range.from, 'from') : EARLIEST;
    const to = range.to ? bound(range.to, 'to') : LATEST;
    if (from > to) throw new InvalidArgument('from must not be after to', { field: 'from' });
    const rows = this.readModels.db
      .prepare(
        `SELECT doc FROM standards_claims
         WHERE claim_id IN (SELECT claim_id FROM standards_acts WHERE at >= ? AND at <= ?)
         ORDER BY seq ASC`,
      )
      .all(from, to) as { doc: string }[];
    const claims = rows.map((row) => JSON.parse(row.doc) as StandardsState);
    return standardsReport(from, to, claims);
  }
}

/** A range bound as stored times compare with it; refused (not misread) when it is not strict ISO 8601. */
function bound(value: string, side: 'from' | 'to'): string {
  const text = utcBound(value, side);
  if (text === null) throw new InvalidArgument(`${side} must be ${ISO_DATE_OR_DATE_TIME_RULE}`, { field: side });
  // A bare date bound ("2026-12-01") compares as text with stored instants from that day's start.
  return text.length === 10 ? `${text}T00:00:00.000Z` : text;
}
