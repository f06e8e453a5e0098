/**
 * What a reader's page of a published fact-check shows, as plain data for the template: the claim as
 * made, the rating on the scale it was published under, the evidence, the verdicts (names as the desk's
 * policy allows), the corrections, and how the fact-check was reached (the public timeline, with the
 * transparency log's proof per public event). Pure: the same claim, events and settings give the same page.
 *
 * What stays off the page is what stays out of anonymous GraphQL: evidence added after publication that no
 * correction includes, the reasons the desk wrote for its internal steps, and everything of unpublished claims.
 */
import type { Citation, CitationStance, ClaimEvent, ExistingClaim, Verdict } from '../../claims/domain/claim';
import { pinnedScale } from '../../claims/domain/methodology';
import { ratingLabel, type RatingScale } from '../../claims/domain/rating-scale';
import { isPublicCitation } from '../../claims/domain/rules';
import { publicName, type ReviewerNamePolicy } from './reviewer-names';
import { directionOf, type TextDirection } from './text-direction';

export interface PageSettings {
  /** The configured scale: what a fact-check published before scales were pinned reads through. */
  scale: RatingScale;
  reviewerNames: ReviewerNamePolicy;
}

/** A link a reader may follow: http(s) only; anything else is shown as text, never as an href. */
export interface SafeLink {
  text: string;
  href: string | null;
}

export interface EvidenceView {
  title: string;
  publisher: string;
  publishedAt: string | null;
  link: SafeLink;
  archived: SafeLink | null;
  excerpt: string;
  stance: CitationStance;
  stanceLabel: string;
  /** Withdrawn by the desk after publication: kept on the page, marked. */
  withdrawnAt: string | null;
}

export interface VerdictView {
  /** The reviewer as the policy names them; null when names are not published. */
  reviewer: string | null;
  ratingLabel: string;
  rationale: string;
  recordedAt: string;
  withdrawnAt: string | null;
}

export interface CorrectionView {
  at: string;
  note: string;
  previousRatingLabel: string;
  newRatingLabel: string;
  ratingChanged: boolean;
  summaryChanged: boolean;
  /** Why the new rating departs from the reviewers' verdicts; null when it does not. */
  justification: string | null;
}

/** Where an event stands in the transparency log. */
export type LogStanding =
  | { state: 'PROVED'; leafIndex: number; proofUrl: string }
  | { state: 'PENDING'; leafIndex: number | null };

export interface TimelineEntry {
  at: string;
  /** What happened, as one sentence a reader can follow. */
  text: string;
  /** Set for the public events (publication, corrections, retraction): their proof in the log. */
  log: LogStanding | null;
}

export interface FactCheckPageView {
  id: string;
  url: string;
  lang: string;
  dir: TextDirection;
  statement: string;
  claimant: { name: string; kind: 'PERSON' | 'ORGANIZATION' };
  claimDate: string;
  appearances: { outlet: string; appearedAt: string; link: SafeLink; first: boolean }[];
  rating: { key: string; label: string; scaleVersion: string | null };
  summary: string;
  /** Why the editor's rating departs from the reviewers' verdicts (published with it); null when it does not. */
  justification: string | null;
  publishedAt: string;
  /** The editor who published, as the policy names them. */
  publishedBy: string | null;
  topics: string[];
  evidence: EvidenceView[];
  verdicts: VerdictView[];
  corrections: CorrectionView[];
  retraction: { at: string; note: string } | null;
  timeline: TimelineEntry[];
  proofBundleUrl: string;
}

/**
 * What the application found in the log for the claim's public events, by stream revision. Not the
 * checkpoint's size: it grows with every event of the desk, and the page (and its ETag) would change with it.
 */
export interface LogFindings {
  proofBundleUrl: string;
  byRevision: ReadonlyMap<number, LogStanding>;
}

