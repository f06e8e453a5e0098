/**
 * A claim's events and the state folded from them. One stream per claim ("claim-<id>").
 *
 * Every event names the person who acted (`by`) and when (`at`): the domain needs them
 * (whose verdict, whose citation, when published) and so does every reader of the history.
 * The envelope metadata (correlation, causation, schema version) is added by the application layer.
 */

import { contentHash } from '../../shared/content-hash';

export interface ActorRef {
  id: string;
  name: string;
}

export type ClaimantKind = 'PERSON' | 'ORGANIZATION';
/** How a source bears on the claim: the one list the domain, the API and the case-file format share. */
export const CITATION_STANCES = ['SUPPORTS', 'REFUTES', 'CONTEXT'] as const;
export type CitationStance = (typeof CITATION_STANCES)[number];
export type ClaimStatus = 'DRAFT' | 'IN_REVIEW' | 'PUBLISHED' | 'REJECTED' | 'RETRACTED';

export interface Claimant {
  name: string;
  kind: ClaimantKind;
}

export interface Appearance {
  url: string;
  outlet: string;
  /** ISO date (YYYY-MM-DD) or date-time the claim appeared there. */
  appearedAt: string;
  firstAppearance: boolean;
}

export interface ClaimDetails {
  statement: string;
  claimant: Claimant;
  /** ISO date the claim was made. */
  claimDate: string;
  appearances: Appearance[];
  /** BCP 47 language tag of the statement, e.g. "en", "ru", "az". */
  language: string;
  topics: string[];
}

export interface CitationDetails {
  url: string;
  title: string;
  publisher: string;
  publishedAt: string | null;
  excerpt: string;
  stance: CitationStance;
  note: string | null;
  /** A snapshot of the source in a web archive (added in CitationAdded v2). */
  archivedUrl: string | null;
}

/**
 * What a reviewer saw when they rated: the claim's revision (counting changes of statement, claimant
 * or claim date) and the content hash of each citation the verdict cites (its url, excerpt and stance).
 * A verdict whose basis no longer matches the claim is stale: it stops counting until confirmed or revised.
 */
export interface VerdictBasis {
  claimRevision: number;
  citationHashes: { [citationId: string]: string };
}

/** What changes the claim a verdict rates: its revision goes up when one of these changes. */
export const MATERIAL_CLAIM_FIELDS = ['statement', 'claimant', 'claimDate'] as const;
export type MaterialClaimField = (typeof MATERIAL_CLAIM_FIELDS)[number];
/** What of a citation a verdict rests on: its content hash covers these. */
export const CITED_CONTENT_FIELDS = ['url', 'excerpt', 'stance'] as const;
export type CitedContentField = (typeof CITED_CONTENT_FIELDS)[number];
/** The material fields of a claim as they stood at one claim revision. */
export type MaterialClaimDetails = Pick<ClaimDetails, MaterialClaimField>;

/** A rating as a publication pins it: the scale in force, read the same way forever after. */
export interface PinnedRating {
  key: string;
  value: number;
  label: string;
  onScale: boolean;
}

/** The desk rules in force at publication, as recorded with it. */
export interface PinnedPolicy {
  minReviewers: number;
  minSources: number;
  requireIndependentEditor: boolean;
}

/** The rating scale and desk policy a fact-check was published under (FactCheckPublished v2). */
export interface Methodology {
  scaleVersion: string;
  scaleHash: string;
  scale: PinnedRating[];
  policy: PinnedPolicy;
  policyHash: string;
}

interface Stamped {
  by: ActorRef;
  /** ISO date-time the act happened (the injected clock's time when it was decided). */
  at: string;
}

// ---- Events -------------------------------------------------------------------------------------

