import { isURL } from 'class-validator';
import { isRole, type Actor } from '../shared/actor';
import { HTTP_URL_OPTIONS, LANGUAGE_TAG } from '../shared/input-rules';
import { hasVisibleCharacter, TextKind, textProblem, urlProblem } from '../shared/text';
import { CITATION_STANCES, ClaimState, foldClaim } from '../claims/domain/claim';
import type { ClaimCommand, DeskPolicy } from '../claims/domain/commands';
import { decide } from '../claims/domain/decide';
import { LIMITS } from '../claims/domain/limits';
import { isCitationStance, isIsoDate } from '../claims/domain/rules';
import { CommandRequest, DESK_COMMANDS, DeskCommand, DeskMutation } from '../claims/application/claim-commands';
import { DeskError } from '../claims/domain/desk-error';
import { ratingScale } from '../claims/domain/rating-scale';
import { CASE_FILE_FORMAT, CaseClaim, CaseFile } from './case-file.types';
import { CaseStepOf, createdId, DeskInput, IdResolver, planClaim } from './case-file.plan';

export interface CaseFileProblem {
  /** Where in the file, e.g. `claims[2].citations[0].url`. */
  path: string;
  message: string;
}

export type CaseFileValidation = { ok: true; caseFile: CaseFile } | { ok: false; problems: CaseFileProblem[] };

const KEY = /^[a-z0-9][a-z0-9-]{0,79}$/;

/**
 * Sizes of what only the file has (the API's own limits are `LIMITS`, shared with the GraphQL inputs):
 * the case's title and description, and how many acts of each kind one claim may hold.
 */
const FILE_LIMITS = { title: LIMITS.name, description: LIMITS.note, citations: 200, verdicts: 20, revisions: 50, corrections: 50 } as const;

/**
 * Checks a case file completely before anything is imported: its shape, every field, every
 * reference between its parts, and then the desk's own rules, by replaying the whole file through
 * the pure `decide` in memory. A file that passes imports without a refusal.
 */
export function validateCaseFile(input: unknown, policy: DeskPolicy = { scale: ratingScale(), minReviewers: 2 }, now = new Date()): CaseFileValidation {
  const problems: CaseFileProblem[] = [];
  const at = (path: string, message: string) => problems.push({ path, message });
  const v = new Checker(at);

  if (!isObject(input)) return { ok: false, problems: [{ path: '(file)', message: 'must be a JSON object' }] };
  v.only(input, '', ['format', 'slug', 'title', 'description', 'people', 'claims']);
  if (input.format !== CASE_FILE_FORMAT) at('format', `must be "${CASE_FILE_FORMAT}"`);
  v.string(input.slug, 'slug', { pattern: KEY, patternMessage: 'must be lower-case letters, digits and dashes' });
  v.string(input.title, 'title', { max: FILE_LIMITS.title , kind: 'line' });
  if (input.description !== undefined) v.string(input.description, 'description', { max: FILE_LIMITS.description });

  const people = new Map<string, Actor>();
  if (!isObject(input.people) || Object.keys(input.people).length === 0) at('people', 'must name at least one person');
  else {
    for (const [id, person] of Object.entries(input.people)) {
      const path = `people.${id}`;
      if (!KEY.test(id)) at(path, 'person ids must be lower-case letters, digits and dashes');
      if (!isObject(person)) {
        at(path, 'must be an object with name and roles');
        continue;
      }
      v.only(person, path, ['name', 'roles']);
      v.string(person.name, `${path}.name`, { max: LIMITS.name , kind: 'line' });
      const roles = Array.isArray(person.roles) ? person.roles : [];
      if (!Array.isArray(person.roles) || roles.length === 0) at(`${path}.roles`, 'must list at least one role');
      roles.forEach((role, i) => {
        if (!isRole(role)) at(`${path}.roles[${i}]`, `"${String(role)}" is not a role (contributor, reviewer, editor, admin)`);
      });
      people.set(id, { id, name: typeof person.name === 'string' ? person.name : id, roles: roles.filter(isRole) });
    }
  }

  if (!Array.isArray(input.claims) || input.claims.length === 0) at('claims', 'must list at least one claim');
  const claims = Array.isArray(input.claims) ? input.claims : [];
  const claimKeys = new Set<string>();
  claims.forEach((claim, i) => {
    const path = `claims[${i}]`;
    if (!isObject(claim)) return at(path, 'must be an object');
    if (v.string(claim.key, `${path}.key`, { pattern: KEY, patternMessage: 'must be lower-case letters, digits and dashes' })) {
      if (claimKeys.has(claim.key as string)) at(`${path}.key`, `"${String(claim.key)}" is used by another claim`);
      claimKeys.add(claim.key as string);
    }
    checkClaimShape(claim, path, v, people, at);
  });
  if (problems.length > 0) return { ok: false, problems };

  // The file is well-formed: replay it through the desk's rules, exactly as the import will act.
  const caseFile = input as unknown as CaseFile;
  caseFile.claims.forEach((claim, i) => dryRun(caseFile, claim, `claims[${i}]`, people, policy, now, at));
  return problems.length > 0 ? { ok: false, problems } : { ok: true, caseFile };
}

