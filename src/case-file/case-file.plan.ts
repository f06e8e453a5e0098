import { createHash } from 'node:crypto';
import type { ClaimCommand } from '../claims/domain/commands';
import type { CaseClaim, CaseCitation, CaseFile } from './case-file.types';

/** How the plan names things the server creates: the dry run uses the file's keys, the import the server's ids. */
export interface IdResolver {
  /** Read again after the submit step: the importer learns the server's id from it. */
  readonly claimId: string;
  citationId(key: string): string;
  verdictId(by: string): string;
  /** The id a creating step's command carries; the importer lets the server choose, so any placeholder does. */
  created(kind: 'citation' | 'verdict', key: string): string;
}

/** One act of the case: who does it, through which mutation, and what it is in the domain's terms. */
export interface CaseStep {
  /** Where in the claim the act comes from, e.g. `.verdicts[1].revisions[0]`. */
  path: string;
  actor: string;
  mutation: string;
  /** Stable per case, claim and act: a re-import sends the same ids and the server replays instead of writing. */
  mutationId: string;
  command: ClaimCommand;
  input: Record<string, unknown>;
  /** What the step creates, for later steps to refer to. */
  creates?: { citation: string } | { verdictBy: string };
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
    command: { type: 'SubmitClaim', claimId, statement, claimant, claimDate, appearances, language, topics },
    input: { statement, claimant, claimDate, appearances, language, topics },
  };
  claimId = ids.claimId; // the server has now named the claim

  const cite = (citation: CaseCitation, index: number): CaseStep => {
    const details = {
      url: citation.url,
      title: citation.title,
      publisher: citation.publisher,
      publishedAt: citation.publishedAt ?? null,
      excerpt: citation.excerpt,
      stance: citation.stance,
      note: citation.note ?? null,
      archivedUrl: citation.archivedUrl ?? null,
    };
    const input = Object.fromEntries(Object.entries({ claimId, ...details }).filter(([, v]) => v !== null));
    return {
      path: `.citations[${index}]`,
      actor: citation.addedBy,
      mutation: 'addCitation',
      mutationId: mid(`cite-${citation.key}`),
      command: { type: 'AddCitation', claimId, citationId: ids.created('citation', citation.key), ...details },
      input,
      creates: { citation: citation.key },
    };
  };
  for (const [i, citation] of claim.citations.entries()) if (!citation.late) yield cite(citation, i);

  if (claim.rejection) {
    const { by, reason } = claim.rejection;
    yield { path: '.rejection', actor: by, mutation: 'rejectClaim', mutationId: mid('reject'), command: { type: 'RejectClaim', claimId, reason }, input: { claimId, reason } };
    return;
  }

  if (claim.review) {
    const reviewers = claim.review.reviewers.map((id) => ({ id, name: caseFile.people[id]?.name ?? id }));
    yield {
      path: '.review',
      actor: claim.review.assignedBy,
      mutation: 'assignReviewers',
      mutationId: mid('assign'),
      command: { type: 'AssignReviewers', claimId, reviewers },
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
      command: { type: 'RecordVerdict', claimId, verdictId: ids.created('verdict', verdict.by), rating: verdict.rating, rationale: verdict.rationale, citationIds },
      input: { claimId, rating: verdict.rating, rationale: verdict.rationale, citationIds },
      creates: { verdictBy: verdict.by },
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
        command: { type: 'ReviseVerdict', claimId, verdictId, ...changes },
        input: defined({ claimId, verdictId, ...changes }),
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
      command: { type: 'PublishFactCheck', claimId, rating, summary, justification },
      input: defined({ claimId, rating, summary, justification }),
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
      command: { type: 'CorrectFactCheck', claimId, ...fields },
      input: defined({ claimId, ...fields }),
    };
  }
}

function defined(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
}