export type ClaimSubmitted = { type: 'ClaimSubmitted'; data: Stamped & { claimId: string } & ClaimDetails };
export type ClaimDetailsRevised = { type: 'ClaimDetailsRevised'; data: Stamped & { claimId: string; changes: Partial<ClaimDetails>; reason: string } };
export type ReviewersAssigned = { type: 'ReviewersAssigned'; data: Stamped & { claimId: string; reviewers: ActorRef[] } };
export type ReviewerUnassigned = { type: 'ReviewerUnassigned'; data: Stamped & { claimId: string; reviewerId: string; reason: string } };
export type ClaimReviewStarted = { type: 'ClaimReviewStarted'; data: Stamped & { claimId: string } };
export type CitationAdded = { type: 'CitationAdded'; data: Stamped & { claimId: string; citationId: string } & CitationDetails };
export type CitationRevised = {
  type: 'CitationRevised';
  data: Stamped & { claimId: string; citationId: string; changes: Partial<CitationDetails>; reason: string };
};
export type CitationRetracted = { type: 'CitationRetracted'; data: Stamped & { claimId: string; citationId: string; reason: string } };
/** `basis` is null only in events stored as v1: evolve then takes it from the state as it stood (what the reviewer saw). */
export type VerdictRecorded = {
  type: 'VerdictRecorded';
  data: Stamped & { claimId: string; verdictId: string; rating: string; rationale: string; citationIds: string[]; basis: VerdictBasis | null };
};
export type VerdictRevised = {
  type: 'VerdictRevised';
  data: Stamped & { claimId: string; verdictId: string; rating: string; rationale: string; citationIds: string[]; reason: string; basis: VerdictBasis | null };
};
/** The reviewer looked again at what changed and stands by the verdict: it rests on the new basis. */
export type VerdictConfirmed = { type: 'VerdictConfirmed'; data: Stamped & { claimId: string; verdictId: string; basis: VerdictBasis } };
export type VerdictWithdrawn = { type: 'VerdictWithdrawn'; data: Stamped & { claimId: string; verdictId: string; reason: string } };
export type ClaimRejected = { type: 'ClaimRejected'; data: Stamped & { claimId: string; reason: string } };
export type ClaimReopened = { type: 'ClaimReopened'; data: Stamped & { claimId: string; reason: string } };
/** What a publication decides; the published fact-check in the state holds the same, plus who and when. */
export interface PublicationDecision {
  rating: string;
  summary: string;
  /** The reviewers' shared rating, or null when their verdicts disagree. */
  consensusRating: string | null;
  /** Why the editor's rating departs from the consensus; null when it does not. */
  justification: string | null;
  verdictIds: string[];
  citationIds: string[];
  /** The scale and policy in force (v2); null for a fact-check published (v1) before they were recorded. */
  methodology: Methodology | null;
}

export type FactCheckPublished = { type: 'FactCheckPublished'; data: Stamped & { claimId: string } & PublicationDecision };
/** What a correction decides; the state keeps each correction as this, plus who and when. */
export interface CorrectionDecision {
  note: string;
  previousRating: string;
  newRating: string;
  previousSummary: string;
  newSummary: string;
  /** Citations the corrected fact-check now also rests on. */
  addedCitationIds: string[];
  /**
   * Why a new rating departs from the reviewers' verdicts (v2); null when the rating did not change,
   * when it agrees with every standing verdict, and for corrections stored as v1.
   */
  justification: string | null;
}

export type FactCheckCorrected = { type: 'FactCheckCorrected'; data: Stamped & { claimId: string } & CorrectionDecision };
export type FactCheckRetracted = { type: 'FactCheckRetracted'; data: Stamped & { claimId: string; note: string } };

/**
 * Another desk's fact-check (a ClaimReview it published), kept as a read-only reference: the fields read
 * from it beside the document itself, verbatim (canonical JSON). `by` is whoever imported it; `at` when.
 */
export interface ExternalReview {
  /** The ClaimReview's `url`: what identifies it (the claim id is derived from it). */
  url: string;
  publisher: { name: string; url: string | null };
  /** Every author, the publisher first (absent in events before it was kept: then the publisher alone). */
  authors?: { name: string; url: string | null }[];
  /** As the document gives it (a date or a date-time). */
  datePublished: string;
  /** The document's dateModified; absent in older events (then read from the document). */
  dateModified?: string | null;
  /** The document's CorrectionComments (absent in older events: then none was read). */
  corrections?: { text: string; datePublished: string }[];
  rating: { alternateName: string | null; ratingValue: number | null; bestRating: number | null; worstRating: number | null };
  reviewBody: string | null;
  /** The ClaimReview as imported, as canonical JSON (sorted keys): what its export serves back. */
  document: string;
}
export type ExternalFactCheckImported = {
  type: 'ExternalFactCheckImported';
  data: Stamped & { claimId: string; details: ClaimDetails; review: ExternalReview };
};
/** The other desk changed its document (a correction on their side): the whole new reading replaces the old. */
export type ExternalFactCheckUpdated = {
  type: 'ExternalFactCheckUpdated';
  data: Stamped & { claimId: string; details: ClaimDetails; review: ExternalReview };
};

