/**
 * The standards report's figures, as pure functions over the acts the projection keeps per claim.
 * Every act carries the time it happened (the event's own `at`): a report for a period counts the
 * acts whose time falls inside it, whatever was done before or after.
 */

/** What a publication or a correction leaves the fact-check resting on. */
interface Standing {
  /** Distinct citations the fact-check rests on after the act, not retracted at that time. */
  sources: number;
  /** Distinct reviewers of the verdicts the publication counted. */
  reviewerIds: string[];
}

export type Act =
  | ({ kind: 'PUBLISHED'; at: string; editorId: string; rating: string; consensusRating: string | null; justification: string | null; scaleVersion: string | null } & Standing)
  | ({ kind: 'CORRECTED'; at: string } & Standing)
  | { kind: 'RETRACTED'; at: string }
  | { kind: 'VERDICT_STALE'; at: string; verdictId: string; reviewerId: string; reason: string }
  | { kind: 'SELF_REVIEW_REFUSED'; at: string; actorId: string; attempted: string }
  | { kind: 'REQUEST_RECEIVED'; at: string; requestId: string }
  | { kind: 'REQUEST_DECLINED'; at: string; requestId: string }
  /** `at` is when the correction answering the request was published; null wait when the request is not in the log. */
  | { kind: 'REQUEST_ANSWERED'; at: string; requestId: string; waitMs: number | null };

export type ActKind = Act['kind'];

/** The median of the values (the mean of the two middle ones for an even count); null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** The figures of one fact-check (or of all of them) for one period. */
export interface StandardsFigures {
  /** Publications in the period. */
  published: number;
  /** Standing citations after the last publication or correction in the period; null when there was none. */
  sources: number | null;
  /** Distinct reviewers counted by the publication, as of its last publication or correction in the period; null when none. */
  reviewers: number | null;
  reviewerIds: string[];
  /** Publications in the period whose rating differs from a reviewer's standing verdict (see departs). */
  departures: number;
  corrections: number;
  correctionRequests: number;
  requestsDeclined: number;
  requestsAnswered: number;
  /** Median time from request to the correction answering it, over requests answered in the period (seconds). */
  medianSecondsRequestToCorrection: number | null;
  retractions: number;
  /** Distinct verdicts that went stale in the period. */
  staleVerdicts: number;
  refusedSelfReviews: number;
}

export interface FactCheckFigures extends StandardsFigures {
  claimId: string;
  statement: string | null;
  /** The last publication in the period: its rating, the consensus, and the editor's justification. */
  rating: string | null;
  consensusRating: string | null;
  departedFromConsensus: boolean | null;
  justification: string | null;
  editorId: string | null;
  scaleVersion: string | null;
}

export interface StandardsReport {
  from: string;
  to: string;
  factChecks: FactCheckFigures[];
  total: StandardsFigures & { factChecks: number };
}

/**
 * A publication departs from the reviewers when its rating differs from a reviewer's standing verdict,
 * stale or not (the rule that asks the editor for a justification): when they shared a rating and the
 * editor published another, and whenever they disagreed (consensusRating null: whatever the editor
 * published differs from someone's verdict).
 */
export const departs = (act: { rating: string; consensusRating: string | null }) => act.rating !== act.consensusRating;

const within = (from: string, to: string) => (act: Act) => act.at >= from && act.at <= to;

/**
 * The report for [from, to] (both inclusive, UTC ISO text as stored). A claim is in it when any of
 * its acts is in the period; the total adds up the claims' figures (reviewers: distinct people;
 * the median: over every answered request, not a median of medians).
 */
export function standardsReport(from: string, to: string, claims: readonly { claimId: string; statement: string | null; acts: readonly Act[] }[]): StandardsReport {
  const factChecks: FactCheckFigures[] = [];
  const waits: number[] = [];
  for (const claim of claims) {
    const acts = claim.acts.filter(within(from, to));
    if (acts.length === 0) continue;
    const claimWaits = acts.flatMap((a) => (a.kind === 'REQUEST_ANSWERED' && a.waitMs !== null ? [a.waitMs] : []));
    waits.push(...claimWaits);
    factChecks.push({ claimId: claim.claimId, statement: claim.statement, ...figuresOf(acts, claimWaits) });
  }
  const sum = (pick: (f: FactCheckFigures) => number | null) => factChecks.reduce((n, f) => n + (pick(f) ?? 0), 0);
  const reviewerIds = [...new Set(factChecks.flatMap((f) => f.reviewerIds))].sort();
  const anyStanding = factChecks.some((f) => f.sources !== null);
  return {
    from,
    to,
    factChecks,
    total: {
      factChecks: factChecks.filter((f) => f.published + f.corrections + f.retractions > 0).length,
      published: sum((f) => f.published),
      sources: anyStanding ? sum((f) => f.sources) : null,
      reviewers: anyStanding ? reviewerIds.length : null,
      reviewerIds,
      departures: sum((f) => f.departures),
      corrections: sum((f) => f.corrections),
      correctionRequests: sum((f) => f.correctionRequests),
      requestsDeclined: sum((f) => f.requestsDeclined),
      requestsAnswered: sum((f) => f.requestsAnswered),
      medianSecondsRequestToCorrection: seconds(median(waits)),
      retractions: sum((f) => f.retractions),
      staleVerdicts: sum((f) => f.staleVerdicts),
      refusedSelfReviews: sum((f) => f.refusedSelfReviews),
    },
  };
}

const seconds = (ms: number | null) => (ms === null ? null : ms / 1000);

function figuresOf(acts: readonly Act[], waits: number[]): Omit<FactCheckFigures, 'claimId' | 'statement'> {
  const count = (kind: ActKind) => acts.filter((a) => a.kind === kind).length;
  const publications = acts.filter((a): a is Extract<Act, { kind: 'PUBLISHED' }> => a.kind === 'PUBLISHED');
  const standing = acts.filter((a): a is Extract<Act, { kind: 'PUBLISHED' | 'CORRECTED' }> => a.kind === 'PUBLISHED' || a.kind === 'CORRECTED');
  const last = standing[standing.length - 1];
  const publication = publications[publications.length - 1];
  const stale = new Set(acts.flatMap((a) => (a.kind === 'VERDICT_STALE' ? [a.verdictId] : [])));
  return {
    published: publications.length,
    sources: last ? last.sources : null,
    reviewers: last ? last.reviewerIds.length : null,
    reviewerIds: last ? [...last.reviewerIds] : [],
    departures: publications.filter(departs).length,
    corrections: count('CORRECTED'),
    correctionRequests: count('REQUEST_RECEIVED'),
    requestsDeclined: count('REQUEST_DECLINED'),
    requestsAnswered: count('REQUEST_ANSWERED'),
    medianSecondsRequestToCorrection: seconds(median(waits)),
    retractions: count('RETRACTED'),
    staleVerdicts: stale.size,
    refusedSelfReviews: count('SELF_REVIEW_REFUSED'),
    rating: publication?.rating ?? null,
    consensusRating: publication?.consensusRating ?? null,
    departedFromConsensus: publication ? departs(publication) : null,
    justification: publication?.justification ?? null,
    editorId: publication?.editorId ?? null,
    scaleVersion: publication?.scaleVersion ?? null,
  };
}
