import type { StandardsFigures, StandardsReport } from '../domain/standards';
import { CsvCell, writeCsv } from './csv';

/** Column names of the CSV export: one line per fact-check, then one line of totals. */
export const STANDARDS_CSV_HEADER = [
  'row',
  'periodFrom',
  'periodTo',
  'claimId',
  'statement',
  'published',
  'rating',
  'consensusRating',
  'departedFromConsensus',
  'departures',
  'justification',
  'editorId',
  'scaleVersion',
  'sources',
  'reviewers',
  'reviewerIds',
  'corrections',
  'correctionRequests',
  'requestsDeclined',
  'requestsAnswered',
  'medianSecondsRequestToCorrection',
  'retractions',
  'staleVerdicts',
  'refusedSelfReviews',
] as const;

const counts = (f: StandardsFigures): CsvCell[] => [
  f.sources,
  f.reviewers,
  f.reviewerIds.join(' '),
  f.corrections,
  f.correctionRequests,
  f.requestsDeclined,
  f.requestsAnswered,
  f.medianSecondsRequestToCorrection,
  f.retractions,
  f.staleVerdicts,
  f.refusedSelfReviews,
];

/** The report as CSV (UTF-8; the caller adds a byte-order mark for spreadsheets). */
export function standardsReportCsv(report: StandardsReport): string {
  const rows: CsvCell[][] = report.factChecks.map((f) => [
    'fact-check',
    report.from,
    report.to,
    f.claimId,
    f.statement,
    f.published,
    f.rating,
    f.consensusRating,
    f.departedFromConsensus,
    f.departures,
    f.justification,
    f.editorId,
    f.scaleVersion,
    ...counts(f),
  ]);
  const t = report.total;
  // The total line: no claim, rating, consensus, justification or editor of its own.
  rows.push(['total', report.from, report.to, null, null, t.published, null, null, null, t.departures, null, null, null, ...counts(t)]);
  return writeCsv(STANDARDS_CSV_HEADER, rows);
}