function checkClaimShape(claim: Record<string, unknown>, path: string, v: Checker, people: Map<string, Actor>, at: (p: string, m: string) => void): void {
  const person = (value: unknown, p: string) => {
    if (typeof value !== 'string' || !people.has(value)) at(p, `"${String(value)}" is not one of the people`);
  };
  v.only(claim, path, ['key', 'submittedBy', 'statement', 'claimant', 'claimDate', 'language', 'topics', 'appearances', 'citations', 'review', 'verdicts', 'rejection', 'publication', 'corrections']);
  person(claim.submittedBy, `${path}.submittedBy`);
  v.string(claim.statement, `${path}.statement`, { max: LIMITS.statement });
  if (!isObject(claim.claimant)) at(`${path}.claimant`, 'must be an object with name and kind');
  else {
    v.only(claim.claimant, `${path}.claimant`, ['name', 'kind']);
    v.string(claim.claimant.name, `${path}.claimant.name`, { max: LIMITS.name , kind: 'line' });
    if (claim.claimant.kind !== 'PERSON' && claim.claimant.kind !== 'ORGANIZATION') at(`${path}.claimant.kind`, 'must be PERSON or ORGANIZATION');
  }
  v.date(claim.claimDate, `${path}.claimDate`);
  v.string(claim.language, `${path}.language`, { pattern: LANGUAGE_TAG, patternMessage: 'must be a language tag such as en or ru' });
  v.list(claim.topics, `${path}.topics`, LIMITS.topics, (t, p) => v.string(t, p, { max: LIMITS.topic , kind: 'line' }));
  v.list(claim.appearances, `${path}.appearances`, LIMITS.appearances, (a, p) => {
    if (!isObject(a)) return at(p, 'must be an object');
    v.only(a, p, ['url', 'outlet', 'appearedAt', 'firstAppearance']);
    v.url(a.url, `${p}.url`);
    v.string(a.outlet, `${p}.outlet`, { max: LIMITS.name , kind: 'line' });
    v.date(a.appearedAt, `${p}.appearedAt`);
    if (typeof a.firstAppearance !== 'boolean') at(`${p}.firstAppearance`, 'must be true or false');
  });

  const citationKeys = new Set<string>();
  const lateKeys = new Set<string>();
  v.list(claim.citations, `${path}.citations`, FILE_LIMITS.citations, (c, p) => {
    if (!isObject(c)) return at(p, 'must be an object');
    v.only(c, p, ['key', 'addedBy', 'url', 'title', 'publisher', 'publishedAt', 'excerpt', 'stance', 'note', 'archivedUrl', 'late']);
    if (v.string(c.key, `${p}.key`, { pattern: KEY, patternMessage: 'must be lower-case letters, digits and dashes' })) {
      if (citationKeys.has(c.key as string)) at(`${p}.key`, `"${String(c.key)}" is used by another citation of this claim`);
      citationKeys.add(c.key as string);
      if (c.late === true) lateKeys.add(c.key as string);
    }
    person(c.addedBy, `${p}.addedBy`);
    v.url(c.url, `${p}.url`);
    v.string(c.title, `${p}.title`, { max: LIMITS.title , kind: 'line' });
    v.string(c.publisher, `${p}.publisher`, { max: LIMITS.name , kind: 'line' });
    if (c.publishedAt !== undefined) v.date(c.publishedAt, `${p}.publishedAt`);
    v.string(c.excerpt, `${p}.excerpt`, { max: LIMITS.excerpt });
    if (!isCitationStance(c.stance)) at(`${p}.stance`, `must be one of ${CITATION_STANCES.join(', ')}`);
    if (c.note !== undefined) v.string(c.note, `${p}.note`, { max: LIMITS.note });
    if (c.archivedUrl !== undefined) v.url(c.archivedUrl, `${p}.archivedUrl`);
    if (c.late !== undefined && typeof c.late !== 'boolean') at(`${p}.late`, 'must be true or false');
  });
  const cites = (keys: unknown, p: string, allowLate: boolean) =>
    v.list(keys, p, LIMITS.citationIds, (k, kp) => {
      if (typeof k !== 'string' || !citationKeys.has(k)) at(kp, `"${String(k)}" is not a citation of this claim`);
      else if (!allowLate && lateKeys.has(k)) at(kp, `"${k}" is a late citation: it is added after the first verdicts, so only a revision can cite it`);
    });

  if (claim.review !== undefined) {
    if (!isObject(claim.review)) at(`${path}.review`, 'must be an object with assignedBy and reviewers');
    else {
      v.only(claim.review, `${path}.review`, ['assignedBy', 'reviewers']);
      person(claim.review.assignedBy, `${path}.review.assignedBy`);
      v.list(claim.review.reviewers, `${path}.review.reviewers`, LIMITS.reviewers, (r, p) => person(r, p));
    }
  }
  if (claim.verdicts !== undefined) {
    v.list(claim.verdicts, `${path}.verdicts`, FILE_LIMITS.verdicts, (verdict, p) => {
      if (!isObject(verdict)) return at(p, 'must be an object');
      v.only(verdict, p, ['by', 'rating', 'rationale', 'citations', 'revisions']);
      person(verdict.by, `${p}.by`);
      v.string(verdict.rating, `${p}.rating`, { max: LIMITS.rating , kind: 'line' });
      v.string(verdict.rationale, `${p}.rationale`, { max: LIMITS.rationale });
      cites(verdict.citations, `${p}.citations`, false);
      if (verdict.revisions !== undefined) {
        v.list(verdict.revisions, `${p}.revisions`, FILE_LIMITS.revisions, (revision, rp) => {
          if (!isObject(revision)) return at(rp, 'must be an object');
          v.only(revision, rp, ['rating', 'rationale', 'citations', 'reason']);
          if (revision.rating !== undefined) v.string(revision.rating, `${rp}.rating`, { max: LIMITS.rating , kind: 'line' });
          if (revision.rationale !== undefined) v.string(revision.rationale, `${rp}.rationale`, { max: LIMITS.rationale });
          if (revision.citations !== undefined) cites(revision.citations, `${rp}.citations`, true);
          v.string(revision.reason, `${rp}.reason`, { max: LIMITS.reason });
        });
      }
    });
  }
  if (claim.rejection !== undefined) {
    if (!isObject(claim.rejection)) at(`${path}.rejection`, 'must be an object with by and reason');
    else {
      v.only(claim.rejection, `${path}.rejection`, ['by', 'reason']);
      person(claim.rejection.by, `${path}.rejection.by`);
      v.string(claim.rejection.reason, `${path}.rejection.reason`, { max: LIMITS.reason });
    }
  }
  if (claim.publication !== undefined) {
    if (!isObject(claim.publication)) at(`${path}.publication`, 'must be an object');
    else {
      v.only(claim.publication, `${path}.publication`, ['by', 'rating', 'summary', 'justification']);
      person(claim.publication.by, `${path}.publication.by`);
      v.string(claim.publication.rating, `${path}.publication.rating`, { max: LIMITS.rating , kind: 'line' });
      v.string(claim.publication.summary, `${path}.publication.summary`, { max: LIMITS.summary });
      if (claim.publication.justification !== undefined) v.string(claim.publication.justification, `${path}.publication.justification`, { max: LIMITS.rationale });
    }
  }
  if (claim.corrections !== undefined) {
    v.list(claim.corrections, `${path}.corrections`, FILE_LIMITS.corrections, (c, p) => {
      if (!isObject(c)) return at(p, 'must be an object');
      v.only(c, p, ['by', 'note', 'newRating', 'newSummary', 'addCitations']);
      person(c.by, `${p}.by`);
      v.string(c.note, `${p}.note`, { max: LIMITS.note });
      if (c.newRating !== undefined) v.string(c.newRating, `${p}.newRating`, { max: LIMITS.rating , kind: 'line' });
      if (c.newSummary !== undefined) v.string(c.newSummary, `${p}.newSummary`, { max: LIMITS.summary });
      if (c.addCitations !== undefined) cites(c.addCitations, `${p}.addCitations`, true);
    });
  }
  if (claim.rejection !== undefined && (claim.publication !== undefined || claim.verdicts !== undefined)) {
    at(`${path}.rejection`, 'a rejected claim has no verdicts or publication in this format');
  }
}