export const STANCE_LABELS: Record<CitationStance, string> = {
  SUPPORTS: 'Supports the claim',
  REFUTES: 'Contradicts the claim',
  CONTEXT: 'Gives context',
};

/** http: and https: URLs become links; `javascript:`, `data:` and anything unparsable stay text. */
export function safeLink(url: string, text = url): SafeLink {
  try {
    const parsed = new URL(url);
    return { text, href: parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : null };
  } catch {
    return { text, href: null };
  }
}

/** One recorded event of the claim's stream, upcast. */
export interface StreamEvent {
  revision: number;
  event: ClaimEvent;
}

/** The page of a published (or retracted) fact-check; null for a claim with no publication. */
export function factCheckPage(claim: ExistingClaim, events: readonly StreamEvent[], url: string, log: LogFindings, settings: PageSettings): FactCheckPageView | null {
  const publication = claim.publication;
  if (!publication) return null;
  const scale = pinnedScale(claim, settings.scale);
  const label = (key: string) => ratingLabel(scale, key);
  const name = (person: { id: string; name: string }) => publicName(person, settings.reviewerNames);
  const publicCitations = claim.citations.filter((c) => isPublicCitation(claim, c));

  return {
    id: claim.id,
    url,
    lang: claim.language,
    dir: directionOf(claim.language),
    statement: claim.statement,
    claimant: { name: claim.claimant.name, kind: claim.claimant.kind },
    claimDate: claim.claimDate,
    appearances: claim.appearances.map((a) => ({ outlet: a.outlet, appearedAt: a.appearedAt, link: safeLink(a.url), first: a.firstAppearance })),
    rating: { key: publication.rating, label: label(publication.rating), scaleVersion: publication.methodology?.scaleVersion ?? null },
    summary: publication.summary,
    justification: publication.justification,
    publishedAt: publication.publishedAt,
    publishedBy: name(publication.publishedBy),
    topics: [...claim.topics],
    evidence: publicCitations.map(evidenceView),
    verdicts: claim.verdicts.map((v) => verdictView(v, label, name)),
    corrections: claim.corrections.map((c) => ({
      at: c.at,
      note: c.note,
      previousRatingLabel: label(c.previousRating),
      newRatingLabel: label(c.newRating),
      ratingChanged: c.previousRating !== c.newRating,
      summaryChanged: c.previousSummary !== c.newSummary,
      justification: c.justification,
    })),
    retraction: claim.retraction ? { at: claim.retraction.at, note: claim.retraction.note } : null,
    timeline: publicTimeline(claim, events, log, label, name),
    proofBundleUrl: log.proofBundleUrl,
  };
}

function evidenceView(c: Citation): EvidenceView {
  return {
    title: c.title,
    publisher: c.publisher,
    publishedAt: c.publishedAt,
    link: safeLink(c.url, c.title || c.url),
    archived: c.archivedUrl ? safeLink(c.archivedUrl, 'Archived copy') : null,
    excerpt: c.excerpt,
    stance: c.stance,
    stanceLabel: STANCE_LABELS[c.stance],
    withdrawnAt: c.retraction?.at ?? null,
  };
}

function verdictView(v: Verdict, label: (key: string) => string, name: (p: { id: string; name: string }) => string | null): VerdictView {
  return { reviewer: name(v.reviewer), ratingLabel: label(v.rating), rationale: v.rationale, recordedAt: v.recordedAt, withdrawnAt: v.withdrawal?.at ?? null };
}

/**
 * The steps a reader may see, oldest first, up to the claim's revision as the page shows it (the read
 * model may trail the store by a moment: the timeline does not run ahead of the page). Steps on
 * evidence that is not public are left out; the desk's written reasons for internal steps are not shown.
 */
