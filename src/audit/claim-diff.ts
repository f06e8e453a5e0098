import { canonicalJson } from '../shared/canonical-json';
import { ActorRef, Citation, ExistingClaim, Verdict } from '../claims/domain/claim';

export interface FieldChange {
  field: string;
  /** The value before and after, as JSON text (null when absent). */
  before: string | null;
  after: string | null;
}

export interface Change<T> {
  before: T;
  after: T;
}

/** What changed between two states of one claim. Pure: both states are folded from the log. */
export interface ClaimDiff {
  fromRevision: number;
  toRevision: number;
  details: FieldChange[];
  status: Change<string> | null;
  rating: Change<string | null> | null;
  summary: Change<string | null> | null;
  assigneesAdded: ActorRef[];
  assigneesRemoved: ActorRef[];
  citationsAdded: Citation[];
  citationsRevised: Change<Citation>[];
  citationsRetracted: Citation[];
  verdictsRecorded: Verdict[];
  verdictsRevised: Change<Verdict>[];
  verdictsWithdrawn: Verdict[];
  correctionsAdded: number;
}

const DETAIL_FIELDS = ['statement', 'claimant', 'claimDate', 'appearances', 'language', 'topics'] as const;
const json = (value: unknown) => (value === undefined || value === null ? null : canonicalJson(value));

export function diffClaims(before: ExistingClaim, after: ExistingClaim): ClaimDiff {
  const change = <T>(a: T, b: T): Change<T> | null => (canonicalJson(a) === canonicalJson(b) ? null : { before: a, after: b });
  const byId = <T extends { id: string }>(items: T[]) => new Map(items.map((item) => [item.id, item]));
  const oldCitations = byId(before.citations);
  const oldVerdicts = byId(before.verdicts);
  const oldAssignees = new Set(before.assignees.map((a) => a.id));
  const newAssignees = new Set(after.assignees.map((a) => a.id));

  const citationsRevised: Change<Citation>[] = [];
  const citationsRetracted: Citation[] = [];
  for (const citation of after.citations) {
    const old = oldCitations.get(citation.id);
    if (!old) continue;
    if (!old.retraction && citation.retraction) citationsRetracted.push(citation);
    const { retraction: _a, ...oldContent } = old;
    const { retraction: _b, ...newContent } = citation;
    if (canonicalJson(oldContent) !== canonicalJson(newContent)) citationsRevised.push({ before: old, after: citation });
  }

  const verdictsRevised: Change<Verdict>[] = [];
  const verdictsWithdrawn: Verdict[] = [];
  for (const verdict of after.verdicts) {
    const old = oldVerdicts.get(verdict.id);
    if (!old) continue;
    if (!old.withdrawal && verdict.withdrawal) verdictsWithdrawn.push(verdict);
    if (old.revisions !== verdict.revisions) verdictsRevised.push({ before: old, after: verdict });
  }

  return {
    fromRevision: before.revision,
    toRevision: after.revision,
    details: DETAIL_FIELDS.filter((f) => canonicalJson(before[f]) !== canonicalJson(after[f])).map((field) => ({
      field,
      before: json(before[field]),
      after: json(after[field]),
    })),
    status: change(before.status, after.status),
    rating: change(before.publication?.rating ?? null, after.publication?.rating ?? null),
    summary: change(before.publication?.summary ?? null, after.publication?.summary ?? null),
    assigneesAdded: after.assignees.filter((a) => !oldAssignees.has(a.id)),
    assigneesRemoved: before.assignees.filter((a) => !newAssignees.has(a.id)),
    citationsAdded: after.citations.filter((c) => !oldCitations.has(c.id)),
    citationsRevised,
    citationsRetracted,
    verdictsRecorded: after.verdicts.filter((v) => !oldVerdicts.has(v.id)),
    verdictsRevised,
    verdictsWithdrawn,
    correctionsAdded: after.corrections.length - before.corrections.length,
  };
}
