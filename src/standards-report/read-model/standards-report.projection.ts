import type { JsonObject, JsonValue, RecordedEvent } from '../../event-store/event-store.port';
import type { Projection } from '../../projections/projection';
import type { Act } from '../domain/standards';

/**
 * The standards report's read model: per claim, the acts the report counts (publications,
 * corrections, retractions, verdicts going stale, refused self-reviews, correction requests and
 * their answers), each with the time it happened. Fed from three kinds of stream:
 * `claim-<id>`, `correction-request-<id>` and `desk-refusals`, all keyed on the claim's id.
 *
 * It reads event data by field name rather than through the claims' upcasters: it only needs
 * fields every schema version of these events has, and it must keep working on events newer than
 * the claims code it was built with (VerdictRecorded v2, VerdictConfirmed).
 */
export const STANDARDS_SCHEMA = `
CREATE TABLE IF NOT EXISTS standards_claims (
  claim_id TEXT    PRIMARY KEY,
  seq      INTEGER NOT NULL,          -- global position of the first event seen: the report's order
  doc      TEXT    NOT NULL           -- StandardsState as JSON
);
CREATE TABLE IF NOT EXISTS standards_acts (
  claim_id TEXT    NOT NULL,
  n        INTEGER NOT NULL,          -- the act's place among the claim's acts
  kind     TEXT    NOT NULL,
  at       TEXT    NOT NULL,          -- when the act happened (UTC ISO)
  PRIMARY KEY (claim_id, n)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS standards_acts_at ON standards_acts (at);
`;

interface CitationSeen {
  url: string;
  excerpt: string;
  stance: string;
  retracted: boolean;
}

interface VerdictSeen {
  reviewerId: string;
  citationIds: string[];
  withdrawn: boolean;
  /** Something the reviewer saw changed since the verdict's basis, and it was not confirmed or revised since. */
  stale: boolean;
}

export interface StandardsState {
  claimId: string;
  seq: number;
  statement: string | null;
  /** Claimant as canonical text, to tell a real change from a repeat of the same value. */
  claimant: string | null;
  claimDate: string | null;
  citations: Record<string, CitationSeen>;
  verdicts: Record<string, VerdictSeen>;
  publication: { citationIds: string[]; reviewerIds: string[] } | null;
  /** Correction requests not yet answered: their id and when they were made. */
  requests: Record<string, string>;
  acts: Act[];
}

export const CLAIM_EVENT_TYPES = [
  'ClaimSubmitted',
  'ClaimDetailsRevised',
  'CitationAdded',
  'CitationRevised',
  'CitationRetracted',
  'VerdictRecorded',
  'VerdictRevised',
  'VerdictConfirmed',
  'VerdictWithdrawn',
  'FactCheckPublished',
  'FactCheckCorrected',
  'FactCheckRetracted',
] as const;
export const CORRECTION_REQUEST_EVENT_TYPES = ['CorrectionRequested', 'CorrectionRequestDeclined', 'CorrectionRequestAccepted'] as const;
export const SELF_REVIEW_REFUSED = 'SelfReviewRefused';

const CLAIM_STREAM_PREFIX = 'claim-';

const text = (value: JsonValue | undefined): string => (typeof value === 'string' ? value : '');
const texts = (value: JsonValue | undefined): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);
const object = (value: JsonValue | undefined): JsonObject => (value !== null && typeof value === 'object' && !Array.isArray(value) ? value : {});
const has = (data: JsonObject, field: string) => Object.prototype.hasOwnProperty.call(data, field);

/** The act's time as the report compares it: UTC ISO text (what the service writes; other spellings normalised). */
function instant(value: JsonValue | undefined): string {
  const raw = text(value);
  const ms = Date.parse(raw);
  return Number.isNaN(ms) ? raw : new Date(ms).toISOString();
}

/** Claimant objects compared by their fields, in a fixed order. */
function claimantKey(value: JsonValue | undefined): string {
  const c = object(value);
  return JSON.stringify([text(c.name), text(c.kind)]);
}

function newState(claimId: string, seq: number): StandardsState {
  return { claimId, seq, statement: null, claimant: null, claimDate: null, citations: {}, verdicts: {}, publication: null, requests: {}, acts: [] };
}