export type ClaimEvent =
  | ExternalFactCheckImported
  | ExternalFactCheckUpdated
  | ClaimSubmitted
  | ClaimDetailsRevised
  | ReviewersAssigned
  | ReviewerUnassigned
  | ClaimReviewStarted
  | CitationAdded
  | CitationRevised
  | CitationRetracted
  | VerdictRecorded
  | VerdictRevised
  | VerdictWithdrawn
  | VerdictConfirmed
  | ClaimRejected
  | ClaimReopened
  | FactCheckPublished
  | FactCheckCorrected
  | FactCheckRetracted;

export type ClaimEventType = ClaimEvent['type'];

/** Current schema version of each event's data; bumped (with an upcaster) when a shape changes. */
export const CLAIM_EVENT_SCHEMA_VERSIONS: Record<ClaimEventType, number> = {
  ClaimSubmitted: 1,
  ClaimDetailsRevised: 1,
  ReviewersAssigned: 1,
  ReviewerUnassigned: 1,
  ClaimReviewStarted: 1,
  CitationAdded: 2,
  CitationRevised: 1,
  CitationRetracted: 1,
  VerdictRecorded: 2,
  VerdictRevised: 2,
  VerdictWithdrawn: 1,
  VerdictConfirmed: 1,
  ClaimRejected: 1,
  ClaimReopened: 1,
  FactCheckPublished: 2,
  FactCheckCorrected: 2,
  FactCheckRetracted: 1,
  ExternalFactCheckImported: 1,
  ExternalFactCheckUpdated: 1,
};

export function isClaimEventType(type: string): type is ClaimEventType {
  return Object.prototype.hasOwnProperty.call(CLAIM_EVENT_SCHEMA_VERSIONS, type);
}

// ---- State --------------------------------------------------------------------------------------

/** One version of what a verdict rests on in a citation, with its hash. */
export interface CitedContent {
  hash: string;
  url: string;
  excerpt: string;
  stance: CitationStance;
}

export interface Citation extends CitationDetails {
  id: string;
  addedBy: ActorRef;
  addedAt: string;
  revisedAt: string | null;
  retraction: { reason: string; by: ActorRef; at: string } | null;
  /** Every version of its cited content (url, excerpt, stance), oldest first: the last is the current one. */
  contents: CitedContent[];
  /** Added once the fact-check was published: desk-only until a correction includes it. */
  addedAfterPublication: boolean;
}

export interface Verdict {
  id: string;
  reviewer: ActorRef;
  rating: string;
  rationale: string;
  citationIds: string[];
  recordedAt: string;
  revisedAt: string | null;
  revisions: number;
  withdrawal: { reason: string; at: string } | null;
  /** What the reviewer saw when they last recorded, revised or confirmed it. */
  basis: VerdictBasis;
  confirmedAt: string | null;
}

export interface Publication extends PublicationDecision {
  publishedBy: ActorRef;
  publishedAt: string;
}

export interface Correction extends CorrectionDecision {
  by: ActorRef;
  at: string;
}

export interface ExistingClaim extends ClaimDetails {
  exists: true;
  id: string;
  /** Revision of the last event folded in: what a client passes as `expectedRevision`. */
  revision: number;
  status: ClaimStatus;
  submittedBy: ActorRef;
  submittedAt: string;
  updatedAt: string;
  assignees: ActorRef[];
  citations: Citation[];
  verdicts: Verdict[];
  rejection: { reason: string; by: ActorRef; at: string } | null;
  publication: Publication | null;
  corrections: Correction[];
  retraction: { note: string; by: ActorRef; at: string } | null;
  /** Goes up with every revision that changes the statement, claimant or claim date (0 as submitted). */
  claimRevision: number;
  /**
   * The statement, claimant and claim date at each claim revision (entry i: at claimRevision i), so
   * staleness compares what a verdict's reviewer saw with what the claim says now: a field changed
   * and changed back reads as it did.
   */
  claimRevisions: MaterialClaimDetails[];
  /** EXTERNAL for another desk's fact-check (read-only); absent (the desk's own) for every other claim. */
  origin?: 'EXTERNAL';
  /** What the other desk's ClaimReview says, for an EXTERNAL claim. */
  external?: ExternalReview;
}

/** Who made the claim, when another desk's ClaimReview does not say (events before this label stored ''). */
export const UNNAMED_CLAIMANT = 'Not named in the fact-check';

/** A pseudo-actor for the publisher of an external fact-check: never a person of this desk. */
export function externalPublisherRef(review: ExternalReview): ActorRef {
  return { id: `external:${review.publisher.url ?? review.publisher.name}`, name: review.publisher.name };
}

