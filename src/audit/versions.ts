import type { Citation, ExistingClaim, Verdict } from '../claims/domain/claim';
import type { RatingScale } from '../claims/domain/rating-scale';
import { isRole, type Role } from '../shared/actor';
import { publicationView, verdictView } from '../claims/api/claim-view';
import type { ClaimDiff } from './claim-diff';
import type { CitationVersion, ClaimVersion, RecordedActor, VerdictVersion } from './versions.types';

/** The id of a thing as of a revision of its claim: "<id>@<revision>" ("@" is in no id of ours, so it names no live object). */
export const versionId = (id: string, revision: number) => `${id}@${revision}`;

/** "<id>@<revision>" read back; null when the text is not of that form. */
export function parseVersionId(text: string): { id: string; revision: number } | null {
  const match = /^([^@]+)@(0|[1-9][0-9]{0,8})$/.exec(text);
  return match ? { id: match[1], revision: Number(match[2]) } : null;
}

export function citationVersion(citation: Citation, revision: number): CitationVersion {
  return { ...citation, id: versionId(citation.id, revision), citationId: citation.id, revision } as CitationVersion;
}

/** Staleness and the basis read against the claim as it stood then. */
export function verdictVersion(claim: ExistingClaim, verdict: Verdict, revision: number): VerdictVersion {
  return { ...verdictView(claim, verdict), id: versionId(verdict.id, revision), verdictId: verdict.id, revision } as VerdictVersion;
}

/**
 * The claim as folded at a revision, read as the API reads claims (every citation: the history is
 * the desk's). `recordedAt`: when the store recorded that revision's event.
 */
export function claimVersion(claim: ExistingClaim, revision: number, scale: RatingScale, recordedAt: Date): ClaimVersion {
  return {
    ...claim,
    id: versionId(claim.id, revision),
    claimId: claim.id,
    revision,
    recordedAt: recordedAt.toISOString(),
    citations: claim.citations.map((c) => citationVersion(c, revision)),
    verdicts: claim.verdicts.map((v) => verdictVersion(claim, v, revision)),
    publication: publicationView(claim, scale),
  } as unknown as ClaimVersion;
}

/** A diff's parts, each side as of its own revision: "before" at fromRevision, everything else at toRevision. */
export function diffView(diff: ClaimDiff, before: ExistingClaim, after: ExistingClaim) {
  const from = diff.fromRevision;
  const to = diff.toRevision;
  return {
    ...diff,
    citationsAdded: diff.citationsAdded.map((c) => citationVersion(c, to)),
    citationsRevised: diff.citationsRevised.map((c) => ({ before: citationVersion(c.before, from), after: citationVersion(c.after, to) })),
    citationsRetracted: diff.citationsRetracted.map((c) => citationVersion(c, to)),
    verdictsRecorded: diff.verdictsRecorded.map((v) => verdictVersion(after, v, to)),
    verdictsRevised: diff.verdictsRevised.map((v) => ({ before: verdictVersion(before, v.before, from), after: verdictVersion(after, v.after, to) })),
    verdictsWithdrawn: diff.verdictsWithdrawn.map((v) => verdictVersion(after, v, to)),
  };
}

/** The actor an event's metadata records: id, name and roles as their token carried them then. */
export function recordedActor(metadata: Record<string, unknown>): RecordedActor {
  const text = (value: unknown) => (typeof value === 'string' ? value : null);
  const personId = text(metadata.actorId) ?? 'unknown';
  const roles = Array.isArray(metadata.actorRoles) ? metadata.actorRoles.filter((r): r is Role => isRole(r)) : [];
  return { personId, name: text(metadata.actorName) ?? personId, roles };
}
