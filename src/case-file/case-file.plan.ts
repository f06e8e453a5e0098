import { createHash } from 'node:crypto';
import type { DESK_COMMANDS, DeskMutation } from '../claims/application/claim-commands';
import type { CaseCitationV1, CaseClaim, CaseClaimV1, CaseFile, CaseFileV1 } from './case-file.types';
import type { CaseAct, CaseClaimV2, CaseFileV2 } from './case-file.v2.types';

/** How the plan names things the server creates: the dry run uses the file's keys, the import the server's ids. */
export interface IdResolver {
  /** Read again after the submit step: the importer learns the server's id from it. */
  readonly claimId: string;
  citationId(key: string): string;
  /** A verdict by its key: in format 1 the reviewer's id, in format 2 the verdict act's `key`. */
  verdictId(key: string): string;
}

/** The input a mutation takes: its use case's fields (`DESK_COMMANDS`), so a plan that misnames one fails to compile. */
export type DeskInput<M extends DeskMutation> = ConstructorParameters<(typeof DESK_COMMANDS)[M]>[0];

/** One act of the case through mutation `M`: who does it, and what it is in the domain's terms. */
export interface CaseStepOf<M extends DeskMutation> {
  /**
   * Where the act comes from: relative to its claim from `planClaim` (`.verdicts[1].revisions[0]`,
   * `.acts[4]`), from the file's root from `planCase` (`claims[2].acts[4]`).
   */
  path: string;
  actor: string;
  mutation: M;
  /** Stable per case, claim and act: a re-import sends the same ids and the server replays instead of writing. */
  mutationId: string;
  /** The mutation's input, as the service takes it; the domain command follows from it (`DESK_COMMANDS`). */
  input: DeskInput<M>;
  /** What the step creates, named by the file's key, for later steps to refer to. */
  creates?: { kind: 'citation' | 'verdict'; key: string };
  /** When the act happened (ISO 8601 instant, format 2 only): the import path records it as the event's time. */
  at?: string;
}

/** One act of the case, its input typed by its mutation. */
export type CaseStep = { [M in DeskMutation]: CaseStepOf<M> }[DeskMutation];

/** The id of what a step creates (the claim itself for a step that creates nothing else), as `ids` names it. */
export function createdId(step: CaseStep, ids: IdResolver): string {
  if (!step.creates) return ids.claimId;
  return step.creates.kind === 'citation' ? ids.citationId(step.creates.key) : ids.verdictId(step.creates.key);
}

/** Ids named after the file's keys (what a dry run and `planCase` use when no server has named anything). */
export function fileKeyIds(claim: CaseClaim): IdResolver {
  return { claimId: claim.key, citationId: (key) => key, verdictId: (key) => `verdict-${key}` };
}

/**
 * Every act of the file, claim after claim, with paths from the file's root (`claims[2].acts[4]`).
 * `idsFor` names what the server creates; by default the file's own keys.
 */
export function* planCase(caseFile: CaseFile, idsFor: (claim: CaseClaim, index: number) => IdResolver = fileKeyIds): Generator<CaseStep> {
  for (const [index, claim] of (caseFile.claims as CaseClaim[]).entries()) {
    for (const step of planClaim(caseFile, claim, idsFor(claim, index))) yield { ...step, path: `claims[${index}]${step.path}` };
  }
}

/**
 * The acts of one claim, in order, each as the mutation that carries it; paths relative to the claim.
 * Every act becomes a step: none is skipped (the validator refuses a file whose acts cannot happen).
 */
export function planClaim(caseFile: CaseFile, claim: CaseClaim, ids: IdResolver): Generator<CaseStep> {
  if (caseFile.format === 'factcheck-case/2') return planClaimV2(caseFile, claim as CaseClaimV2, ids);
  return planClaimV1(caseFile, claim as CaseClaimV1, ids);
}

/**
 * Format 1, in the order a desk would do it: submit, cite, (reject | assign, rate, late evidence,
 * revise verdicts, publish, correct). The mutation ids are those earlier imports sent: keep them.
 */
