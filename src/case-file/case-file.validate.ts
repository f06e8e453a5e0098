import { isURL } from 'class-validator';
import { isRole, type Actor } from '../shared/actor';
import { HTTP_URL_OPTIONS, LANGUAGE_TAG } from '../shared/input-rules';
import { hasVisibleCharacter, TextKind, textProblem, urlProblem } from '../shared/text';
import { CITATION_STANCES } from '../claims/domain/claim';
import type { DeskPolicy } from '../claims/domain/commands';
import { LIMITS } from '../claims/domain/limits';
import { isCitationStance, isIsoDate } from '../claims/domain/rules';
import { ratingScale } from '../claims/domain/rating-scale';
import { latestLocalDate } from '../shared/calendar';
import { parseIsoInstant } from '../shared/instant';
import { CASE_FILE_FORMAT_V2, CASE_FILE_FORMATS, CaseFile } from './case-file.types';
import { CASE_ACTS, CASE_ACT_KINDS, CaseActKind } from './case-file.v2.types';
import { checkCaseRules } from './case-import.plan-events';

export interface CaseFileProblem {
  /** Where in the file, e.g. `claims[2].citations[0].url` or `claims[2].acts[4].rating`. */
  path: string;
  message: string;
  /** The desk's error code when its rules refuse an act (e.g. NOT_ENOUGH_VERDICTS). */
  code?: string;
}

export type CaseFileValidation = { ok: true; caseFile: CaseFile } | { ok: false; problems: CaseFileProblem[] };

const KEY = /^[a-z0-9][a-z0-9-]{0,79}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Sizes of what only the file has (the API's own limits are `LIMITS`, shared with the GraphQL inputs):
 * the case's title and description, and how many acts of each kind one claim may hold.
 */
const FILE_LIMITS = { title: LIMITS.name, description: LIMITS.note, citations: 200, verdicts: 20, revisions: 50, corrections: 50, acts: 1000 } as const;

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
  if (!(CASE_FILE_FORMATS as readonly unknown[]).includes(input.format)) {
    return { ok: false, problems: [{ path: 'format', message: `must be one of ${CASE_FILE_FORMATS.map((f) => `"${f}"`).join(', ')}` }] };
  }
  const v2 = input.format === CASE_FILE_FORMAT_V2;
  // `$schema` lets an editor find the format's JSON Schema; it means nothing to the desk.
  v.only(input, '', v2 ? ['$schema', 'format', 'id', 'slug', 'title', 'description', 'people', 'claims'] : ['$schema', 'format', 'slug', 'title', 'description', 'people', 'claims']);
  if (input.$schema !== undefined && typeof input.$schema !== 'string') at('$schema', 'must be a string (the path or URL of the JSON Schema)');
  if (v2 && (typeof input.id !== 'string' || !UUID.test(input.id))) at('id', 'must be a UUID such as 0b7e4c8e-3f1a-4c2d-9a57-2f0d7c1e6b90 (the case\'s identity, whatever its slug)');
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
    if (v2) checkClaimActs(claim, path, v, people, now, at);
    else checkClaimShape(claim, path, v, people, now, at);
  });
  if (problems.length > 0) return { ok: false, problems };

  // The file is well-formed: plan it through the desk's rules with the service's own import planner,
  // on an empty store, so the dry run and the import cannot drift apart.
  const caseFile = input as unknown as CaseFile;
  problems.push(...checkCaseRules(caseFile, policy, now));
  return problems.length > 0 ? { ok: false, problems } : { ok: true, caseFile };
}

/**
 * The fields of format 2's acts and their rules: one rule per field name, since a field means the
 * same in every act that has it (a `rating` is a rating in verdict, reviseVerdict and publish).
 */