/** Every standing verdict that is current and rests on what changed goes stale, with the reason. */
function goStale(state: StandardsState, at: string, reason: string, concerns: (verdict: VerdictSeen) => boolean): StandardsState {
  const verdicts = { ...state.verdicts };
  const acts = [...state.acts];
  for (const [verdictId, verdict] of Object.entries(state.verdicts)) {
    if (verdict.withdrawn || verdict.stale || !concerns(verdict)) continue;
    verdicts[verdictId] = { ...verdict, stale: true };
    acts.push({ kind: 'VERDICT_STALE', at, verdictId, reviewerId: verdict.reviewerId, reason });
  }
  return acts.length === state.acts.length ? state : { ...state, verdicts, acts };
}

/** Distinct citations not retracted, of those given. */
function standingCount(state: StandardsState, citationIds: readonly string[]): number {
  return new Set(citationIds.filter((id) => state.citations[id] && !state.citations[id].retracted)).size;
}

function evolveClaim(state: StandardsState, type: string, data: JsonObject): StandardsState {
  const at = instant(data.at);
  switch (type) {
    case 'ClaimSubmitted':
      return { ...state, statement: text(data.statement), claimant: claimantKey(data.claimant), claimDate: text(data.claimDate) };
    case 'ClaimDetailsRevised': {
      const changes = object(data.changes);
      const changed: string[] = [];
      const next = { ...state };
      if (has(changes, 'statement') && text(changes.statement) !== state.statement) changed.push('statement'), (next.statement = text(changes.statement));
      if (has(changes, 'claimant') && claimantKey(changes.claimant) !== state.claimant) changed.push('claimant'), (next.claimant = claimantKey(changes.claimant));
      if (has(changes, 'claimDate') && text(changes.claimDate) !== state.claimDate) changed.push('claimDate'), (next.claimDate = text(changes.claimDate));
      if (changed.length === 0) return state;
      return goStale(next, at, `the claim's ${changed.join(', ')} changed`, () => true);
    }
    case 'CitationAdded': {
      const citationId = text(data.citationId);
      return { ...state, citations: { ...state.citations, [citationId]: { url: text(data.url), excerpt: text(data.excerpt), stance: text(data.stance), retracted: false } } };
    }
    case 'CitationRevised': {
      const citationId = text(data.citationId);
      const before = state.citations[citationId];
      if (!before) return state;
      const changes = object(data.changes);
      const after = { ...before };
      const changed: string[] = [];
      for (const field of ['url', 'excerpt', 'stance'] as const) {
        if (has(changes, field) && text(changes[field]) !== before[field]) changed.push(field), (after[field] = text(changes[field]));
      }
      if (changed.length === 0) return state;
      const next = { ...state, citations: { ...state.citations, [citationId]: after } };
      return goStale(next, at, `citation ${citationId}'s ${changed.join(', ')} changed`, (v) => v.citationIds.includes(citationId));
    }
    case 'CitationRetracted': {
      const citationId = text(data.citationId);
      const before = state.citations[citationId];
      return before ? { ...state, citations: { ...state.citations, [citationId]: { ...before, retracted: true } } } : state;
    }
    case 'VerdictRecorded':
      return {
        ...state,
        verdicts: { ...state.verdicts, [text(data.verdictId)]: { reviewerId: text(object(data.by).id), citationIds: texts(data.citationIds), withdrawn: false, stale: false } },
      };
    case 'VerdictRevised':
    case 'VerdictConfirmed': {
      const verdictId = text(data.verdictId);
      const before = state.verdicts[verdictId];
      if (!before) return state;
      // A revision brings a new basis and maybe new citations; a confirmation keeps the citations: either way it is current again.
      const citationIds = type === 'VerdictRevised' ? texts(data.citationIds) : before.citationIds;
      return { ...state, verdicts: { ...state.verdicts, [verdictId]: { ...before, citationIds, stale: false } } };
    }
    case 'VerdictWithdrawn': {
      const verdictId = text(data.verdictId);
      const before = state.verdicts[verdictId];
      return before ? { ...state, verdicts: { ...state.verdicts, [verdictId]: { ...before, withdrawn: true } } } : state;
    }
    case 'FactCheckPublished': {
      const citationIds = texts(data.citationIds);
      const reviewerIds = [...new Set(texts(data.verdictIds).flatMap((id) => (state.verdicts[id] ? [state.verdicts[id].reviewerId] : [])))].sort();
      const consensus = data.consensusRating;
      const justification = data.justification;
      const scaleVersion = object(data.methodology).scaleVersion;
      const act: Act = {
        kind: 'PUBLISHED',
        at,
        editorId: text(object(data.by).id),
        rating: text(data.rating),
        consensusRating: typeof consensus === 'string' ? consensus : null,
        justification: typeof justification === 'string' ? justification : null,
        scaleVersion: typeof scaleVersion === 'string' ? scaleVersion : null,
        sources: standingCount(state, citationIds),
        reviewerIds,
      };
      return { ...state, publication: { citationIds, reviewerIds }, acts: [...state.acts, act] };
    }
    case 'FactCheckCorrected': {
      const publication = state.publication ?? { citationIds: [], reviewerIds: [] };
      const citationIds = [...publication.citationIds, ...texts(data.addedCitationIds)];
      const act: Act = { kind: 'CORRECTED', at, sources: standingCount(state, citationIds), reviewerIds: publication.reviewerIds };
      return { ...state, publication: { ...publication, citationIds }, acts: [...state.acts, act] };
    }
    case 'FactCheckRetracted':
      return { ...state, acts: [...state.acts, { kind: 'RETRACTED', at }] };
    case 'CorrectionRequested': {
      const requestId = text(data.requestId);
      return { ...state, requests: { ...state.requests, [requestId]: at }, acts: [...state.acts, { kind: 'REQUEST_RECEIVED', at, requestId }] };
    }
    case 'CorrectionRequestDeclined': {
      const requestId = text(data.requestId);
      const { [requestId]: _answered, ...requests } = state.requests;
      return { ...state, requests, acts: [...state.acts, { kind: 'REQUEST_DECLINED', at, requestId }] };
    }
    case 'CorrectionRequestAccepted': {
      const requestId = text(data.requestId);
      const { [requestId]: requestedAt, ...requests } = state.requests;
      // Counted when the correction answering it was published; `at` (the acceptance) when the event does not say.
      const correctedAt = has(data, 'correctedAt') ? instant(data.correctedAt) : at;
      const waitMs = requestedAt === undefined ? null : Math.max(0, Date.parse(correctedAt) - Date.parse(requestedAt));
      return { ...state, requests, acts: [...state.acts, { kind: 'REQUEST_ANSWERED', at: correctedAt, requestId, waitMs: Number.isNaN(waitMs) ? null : waitMs }] };
    }
    case SELF_REVIEW_REFUSED:
      return { ...state, acts: [...state.acts, { kind: 'SELF_REVIEW_REFUSED', at, actorId: text(object(data.actor).id), attempted: text(data.attempted) }] };
    default:
      return state;
  }
}