function* planClaimV1(caseFile: CaseFileV1, claim: CaseClaimV1, ids: IdResolver): Generator<CaseStep> {
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

  const cite = (citation: CaseCitationV1, index: number): CaseStep => {
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
    // Nothing follows a rejection in format 1; the validator refuses any act that does, with its place.
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
 * Format 2: one step per act, in the file's order. A mutation id names the act by the case's id,
 * the claim's key and the act's ordinal in the claim (not by its person or content), so a re-import
 * recognises each act, and a changed act is seen as changed rather than as a new one.
 */
function* planClaimV2(caseFile: CaseFileV2, claim: CaseClaimV2, ids: IdResolver): Generator<CaseStep> {
  const mid = (ordinal: number) =>
    `case-${createHash('sha256').update(JSON.stringify(['factcheck-case/2', caseFile.id.toLowerCase(), claim.key, ordinal])).digest('hex').slice(0, 40)}`;
  for (const [ordinal, act] of claim.acts.entries()) {
    const step = actStep(act, ids, caseFile);
    yield { ...step, path: `.acts[${ordinal}]`, actor: act.by, mutationId: mid(ordinal), at: act.at } as CaseStep;
  }
}

type StepBody = { [M in DeskMutation]: Pick<CaseStepOf<M>, 'mutation' | 'input' | 'creates'> }[DeskMutation];

/** The mutation and input of one act; the claim id is read when the act is planned (after the submit step has run). */
function actStep(act: CaseAct, ids: IdResolver, caseFile: CaseFileV2): StepBody {
  const citationIds = (keys: string[]) => keys.map((key) => ids.citationId(key));
  switch (act.act) {
    case 'submit': {
      const { statement, claimant, claimDate, appearances, language, topics } = act;
      return { mutation: 'submitClaim', input: { statement, claimant, claimDate, appearances, language, topics } };
    }
    case 'reviseClaim': {
      const { reason, statement, claimant, claimDate, appearances, language, topics } = act;
      return { mutation: 'reviseClaimDetails', input: withoutAbsent({ claimId: ids.claimId, reason, statement, claimant, claimDate, appearances, language, topics }) };
    }
    case 'cite': {
      const { url, title, publisher, publishedAt, excerpt, stance, note, archivedUrl } = act;
      const input = withoutAbsent({ claimId: ids.claimId, url, title, publisher, publishedAt, excerpt, stance, note, archivedUrl });
      return { mutation: 'addCitation', input, creates: { kind: 'citation', key: act.key } };
    }
    case 'reviseCitation': {
      const { reason, url, title, publisher, publishedAt, excerpt, stance, note, archivedUrl } = act;
      const input = withoutAbsent({ claimId: ids.claimId, citationId: ids.citationId(act.citation), reason, url, title, publisher, publishedAt, excerpt, stance, note, archivedUrl });
      return { mutation: 'reviseCitation', input };
    }
    case 'retractCitation':
      return { mutation: 'retractCitation', input: { claimId: ids.claimId, citationId: ids.citationId(act.citation), reason: act.reason } };
    case 'assign': {
      const reviewers = act.reviewers.map((id) => ({ id, name: caseFile.people[id]?.name ?? id }));
      return { mutation: 'assignReviewers', input: { claimId: ids.claimId, reviewers } };
    }
    case 'unassign':
      return { mutation: 'unassignReviewer', input: { claimId: ids.claimId, reviewerId: act.reviewer, reason: act.reason } };
    case 'verdict': {
      const input = { claimId: ids.claimId, rating: act.rating, rationale: act.rationale, citationIds: citationIds(act.citations) };
      return { mutation: 'recordVerdict', input, creates: { kind: 'verdict', key: act.key } };
    }
    case 'reviseVerdict': {
      const { reason, rating, rationale } = act;
      const input = withoutAbsent({ claimId: ids.claimId, verdictId: ids.verdictId(act.verdict), reason, rating, rationale, citationIds: act.citations && citationIds(act.citations) });
      return { mutation: 'reviseVerdict', input };
    }
    case 'withdrawVerdict':
      return { mutation: 'withdrawVerdict', input: { claimId: ids.claimId, verdictId: ids.verdictId(act.verdict), reason: act.reason } };
    case 'confirmVerdict':
      return { mutation: 'confirmVerdict', input: { claimId: ids.claimId, verdictId: ids.verdictId(act.verdict) } };
    case 'reject':
      return { mutation: 'rejectClaim', input: { claimId: ids.claimId, reason: act.reason } };
    case 'reopen':
      return { mutation: 'reopenClaim', input: { claimId: ids.claimId, reason: act.reason } };
    case 'publish': {
      const { rating, summary, justification } = act;
      return { mutation: 'publishFactCheck', input: withoutAbsent({ claimId: ids.claimId, rating, summary, justification }) };
    }
    case 'correct': {
      const { note, newRating, newSummary, justification } = act;
      const input = withoutAbsent({ claimId: ids.claimId, note, newRating, newSummary, addedCitationIds: act.addCitations && citationIds(act.addCitations), justification });
      return { mutation: 'correctFactCheck', input };
    }
    case 'retract':
      return { mutation: 'retractFactCheck', input: { claimId: ids.claimId, note: act.note } };
  }
}

/**
 * The status the file means a claim to end in, from its steps' mutations (the file's view; the
 * service's read model is what holds).
 */
export function fileStatus(steps: Iterable<Pick<CaseStep, 'mutation'>>): string {
  let status = 'DRAFT';
  for (const { mutation } of steps) {
    if (mutation === 'assignReviewers' && status === 'DRAFT') status = 'IN_REVIEW';
    else if (mutation === 'rejectClaim') status = 'REJECTED';
    else if (mutation === 'reopenClaim') status = 'DRAFT';
    else if (mutation === 'publishFactCheck') status = 'PUBLISHED';
    else if (mutation === 'retractFactCheck') status = 'RETRACTED';
  }
  return status;
}

/**
 * The fields that are given: an absent optional (undefined, or null in hand-written JSON) is left
 * out of the mutation's input rather than sent as null.
 */
function withoutAbsent<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== null)) as T;
}