function actFieldRules(v: Checker, at: (p: string, m: string) => void, person: (value: unknown, p: string) => void): Record<string, (value: unknown, p: string) => unknown> {
  const line = (max: number) => (value: unknown, p: string) => v.string(value, p, { max, kind: 'line' });
  const text = (max: number) => (value: unknown, p: string) => v.string(value, p, { max });
  const key = (value: unknown, p: string) => v.string(value, p, { pattern: KEY, patternMessage: 'must be lower-case letters, digits and dashes' });
  const keys = (max: number) => (value: unknown, p: string) => v.list(value, p, max, (k, kp) => key(k, kp));
  return {
    statement: text(LIMITS.statement),
    claimant: (value, p) => {
      if (!isObject(value)) return at(p, 'must be an object with name and kind');
      v.only(value, p, ['name', 'kind']);
      v.string(value.name, `${p}.name`, { max: LIMITS.name, kind: 'line' });
      if (value.kind !== 'PERSON' && value.kind !== 'ORGANIZATION') at(`${p}.kind`, 'must be PERSON or ORGANIZATION');
    },
    claimDate: (value, p) => v.date(value, p),
    language: (value, p) => v.string(value, p, { pattern: LANGUAGE_TAG, patternMessage: 'must be a language tag such as en or ru' }),
    topics: (value, p) => v.list(value, p, LIMITS.topics, (t, tp) => v.string(t, tp, { max: LIMITS.topic, kind: 'line' })),
    appearances: (value, p) =>
      v.list(value, p, LIMITS.appearances, (a, ap) => {
        if (!isObject(a)) return at(ap, 'must be an object');
        v.only(a, ap, ['url', 'outlet', 'appearedAt', 'firstAppearance']);
        v.url(a.url, `${ap}.url`);
        v.string(a.outlet, `${ap}.outlet`, { max: LIMITS.name, kind: 'line' });
        v.date(a.appearedAt, `${ap}.appearedAt`);
        if (typeof a.firstAppearance !== 'boolean') at(`${ap}.firstAppearance`, 'must be true or false');
      }),
    key,
    url: (value, p) => v.url(value, p),
    title: line(LIMITS.title),
    publisher: line(LIMITS.name),
    publishedAt: (value, p) => v.date(value, p),
    excerpt: text(LIMITS.excerpt),
    stance: (value, p) => isCitationStance(value) || at(p, `must be one of ${CITATION_STANCES.join(', ')}`),
    note: text(LIMITS.note),
    archivedUrl: (value, p) => v.url(value, p),
    reason: text(LIMITS.reason),
    citation: key,
    verdict: key,
    reviewer: person,
    reviewers: (value, p) =>
      v.list(value, p, LIMITS.reviewers, (r, rp) => person(r, rp), 1) && v.unique(value as unknown[], p, 'reviewer'),
    rating: line(LIMITS.rating),
    newRating: line(LIMITS.rating),
    rationale: text(LIMITS.rationale),
    // A verdict rests on at least one citation, also after a revision that gives a new list.
    citations: (value, p) => v.list(value, p, LIMITS.citationIds, (k, kp) => key(k, kp), 1) && v.unique(value as unknown[], p, 'citation'),
    addCitations: (value, p) => keys(LIMITS.citationIds)(value, p) && v.unique(value as unknown[], p, 'citation'),
    summary: text(LIMITS.summary),
    newSummary: text(LIMITS.summary),
    justification: text(LIMITS.rationale),
  };
}

/**
 * Format 2: each act's shape and fields, its person, its time (an instant, not before the claim's
 * previous act, not in the future) and its references to the claim's earlier citations and verdicts.
 */