/** Plays a claim's acts through `decide`, reporting the first refusal at the place in the file that caused it. */
function dryRun(caseFile: CaseFile, claim: CaseClaim, path: string, people: Map<string, Actor>, policy: DeskPolicy, now: Date, at: (p: string, m: string) => void): void {
  let state: ClaimState = foldClaim([]);
  // The ids the service would choose for what a step creates, named after the file's keys here.
  const ids: IdResolver = { claimId: claim.key, citationId: (key) => key, verdictId: (by) => `verdict-${by}` };
  for (const step of planClaim(caseFile, claim, ids)) {
    const actor = people.get(step.actor) as Actor;
    const command = deskCommand(step, { actor, correlationId: 'dry-run', mutationId: step.mutationId }).toDomain(createdId(step, ids));
    try {
      const events = decide(command, state, { actor, now, policy });
      state = foldClaim(events, state);
    } catch (error) {
      if (error instanceof DeskError) return at(`${path}${step.path}`, `${error.message} (${error.code})`);
      throw error;
    }
  }
}

/** `DESK_COMMANDS` seen per mutation, so that a step's input and its command class are known to belong together. */
const COMMANDS: { [M in DeskMutation]: new (input: DeskInput<M>, request: CommandRequest) => DeskCommand<DeskInput<M>, ClaimCommand> } = DESK_COMMANDS;