/** The claim an event concerns: its stream's for claim events, `data.claimId` for the others. */
function claimIdOf(event: RecordedEvent): string {
  if (event.stream.startsWith(CLAIM_STREAM_PREFIX)) return event.stream.slice(CLAIM_STREAM_PREFIX.length);
  return text(event.data.claimId);
}

export const standardsReportProjection: Projection<StandardsState> = {
  name: 'standards-report',
  version: 1,
  schema: STANDARDS_SCHEMA,
  // No stream prefix: the events come from three kinds of stream; types this report does not count are skipped.
  handles: { types: [...CLAIM_EVENT_TYPES, ...CORRECTION_REQUEST_EVENT_TYPES, SELF_REVIEW_REFUSED] },
  keyOf: claimIdOf,
  load: { table: 'standards_claims', column: 'claim_id', read: (row) => JSON.parse(String(row.doc)) as StandardsState },
  evolve(state, event) {
    const claimId = claimIdOf(event);
    if (claimId === '') return state;
    const isClaimStream = event.stream.startsWith(CLAIM_STREAM_PREFIX);
    // A request or refusal only counts for a claim the report knows; the claim's events come first in the log.
    if (!state && !(isClaimStream && event.type === 'ClaimSubmitted')) return state;
    const current = state ?? newState(claimId, event.position);
    const next = evolveClaim(current, event.type, event.data);
    return next === current && state ? state : next;
  },
  rows: (state) => [
    { table: 'standards_claims', where: { claim_id: state.claimId }, rows: [{ claim_id: state.claimId, seq: state.seq, doc: JSON.stringify(state) }] },
    { table: 'standards_acts', where: { claim_id: state.claimId }, rows: state.acts.map((act, n) => ({ claim_id: state.claimId, n, kind: act.kind, at: act.at })) },
  ],
  // Nobody follows the report live: its keys would only crowd the change feed.
  live: false,
};

export const standardsReportProjections: readonly Projection[] = [standardsReportProjection];