export function publicTimeline(
  claim: ExistingClaim,
  events: readonly StreamEvent[],
  log: LogFindings,
  label: (key: string) => string,
  name: (person: { id: string; name: string }) => string | null,
): TimelineEntry[] {
  const citations = new Map(claim.citations.map((c) => [c.id, c]));
  const reviewers = new Map(claim.verdicts.map((v) => [v.id, v.reviewer]));
  const publicCitation = (id: string) => {
    const citation = citations.get(id);
    return citation && isPublicCitation(claim, citation) ? citation : undefined;
  };
  const who = (person: { id: string; name: string } | undefined, fallback: string) => (person && name(person)) ?? fallback;
  const entries: TimelineEntry[] = [];
  for (const { revision, event } of events) {
    if (revision > claim.revision) break;
    const text = describe(event);
    if (text !== null) entries.push({ at: event.data.at, text, log: log.byRevision.get(revision) ?? null });
  }
  return entries;

  function describe(event: ClaimEvent): string | null {
    switch (event.type) {
      case 'ClaimSubmitted':
        return 'The claim was logged by the desk.';
      case 'ClaimDetailsRevised': {
        const fields = Object.keys(event.data.changes).map((f) => FIELD_NAMES[f] ?? f);
        return fields.length > 0 ? `The claim's record was revised (${fields.join(', ')}).` : null;
      }
      case 'ReviewersAssigned':
        return event.data.reviewers.length === 1 ? 'A reviewer was assigned.' : `${event.data.reviewers.length} reviewers were assigned.`;
      case 'ReviewerUnassigned':
        return 'A reviewer was taken off the claim.';
      case 'ClaimReviewStarted':
        return 'The review started.';
      case 'CitationAdded': {
        const citation = publicCitation(event.data.citationId);
        return citation ? `Evidence added: ${event.data.publisher}, "${event.data.title}".` : null;
      }
      case 'CitationRevised': {
        const citation = publicCitation(event.data.citationId);
        return citation ? `Evidence revised: ${citation.publisher}, "${citation.title}".` : null;
      }
      case 'CitationRetracted': {
        const citation = publicCitation(event.data.citationId);
        return citation ? `Evidence withdrawn: ${citation.publisher}, "${citation.title}".` : null;
      }
      case 'VerdictRecorded':
        return `${who(event.data.by, 'A reviewer')} rated the claim ${label(event.data.rating)}.`;
      case 'VerdictRevised':
        return `${who(event.data.by, 'A reviewer')} revised their rating to ${label(event.data.rating)}.`;
      case 'VerdictConfirmed':
        return `${who(reviewers.get(event.data.verdictId) ?? event.data.by, 'A reviewer')} looked again at what changed and stood by their rating.`;
      case 'VerdictWithdrawn':
        return `${who(reviewers.get(event.data.verdictId) ?? event.data.by, 'A reviewer')} withdrew their rating.`;
      case 'ClaimRejected':
        return 'The desk closed the review without publishing.';
      case 'ClaimReopened':
        return 'The desk reopened the review.';
      case 'FactCheckPublished':
        return `${who(event.data.by, 'An editor')} published the fact-check, rated ${label(event.data.rating)}.`;
      case 'FactCheckCorrected':
        return event.data.previousRating === event.data.newRating
          ? `A correction was published: ${event.data.note}`
          : `A correction changed the rating from ${label(event.data.previousRating)} to ${label(event.data.newRating)}: ${event.data.note}`;
      case 'FactCheckRetracted':
        return `The fact-check was retracted: ${event.data.note}`;
      case 'ExternalFactCheckImported':
      case 'ExternalFactCheckUpdated':
        return null; // another desk's work: never on this desk's pages
      default: {
        const unknown: never = event;
        throw new Error(`No public wording for event ${(unknown as { type: string }).type}`);
      }
    }
  }
}

const FIELD_NAMES: Record<string, string> = {
  statement: 'the statement',
  claimant: 'who made it',
  claimDate: 'when it was made',
  appearances: 'where it appeared',
  language: 'its language',
  topics: 'its topics',
};