function deskCommand<M extends DeskMutation>(step: CaseStepOf<M>, request: CommandRequest): DeskCommand<DeskInput<M>, ClaimCommand> {
  return new COMMANDS[step.mutation](step.input, request);
}

class Checker {
  constructor(private readonly at: (path: string, message: string) => void) {}

  /**
   * The API's text rules (src/shared/text.ts): a visible character, no control characters but newline
   * and tab (`line`, for names and titles: none, and no bidi controls). Lengths are counted in NFC,
   * as the API counts them after normalising.
   */
  string(value: unknown, path: string, options: { max?: number; pattern?: RegExp; patternMessage?: string; kind?: TextKind } = {}): boolean {
    if (typeof value !== 'string' || !hasVisibleCharacter(value)) return this.fail(path, 'must be a non-empty string');
    const problem = textProblem(value, options.kind ?? 'text');
    if (problem) return this.fail(path, problem);
    const length = value.normalize('NFC').length;
    if (options.max !== undefined && length > options.max) return this.fail(path, `must be at most ${options.max} characters (it has ${length})`);
    if (options.pattern && !options.pattern.test(value)) return this.fail(path, options.patternMessage ?? `must match ${options.pattern}`);
    return true;
  }

  date(value: unknown, path: string): boolean {
    // The domain's rule: a claim's dates pass it on import, and a citation's are held to the same.
    if (!isIsoDate(value)) return this.fail(path, 'must be an ISO 8601 date such as 2025-06-28');
    return true;
  }

  /** The same rule the GraphQL inputs apply, so a URL that passes here is not refused there. */
  url(value: unknown, path: string): boolean {
    if (typeof value !== 'string' || !isURL(value, HTTP_URL_OPTIONS)) {
      return this.fail(path, 'must be an http(s) URL');
    }
    const problem = urlProblem(value);
    if (problem) return this.fail(path, problem);
    return value.length <= LIMITS.url || this.fail(path, `must be at most ${LIMITS.url} characters`);
  }

  /** Refuses fields the format does not have (typos, `__proto__`), instead of silently ignoring them. */
  only(value: Record<string, unknown>, path: string, allowed: string[]): void {
    for (const key of Object.keys(value)) {
      if (!allowed.includes(key)) this.fail(path ? `${path}.${key}` : key, `is not a field of the case-file format (expected one of ${allowed.join(', ')})`);
    }
  }

  list(value: unknown, path: string, max: number, each: (item: unknown, path: string) => unknown): boolean {
    if (!Array.isArray(value)) return this.fail(path, 'must be a list');
    if (value.length > max) return this.fail(path, `must have at most ${max} entries`);
    value.forEach((item, i) => each(item, `${path}[${i}]`));
    return true;
  }

  private fail(path: string, message: string): false {
    this.at(path, message);
    return false;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
