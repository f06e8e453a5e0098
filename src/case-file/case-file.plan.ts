import { createHash } from 'node:crypto';
import type { DESK_COMMANDS, DeskMutation } from '../claims/application/claim-commands';
import type { CaseClaim, CaseCitation, CaseFile } from './case-file.types';

/** How the plan names things the server creates: the dry run uses the file's keys, the import the server's ids. */
export interface IdResolver {
  /** Read again after the submit step: the importer learns the server's id from it. */
  readonly claimId: string;
  citationId(key: string): string;
  /** In format 1 a verdict's key is its reviewer's id. */
  verdictId(key: string): string;
}

/** The input a mutation takes: its use case's fields (`DESK_COMMANDS`), so a plan that misnames one fails to compile. */
export type DeskInput<M extends DeskMutation> = ConstructorParameters<(typeof DESK_COMMANDS)[M]>[0];

/** One act of the case through mutation `M`: who does it, and what it is in the domain's terms. */
export interface CaseStepOf<M extends DeskMutation> {
  /** Where in the claim the act comes from, e.g. `.verdicts[1].revisions[0]`. */
  path: string;
  actor: string;
  mutation: M;
  /** Stable per case, claim and act: a re-import sends the same ids and the server replays instead of writing. */
  mutationId: string;
  /** The mutation's input, as the service takes it; the domain command follows from it (`DESK_COMMANDS`). */
  input: DeskInput<M>;
  /** What the step creates, for later steps to refer to by `key`. */
  creates?: { kind: 'citation' | 'verdict'; key: string };
  /** When the act happened (ISO 8601 instant; format 2 only): the import's time when absent. */
  at?: string;
}

/** One act of the case, its input typed by its mutation. */
export type CaseStep = { [M in DeskMutation]: CaseStepOf<M> }[DeskMutation];

/** The id of what a step creates (the claim itself for a step that creates nothing else), as `ids` names it. */
export function createdId(step: CaseStep, ids: IdResolver): string {
  if (!step.creates) return ids.claimId;
  return step.creates.kind === 'citation' ? ids.citationId(step.creates.key) : ids.verdictId(step.creates.key);
}

/**
 * The acts of one claim in the order a desk would do them: submit, cite, (reject | assign, rate,
 * late evidence, revise verdicts, publish, correct).
 */
export function* planClaim(caseFile: CaseFile, claim: CaseClaim, ids: IdResolver): Generator<CaseStep> {
  // Hashed so that ids stay short and distinct whatever the slug and keys ("a.b-c" vs "a-b.c").
  const mid = (act: string) => `case-${createHash('sha256').update(JSON.stringify([caseFile.slug, claim.key, act])).digest('hex').slice(0, 40)}`;
  let claimId = ids.claimId;
  const { statement, claimant, claimDate, appearances, language, topics } = claim;

  yield {
    path: '',
    actor: claim.submittedBy,
    mutation: 'submitClaim',
    mutationId: mid('submit'),
    input: { statement, claimant, claimDate, appearances, language, topics },
  };
  claimId = ids.claimId; // the server has now named the claim

  const cite = (citation: CaseCitation, index: number): CaseStep => {
    const { url, title, publisher, publishedAt, excerpt, stance, note, archivedUrl } = citation;
    const input = withoutAbsent({ claimId, url, title, publisher, publishedAt, excerpt, stance, note, archivedUrl });
    return {
      path: `.citations[${index}]`,
      actor: citation.addedBy,
      mutation: 'addCitation',
      mutationId: mid(`cite-${citation.key}`),
      input,
      creates: { kind: 'citation', key: citation.key },
    };
  };
  for (const [i, citation] of claim.citations.entries()) if (!citation.late) yield cite(citation, i);

  if (claim.rejection) {
    const { by, reason } = claim.rejection;
    yield { path: '.rejection', actor: by, mutation: 'rejectClaim', mutationId: mid('reject'), input: { claimId, reason } };
    return;
  }

  if (claim.review) {
    const reviewers = claim.review.reviewers.map((id) => ({ id, name: caseFile.people[id]?.name ?? id }));
    yield {
      path: '.review',
      actor: claim.review.assignedBy,
      mutation: 'assignReviewers',
      mutationId: mid('assign'),
      input: { claimId, reviewers },
    };
  }

  const verdicts = claim.verdicts ?? [];
  for (const [i, verdict] of verdicts.entries()) {
    const citationIds = verdict.citations.map((key) => ids.citationId(key));
    yield {
      path: `.verdicts[${i}]`,
      actor: verdict.by,
      mutation: 'recordVerdict',
      mutationId: mid(`verdict-${verdict.by}`),
      input: { claimId, rating: verdict.rating, rationale: verdict.rationale, citationIds },
      creates: { kind: 'verdict', key: verdict.by },
    };
  }

  for (const [i, citation] of claim.citations.entries()) if (citation.late) yield cite(citation, i);

  for (const [i, verdict] of verdicts.entries()) {
    for (const [r, revision] of (verdict.revisions ?? []).entries()) {
      const citationIds = revision.citations?.map((key) => ids.citationId(key));
      const verdictId = ids.verdictId(verdict.by);
      const changes = { rating: revision.rating, rationale: revision.rationale, citationIds, reason: revision.reason };
      yield {
        path: `.verdicts[${i}].revisions[${r}]`,
        actor: verdict.by,
        mutation: 'reviseVerdict',
        mutationId: mid(`verdict-${verdict.by}-revision-${r}`),
        input: withoutAbsent({ claimId, verdictId, ...changes }),
      };
    }
  }

  if (claim.publication) {
    const { by, rating, summary, justification } = claim.publication;
    yield {
      path: '.publication',
      actor: by,
      mutation: 'publishFactCheck',
      mutationId: mid('publish'),
      input: withoutAbsent({ claimId, rating, summary, justification }),
    };
  }

  for (const [i, correction] of (claim.corrections ?? []).entries()) {
    const addedCitationIds = correction.addCitations?.map((key) => ids.citationId(key));
    const fields = { note: correction.note, newRating: correction.newRating, newSummary: correction.newSummary, addedCitationIds };
    yield {
      path: `.corrections[${i}]`,
      actor: correction.by,
      mutation: 'correctFactCheck',
      mutationId: mid(`correction-${i}`),
      input: withoutAbsent({ claimId, ...fields }),
    };
  }
}

/**
 * The fields that are given: an absent optional (undefined, or null in hand-written JSON) is left
 * out of the mutation's input rather than sent as null.
 */
function withoutAbsent<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== null)) as T;
}