export type ClaimState = { exists: false; revision: number } | ExistingClaim;

export const initialClaimState = (): ClaimState => ({ exists: false, revision: -1 });

// ---- Evolve -------------------------------------------------------------------------------------

/**
 * Folds one event into the state. Pure; unknown transitions are the decider's job to prevent.
 * The domain's events carry no revision, so it counts: the application, which reads them from a
 * store whose streams need not start at 0, sets the stored event's own revision (evolveRecorded).
 */
export function evolve(state: ClaimState, event: ClaimEvent): ClaimState {
  const revision = state.revision + 1;
  if (event.type === 'ClaimSubmitted') {
    const { by, at, claimId, ...details } = event.data;
    return {
      exists: true,
      id: claimId,
      revision,
      status: 'DRAFT',
      ...details,
      submittedBy: by,
      submittedAt: at,
      updatedAt: at,
      assignees: [],
      citations: [],
      verdicts: [],
      rejection: null,
      publication: null,
      corrections: [],
      retraction: null,
      claimRevision: 0,
      claimRevisions: [materialOf(details)],
    };
  }
  if (event.type === 'ExternalFactCheckImported' || event.type === 'ExternalFactCheckUpdated') return evolveExternal(state, event, revision);
  if (!state.exists) return { ...state, revision };
  const next: ExistingClaim = { ...state, revision, updatedAt: event.data.at };

  switch (event.type) {
    case 'ClaimDetailsRevised': {
      const material = MATERIAL_CLAIM_FIELDS.filter((field) => event.data.changes[field] !== undefined);
      const revised = { ...next, ...event.data.changes };
      if (material.length === 0) return revised;
      return { ...revised, claimRevision: state.claimRevision + 1, claimRevisions: [...state.claimRevisions, materialOf(revised)] };
    }
    case 'ReviewersAssigned': {
      const known = new Set(state.assignees.map((a) => a.id));
      return { ...next, assignees: [...state.assignees, ...event.data.reviewers.filter((r) => !known.has(r.id))] };
    }
    case 'ReviewerUnassigned':
      return { ...next, assignees: state.assignees.filter((a) => a.id !== event.data.reviewerId) };
    case 'ClaimReviewStarted':
      return { ...next, status: 'IN_REVIEW' };
    case 'CitationAdded': {
      const { by, at, claimId: _claimId, citationId, ...details } = event.data;
      const citation: Citation = {
        id: citationId,
        ...details,
        addedBy: by,
        addedAt: at,
        revisedAt: null,
        retraction: null,
        contents: [citedContent(details)],
        addedAfterPublication: state.publication !== null,
      };
      return { ...next, citations: [...state.citations, citation] };
    }
    case 'CitationRevised':
      return {
        ...next,
        citations: state.citations.map((c) => {
          if (c.id !== event.data.citationId) return c;
          const revised = { ...c, ...event.data.changes, revisedAt: event.data.at };
          const content = citedContent(revised);
          const changed = content.hash !== c.contents[c.contents.length - 1]?.hash;
          return changed ? { ...revised, contents: [...c.contents, content] } : revised;
        }),
      };
    case 'CitationRetracted': {
      const { reason, by, at } = event.data;
      return { ...next, citations: state.citations.map((c) => (c.id === event.data.citationId ? { ...c, retraction: { reason, by, at } } : c)) };
    }
    case 'VerdictRecorded': {
      const { verdictId, by, at, rating, rationale, citationIds } = event.data;
      const basis = event.data.basis ?? basisOf(state, citationIds);
      const verdict: Verdict = {
        id: verdictId,
        reviewer: by,
        rating,
        rationale,
        citationIds,
        recordedAt: at,
        revisedAt: null,
        revisions: 0,
        withdrawal: null,
        basis,
        confirmedAt: null,
      };
      return { ...next, verdicts: [...state.verdicts, verdict] };
    }
    case 'VerdictRevised': {
      const { verdictId, at, rating, rationale, citationIds } = event.data;
      const basis = event.data.basis ?? basisOf(state, citationIds);
      return {
        ...next,
        verdicts: state.verdicts.map((v) => (v.id === verdictId ? { ...v, rating, rationale, citationIds, revisedAt: at, revisions: v.revisions + 1, basis } : v)),
      };
    }
    case 'VerdictConfirmed': {
      const { verdictId, at, basis } = event.data;
      return { ...next, verdicts: state.verdicts.map((v) => (v.id === verdictId ? { ...v, basis, confirmedAt: at } : v)) };
    }
    case 'VerdictWithdrawn': {
      const { verdictId, reason, at } = event.data;
      return { ...next, verdicts: state.verdicts.map((v) => (v.id === verdictId ? { ...v, withdrawal: { reason, at } } : v)) };
    }
    case 'ClaimRejected':
      return { ...next, status: 'REJECTED', rejection: { reason: event.data.reason, by: event.data.by, at: event.data.at } };
    case 'ClaimReopened':
      return { ...next, status: state.assignees.length > 0 ? 'IN_REVIEW' : 'DRAFT', rejection: null };
    case 'FactCheckPublished': {
      const { by, at, claimId: _claimId, ...publication } = event.data;
      return { ...next, status: 'PUBLISHED', publication: { ...publication, publishedBy: by, publishedAt: at } };
    }
    case 'FactCheckCorrected': {
      const { by, at, claimId: _claimId, ...correction } = event.data;
      const publication = state.publication && {
        ...state.publication,
        rating: correction.newRating,
        summary: correction.newSummary,
        citationIds: [...state.publication.citationIds, ...correction.addedCitationIds],
      };
      return { ...next, publication, corrections: [...state.corrections, { ...correction, by, at }] };
    }
    case 'FactCheckRetracted':
      return { ...next, status: 'RETRACTED', retraction: { note: event.data.note, by: event.data.by, at: event.data.at } };
    default: {
      const unhandled: never = event;
      throw new Error(`Unhandled claim event ${(unhandled as ClaimEvent).type}`);
    }
  }
}