function checkClaimActs(claim: Record<string, unknown>, path: string, v: Checker, people: Map<string, Actor>, now: Date, at: (p: string, m: string) => void): void {
  const person = (value: unknown, p: string) => {
    if (typeof value !== 'string' || !people.has(value)) at(p, `"${String(value)}" is not one of the people`);
  };
  const rules = actFieldRules(v, at, person);
  v.only(claim, path, ['key', 'acts']);
  if (!v.list(claim.acts, `${path}.acts`, FILE_LIMITS.acts, () => undefined)) return;
  const acts = claim.acts as unknown[];
  if (acts.length === 0) return void at(`${path}.acts`, 'must list at least one act, the first a submit');
  const citations = new Set<string>();
  const verdicts = new Set<string>();
  let previous: { ms: number; path: string } | undefined;
  acts.forEach((act, i) => {
    const p = `${path}.acts[${i}]`;
    if (!isObject(act)) return at(p, 'must be an object with act, by and at');
    if (!(CASE_ACT_KINDS as unknown[]).includes(act.act)) return at(`${p}.act`, `"${String(act.act)}" is not an act (expected one of ${CASE_ACT_KINDS.join(', ')})`);
    const kind = act.act as CaseActKind;
    const { required, optional } = CASE_ACTS[kind] as { required: readonly string[]; optional: readonly string[] };
    v.only(act, p, ['act', 'by', 'at', ...required, ...optional]);
    if ((kind === 'submit') !== (i === 0)) at(`${p}.act`, i === 0 ? 'the first act of a claim must be submit' : 'a claim is submitted once, by its first act');
    person(act.by, `${p}.by`);
    const instant = parseIsoInstant(act.at);
    if (!instant || instant.kind !== 'date-time' || !/T[0-9]{2}:[0-9]{2}:[0-9]{2}/.test(act.at as string)) {
      at(`${p}.at`, 'must be an ISO 8601 instant with seconds and its offset, e.g. 2025-06-28T09:15:00Z');
    }
    else if (instant.ms > now.getTime()) at(`${p}.at`, `${String(act.at)} is in the future`);
    else {
      if (previous && instant.ms < previous.ms) at(`${p}.at`, `${String(act.at)} is before the claim's previous act (${previous.path}); a claim's acts are listed in the order they happened`);
      previous = { ms: instant.ms, path: p };
    }
    for (const field of required) if (act[field] === undefined) at(`${p}.${field}`, `is required for a ${kind} act`);
    for (const field of [...required, ...optional]) {
      if (act[field] !== undefined) rules[field](act[field], `${p}.${field}`);
    }
    // The API refuses a source published in the future; on the import path "now" is the act's time.
    if (instant?.kind === 'date-time' && typeof act.publishedAt === 'string' && parseIsoInstant(act.publishedAt)) {
      v.notAfter(act.publishedAt, new Date(instant.ms), `${p}.publishedAt`, `the act's time (${String(act.at)})`);
    }
    // References: to what an earlier act of this claim created, by its key.
    const refer = (keys: unknown, known: Set<string>, what: string, fp: string) => {
      const list = Array.isArray(keys) ? keys : [keys];
      list.forEach((k, j) => {
        if (typeof k === 'string' && KEY.test(k) && !known.has(k)) at(Array.isArray(keys) ? `${fp}[${j}]` : fp, `"${k}" is not the key of ${what} by an earlier act of this claim`);
      });
    };
    if (act.citation !== undefined) refer(act.citation, citations, 'a citation added', `${p}.citation`);
    if (act.citations !== undefined) refer(act.citations, citations, 'a citation added', `${p}.citations`);
    if (act.addCitations !== undefined) refer(act.addCitations, citations, 'a citation added', `${p}.addCitations`);
    if (act.verdict !== undefined) refer(act.verdict, verdicts, 'a verdict recorded', `${p}.verdict`);
    if (typeof act.key === 'string' && (kind === 'cite' || kind === 'verdict')) {
      const known = kind === 'cite' ? citations : verdicts;
      if (known.has(act.key)) at(`${p}.key`, `"${act.key}" names another ${kind === 'cite' ? 'citation' : 'verdict'} of this claim`);
      known.add(act.key);
    }
  });
}