/**
 * An external fact-check reads as a published claim of origin EXTERNAL: its publication is the other
 * desk's (their rating as they label it, their summary, their date), with no verdicts or citations of ours.
 */
function evolveExternal(state: ClaimState, event: ExternalFactCheckImported | ExternalFactCheckUpdated, revision: number): ClaimState {
  const { by, at, claimId, details, review } = event.data;
  const publisher = externalPublisherRef(review);
  const rating = review.rating.alternateName ?? String(review.rating.ratingValue);
  const summary = review.reviewBody ?? '';
  // The publisher's own CorrectionComments, as corrections by the publisher (the rating as it stands now).
  const corrections: Correction[] = (review.corrections ?? []).map((c) => ({
    note: c.text,
    previousRating: rating,
    newRating: rating,
    previousSummary: summary,
    newSummary: summary,
    addedCitationIds: [],
    justification: null,
    by: publisher,
    at: c.datePublished,
  }));
  const claimant = details.claimant.name === '' ? { ...details.claimant, name: UNNAMED_CLAIMANT } : details.claimant;
  return {
    exists: true,
    id: claimId,
    revision,
    status: 'PUBLISHED',
    ...details,
    claimant,
    submittedBy: state.exists ? state.submittedBy : by,
    submittedAt: state.exists ? state.submittedAt : at,
    updatedAt: at,
    assignees: [],
    citations: [],
    verdicts: [],
    rejection: null,
    publication: {
      rating,
      summary,
      consensusRating: null,
      justification: null,
      verdictIds: [],
      citationIds: [],
      methodology: null,
      publishedBy: publisher,
      publishedAt: review.datePublished,
    },
    corrections,
    retraction: null,
    claimRevision: 0,
    claimRevisions: [materialOf({ ...details, claimant })],
    origin: 'EXTERNAL',
    external: review,
  };
}

/** The statement, claimant and claim date of a claim. */
export function materialOf(claim: ClaimDetails): MaterialClaimDetails {
  return { statement: claim.statement, claimant: claim.claimant, claimDate: claim.claimDate };
}

/** A citation's cited content (url, excerpt, stance) with its hash. */
export function citedContent(c: Pick<CitationDetails, CitedContentField>): CitedContent {
  const content = { url: c.url, excerpt: c.excerpt, stance: c.stance };
  return { hash: contentHash(content), ...content };
}

/** What a reviewer sees now: the claim's revision and the current content hash of each cited citation. */
export function basisOf(claim: ExistingClaim, citationIds: string[]): VerdictBasis {
  const citationHashes: { [citationId: string]: string } = {};
  for (const id of citationIds) {
    const citation = claim.citations.find((c) => c.id === id);
    const current = citation?.contents[citation.contents.length - 1];
    if (current) citationHashes[id] = current.hash;
  }
  return { claimRevision: claim.claimRevision, citationHashes };
}

export function foldClaim(events: ClaimEvent[], state: ClaimState = initialClaimState()): ClaimState {
  return events.reduce(evolve, state);
}