function checkClaimShape(claim: Record<string, unknown>, path: string, v: Checker, people: Map<string, Actor>, now: Date, at: (p: string, m: string) => void): void {
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
    if (c.publishedAt !== undefined && v.date(c.publishedAt, `${p}.publishedAt`)) v.notAfter(c.publishedAt as string, now, `${p}.publishedAt`, 'now');
    v.string(c.excerpt, `${p}.excerpt`, { max: LIMITS.excerpt });
    if (!isCitationStance(c.stance)) at(`${p}.stance`, `must be one of ${CITATION_STANCES.join(', ')}`);
    if (c.note !== undefined) v.string(c.note, `${p}.note`, { max: LIMITS.note });
    if (c.archivedUrl !== undefined) v.url(c.archivedUrl, `${p}.archivedUrl`);
    if (c.late !== undefined && typeof c.late !== 'boolean') at(`${p}.late`, 'must be true or false');
  });
  const cites = (keys: unknown, p: string, allowLate: boolean, min = 0) =>
    v.list(keys, p, LIMITS.citationIds, (k, kp) => {
      if (typeof k !== 'string' || !citationKeys.has(k)) at(kp, `"${String(k)}" is not a citation of this claim`);
      else if (!allowLate && lateKeys.has(k)) at(kp, `"${k}" is a late citation: it is added after the first verdicts, so only a revision can cite it`);
    }, min) && v.unique(keys as unknown[], p, 'citation');

  if (claim.review !== undefined) {
    if (!isObject(claim.review)) at(`${path}.review`, 'must be an object with assignedBy and reviewers');
    else {
      v.only(claim.review, `${path}.review`, ['assignedBy', 'reviewers']);
      person(claim.review.assignedBy, `${path}.review.assignedBy`);
      if (v.list(claim.review.reviewers, `${path}.review.reviewers`, LIMITS.reviewers, (r, p) => person(r, p), 1)) {
        v.unique(claim.review.reviewers as unknown[], `${path}.review.reviewers`, 'reviewer');
      }
    }
  }
  if (claim.verdicts !== undefined) {
    const reviewers = new Set<unknown>();
    v.list(claim.verdicts, `${path}.verdicts`, FILE_LIMITS.verdicts, (verdict, p) => {
      if (!isObject(verdict)) return at(p, 'must be an object');
      v.only(verdict, p, ['by', 'rating', 'rationale', 'citations', 'revisions']);
      person(verdict.by, `${p}.by`);
      // A reviewer has one verdict; its changes are its revisions.
      if (reviewers.has(verdict.by)) at(`${p}.by`, `"${String(verdict.by)}" has another verdict on this claim (list a change as a revision of it)`);
      reviewers.add(verdict.by);
      v.string(verdict.rating, `${p}.rating`, { max: LIMITS.rating , kind: 'line' });
      v.string(verdict.rationale, `${p}.rationale`, { max: LIMITS.rationale });
      cites(verdict.citations, `${p}.citations`, false, 1);
      if (verdict.revisions !== undefined) {
        v.list(verdict.revisions, `${p}.revisions`, FILE_LIMITS.revisions, (revision, rp) => {
          if (!isObject(revision)) return at(rp, 'must be an object');
          v.only(revision, rp, ['rating', 'rationale', 'citations', 'reason']);
          if (revision.rating !== undefined) v.string(revision.rating, `${rp}.rating`, { max: LIMITS.rating , kind: 'line' });
          if (revision.rationale !== undefined) v.string(revision.rationale, `${rp}.rationale`, { max: LIMITS.rationale });
          if (revision.citations !== undefined) cites(revision.citations, `${rp}.citations`, true, 1);
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
  if (claim.rejection !== undefined) {
    // Format 1 ends a claim at its rejection: whatever the file says happened after it is refused, by its place.
    const after = 'cannot follow the rejection in format 1 (format 2 can reopen the claim first)';
    if (Array.isArray(claim.citations)) claim.citations.forEach((c, i) => isObject(c) && c.late === true && at(`${path}.citations[${i}]`, `a late citation ${after}`));
    if (claim.review !== undefined) at(`${path}.review`, `a review ${after}`);
    if (claim.verdicts !== undefined) at(`${path}.verdicts`, `verdicts ${after}`);
    if (claim.publication !== undefined) at(`${path}.publication`, `a publication ${after}`);
    if (claim.corrections !== undefined) at(`${path}.corrections`, `corrections ${after}`);
  }
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

  /** The API's rule for dates of things that happened (its day is not after the latest day on Earth at `now`). */
  notAfter(value: string, now: Date, path: string, what: string): boolean {
    if (value.slice(0, 10) <= latestLocalDate(now)) return true;
    return this.fail(path, `${value} is in the future: it is after ${what}`);
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

  /** Refuses an entry listed twice (a reviewer, a citation): nothing is merged without a word. */
  unique(values: unknown[], path: string, what: string): boolean {
    const seen = new Set<unknown>();
    let ok = true;
    values.forEach((value, i) => {
      if (seen.has(value)) ok = this.fail(`${path}[${i}]`, `${what} "${String(value)}" is listed twice`);
      seen.add(value);
    });
    return ok;
  }

  list(value: unknown, path: string, max: number, each: (item: unknown, path: string) => unknown, min = 0): boolean {
    if (!Array.isArray(value)) return this.fail(path, 'must be a list');
    if (value.length < min) return this.fail(path, `must have at least ${min} ${min === 1 ? 'entry' : 'entries'}`);
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
