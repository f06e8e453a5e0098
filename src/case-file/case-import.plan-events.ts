/**
 * The service side of a case import, pure: given a validated case file, what the store already holds
 * for it, the server's id secret and the import's clock, the events to append per stream (stamped and
 * hash-chained exactly as the API's command path stamps them), what each act came to, and every
 * problem with its place in the file. No Nest, no store: the service loads the state and appends the
 * batches; the CLI's offline dry run and the validator run the same function on empty state.
 */
import { createHash } from 'node:crypto';
import type { Actor } from '../shared/actor';
import { canonicalJson } from '../shared/canonical-json';
import { deterministicUuid } from '../shared/deterministic-id';
import { JsonObject, NewEvent, NO_STREAM, RecordedEvent, StreamBatch } from '../event-store/event-store.port';
import { initialClaimState, type ClaimState } from '../claims/domain/claim';
import type { ClaimCommand, DeskPolicy } from '../claims/domain/commands';
import { DeskError } from '../claims/domain/desk-error';
import { CommandRequest, DESK_COMMANDS, DeskCommand, DeskMutation } from '../claims/application/claim-commands';
import { commandIds } from '../claims/application/command-ids';
import { claimStream, decideAndStamp, evolveRecorded } from '../claims/application/claim-stream';
import { anchorOf, findChainBreak, hashOf } from '../claims/application/hash-chain';
import { CaseStep, CaseStepOf, DeskInput, IdResolver, planClaim } from './case-file.plan';
import type { CaseClaim, CaseFile } from './case-file.types';

export const CASE_IMPORT_STREAM_PREFIX = 'case-import-';
export const caseImportStream = (caseId: string) => `${CASE_IMPORT_STREAM_PREFIX}${caseId}`;
/** One stream per claim fingerprint (format 1): finds a case imported before under another slug. */
export const claimFingerprintStream = (fingerprint: string) => `case-import-claim-${fingerprint}`;

export const CASE_IMPORT_EVENT_SCHEMA_VERSIONS = { CaseImportStarted: 1, CaseImportCompleted: 1, CaseClaimFingerprinted: 1 } as const;
export type CaseImportEventType = keyof typeof CASE_IMPORT_EVENT_SCHEMA_VERSIONS;

/** An act as the registry records it: enough to recognise it again and to tell whether it changed. */
export interface RegisteredAct {
  claimKey: string;
  path: string;
  mutation: string;
  mutationId: string;
  /** The person the act was imported as. */
  actor: string;
  commandId: string;
  commandHash: string;
  /** The id of the citation or verdict the act created. */
  createdId?: string;
  /** When the act happened, as the file said (format 2; absent in format 1, whose acts happen at the import). */
  at?: string;
}

export interface CaseImportStartedData {
  caseId: string;
  slug: string;
  format: string;
  importId: string;
  claims: { key: string; claimId: string }[];
  acts: RegisteredAct[];
  /** How many events this run appends to the claims' streams. */
  events: number;
}

export interface CaseImportCompletedData {
  caseId: string;
  importId: string;
  events: number;
}

export interface FingerprintData {
  caseId: string;
  slug: string;
  claimKey: string;
  claimId: string;
}

/** Where and what: `path` as in the file (`claims[2].acts[4]`), `code` for a refusal of the desk's rules. */
export interface ImportProblem {
  path: string;
  message: string;
  code?: string;
}

/** What the store holds for a case before this import: the registry, and the streams it names. */
export interface ExistingCase {
  registry: RecordedEvent[];
  /** Claim id → the claim's stream as stored (absent: no such stream). */
  claimStreams: ReadonlyMap<string, RecordedEvent[]>;
  /** Fingerprint → the first claim imported with it (format 1 only). */
  fingerprints: ReadonlyMap<string, FingerprintData>;
}

export const EMPTY_CASE: ExistingCase = { registry: [], claimStreams: new Map(), fingerprints: new Map() };

export interface ImportContext {
  secret: string;
  policy: DeskPolicy;
  /** The import's time: an act without its own time happened now. */
  now: Date;
  importedBy: { id: string; name: string };
  /** One id for the whole import: every event's correlation id. */
  importId: string;
}

export interface PlannedClaim {
  key: string;
  claimId: string;
  acts: number;
  written: number;
  alreadyImported: number;
  /** The claim's state once the plan is applied (the status the file leads to). */
  state: ClaimState;
}

export interface CaseImportPlan {
  caseId: string;
  claims: PlannedClaim[];
  /** Stream batches in append order: registry start, claims, fingerprints, registry completion. Empty: nothing to write. */
  batches: StreamBatch[];
  /** Events appended to claim streams. */
  events: number;
  /** The last import of this case was started and not completed (EventStoreDB): this run completes it. */
  resumed: boolean;
  problems: ImportProblem[];
}

/** The case's stable id: the file's own `id` (format 2) or one derived from its slug (format 1). */
export function caseIdOf(caseFile: CaseFile): string {
  const own = (caseFile as { id?: unknown }).id;
  if (typeof own === 'string' && own !== '') return own;
  return deterministicUuid(JSON.stringify(['case-file', caseFile.slug]));
}

/** Format 1 keeps today's API ids (derived from the act's person); later formats key a claim on the case and its key. */
const isFormat1 = (caseFile: CaseFile) => caseFile.format === 'factcheck-case/1';

/**
 * Statement, claimant and claim date as submitted: what makes two claims the same claim whatever the
 * case's slug or id (a format-1 slug renamed, a format-2 id replaced, a file converted between formats).
 */
export function claimFingerprint(claim: CaseClaim): string {
  const submitted = 'acts' in claim ? claim.acts.find((act) => act.act === 'submit') : claim;
  if (!submitted || !('statement' in submitted)) return '';
  const parts = [submitted.statement.normalize('NFC').trim(), submitted.claimant.name.normalize('NFC').trim(), submitted.claimant.kind, submitted.claimDate];
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 40);
}

/** The registry's view: the claims' ids, the acts of completed imports, and whether the last one is unfinished. */
export function readRegistry(registry: RecordedEvent[]): { claimIds: Map<string, string>; acts: Map<string, RegisteredAct>; pending: Map<string, RegisteredAct>; incomplete: boolean } {
  const claimIds = new Map<string, string>();
  const acts = new Map<string, RegisteredAct>();
  let pending = new Map<string, RegisteredAct>();
  let open: string | undefined;
  for (const event of registry) {
    if (event.type === 'CaseImportStarted') {
      const data = event.data as unknown as CaseImportStartedData;
      for (const claim of data.claims) claimIds.set(claim.key, claim.claimId);
      pending = new Map(data.acts.map((act) => [act.mutationId, act]));
      open = data.importId;
    } else if (event.type === 'CaseImportCompleted' && (event.data as unknown as CaseImportCompletedData).importId === open) {
      for (const [id, act] of pending) acts.set(id, act);
      pending = new Map();
      open = undefined;
    }
  }
  return { claimIds, acts, pending, incomplete: open !== undefined };
}

/** The claim ids the import will use, known before the claims' streams are read. */
export function claimIdsOf(caseFile: CaseFile, registry: RecordedEvent[], secret: string): Map<string, string> {
  const known = readRegistry(registry).claimIds;
  const caseId = caseIdOf(caseFile);
  const ids = new Map<string, string>();
  for (const claim of caseFile.claims) {
    const registered = known.get(claim.key);
    if (registered) ids.set(claim.key, registered);
    else if (isFormat1(caseFile)) {
      const submit = planClaim(caseFile, claim, { claimId: '', citationId: () => '', verdictId: () => '' }).next().value as CaseStep;
      ids.set(claim.key, commandIds({ mutationId: submit.mutationId, actor: personOf(caseFile, submit.actor) }, secret).created('claim'));
    } else {
      ids.set(claim.key, keyedId(secret, ['case-claim', caseId, claim.key]));
    }
  }
  return ids;
}

/**
 * Plans the whole import. Problems found anywhere refuse the whole file (`batches` is then empty).
 * Each act: recognised when its command is already in the claim's stream (same command id; its hash
 * must match, else ALREADY_IMPORTED_CHANGED), otherwise decided by `decide` on the claim's state with
 * the file's person as actor at the act's time, and stamped and chained like any command's events.
 */
export function planCaseImport(caseFile: CaseFile, existing: ExistingCase, context: ImportContext): CaseImportPlan {
  const caseId = caseIdOf(caseFile);
  const registry = readRegistry(existing.registry);
  const claimIds = claimIdsOf(caseFile, existing.registry, context.secret);
  const problems: ImportProblem[] = [];
  const claims: PlannedClaim[] = [];
  const claimBatches: StreamBatch[] = [];
  const fingerprintBatches: StreamBatch[] = [];
  const registered: RegisteredAct[] = [];
  // Every act of the file, also those after a refused one: an act is "missing" only when the file no longer has it.
  const planned = new Set<string>();
  const noIds: IdResolver = { claimId: '', citationId: () => '', verdictId: () => '' };
  for (const claim of caseFile.claims) for (const step of planClaim(caseFile, claim, noIds)) planned.add(step.mutationId);
  let events = 0;

  caseFile.claims.forEach((claim, index) => {
    const where = `claims[${index}]`;
    const claimId = claimIds.get(claim.key) as string;
    const stored = existing.claimStreams.get(claimId) ?? [];
    // As the command path does: nothing is decided on a history that fails verification.
    const broken = stored.length > 0 ? findChainBreak(stored, anchorOf(stored[0])) : undefined;
    if (broken) {
      problems.push({ path: where, code: 'INTEGRITY', message: `claim ${claimId}'s stored history fails verification at revision ${broken.revision} (${broken.type}): ${broken.reason}; nothing can be imported onto it until an operator restores it` });
      return;
    }
    let state: ClaimState = initialClaimState();
    const commands = new Map<string, { commandHash?: string }>();
    let lastTime: number | undefined;
    for (const event of stored) {
      state = evolveRecorded(state, event);
      const { causationId, commandHash, occurredAt } = event.metadata;
      if (typeof causationId === 'string') commands.set(causationId, typeof commandHash === 'string' ? { commandHash } : {});
      if (typeof occurredAt === 'string') lastTime = Math.max(lastTime ?? 0, Date.parse(occurredAt));
    }
    const expectedRevision = state.exists ? state.revision : NO_STREAM;
    let previousHash = hashOf(stored[stored.length - 1]);

    const fingerprint = state.exists ? '' : claimFingerprint(claim);
    if (fingerprint) {
      const earlier = existing.fingerprints.get(fingerprint);
      if (earlier && earlier.caseId !== caseId) {
        problems.push({
          path: where,
          code: 'CASE_ALREADY_IMPORTED',
          message: `this claim (same statement, claimant and claim date) was imported as claim "${earlier.claimKey}" of another case (slug "${earlier.slug}", id ${earlier.caseId}): a case keeps its identity; give this file that case's ${isFormat1(caseFile) ? 'slug' : 'id'} again`,
        });
        return;
      }
      if (!earlier) fingerprintBatches.push({ stream: claimFingerprintStream(fingerprint), events: [registryEvent('CaseClaimFingerprinted', { caseId, slug: caseFile.slug, claimKey: claim.key, claimId } satisfies FingerprintData, context, caseId, `fp-${fingerprint}`)], expectedRevision: NO_STREAM });
    }

    const created = new Map<string, string>();
    const ids: IdResolver = {
      claimId,
      citationId: (key) => created.get(`citation:${key}`) ?? `unknown-citation-${key}`,
      verdictId: (key) => created.get(`verdict:${key}`) ?? `unknown-verdict-${key}`,
    };
    const newEvents: NewEvent[] = [];
    const outcome: PlannedClaim = { key: claim.key, claimId, acts: 0, written: 0, alreadyImported: 0, state };

    for (const step of planClaim(caseFile, claim, ids)) {
      const path = `${where}${step.path}`;
      outcome.acts += 1;
      const actor = personOf(caseFile, step.actor);
      // Format 1 keeps the API's own ids (an earlier import through the API is recognised); later formats do not depend on the person.
      const idActor: Actor = isFormat1(caseFile) ? actor : { id: `case-${caseId}`, name: '', roles: [] };
      const stepIds = commandIds({ mutationId: step.mutationId, actor: idActor }, context.secret);
      const known = registry.acts.get(step.mutationId) ?? registry.pending.get(step.mutationId);
      const createdId = step.creates ? (known?.createdId ?? stepIds.created(step.creates.kind)) : undefined;
      if (step.creates && createdId) created.set(`${step.creates.kind}:${step.creates.key}`, createdId);
      const request: CommandRequest = { actor, correlationId: context.importId, mutationId: step.mutationId };
      let command: ClaimCommand;
      try {
        command = deskCommand(step, request).toDomain(createdId ?? claimId);
      } catch (error) {
        problems.push({ path, message: (error as Error).message });
        return;
      }
      const commandHash = createHash('sha256').update(canonicalJson(command)).digest('hex');
      const commandId = known?.commandId ?? stepIds.commandId;

      const done = commands.get(commandId);
      const completedBefore = registry.acts.get(step.mutationId);
      if (done || completedBefore) {
        const hash = done?.commandHash ?? completedBefore?.commandHash;
        if (completedBefore && completedBefore.actor !== step.actor) {
          problems.push({ path, code: 'ALREADY_IMPORTED_CHANGED', message: `this ${step.mutation} was already imported as done by "${completedBefore.actor}", and the file now names "${step.actor}"; who did an imported act stays as it was: put "${completedBefore.actor}" back` });
          return;
        }
        if (completedBefore?.at !== undefined && step.at !== undefined && Date.parse(completedBefore.at) !== Date.parse(step.at)) {
          problems.push({ path: `${path}.at`, code: 'ALREADY_IMPORTED_CHANGED', message: `this ${step.mutation} was already imported as done at ${completedBefore.at}, and the file now says ${step.at}; when an imported act happened stays as it was: put ${completedBefore.at} back` });
          return;
        }
        if (hash !== commandHash) {
          problems.push({ path, code: 'ALREADY_IMPORTED_CHANGED', message: `this ${step.mutation} was already imported and the file now says something else; an imported act stays as it was: put the text back and make the change in a revision act instead` });
          return;
        }
        if (done) {
          outcome.alreadyImported += 1;
          registered.push({ claimKey: claim.key, path: step.path, mutation: step.mutation, mutationId: step.mutationId, actor: step.actor, commandId, commandHash, ...(createdId && step.creates ? { createdId } : {}), ...(step.at !== undefined ? { at: step.at } : {}) });
          continue;
        }
        // Recorded by a completed import, yet missing from the stream: decided again below (a store restored from an older backup).
      }

      const at = step.at === undefined ? context.now : new Date(step.at);
      if (Number.isNaN(at.getTime())) {
        problems.push({ path: `${path}.at`, message: `"${step.at}" is not an ISO 8601 instant` });
        return;
      }
      if (at.getTime() > context.now.getTime()) {
        problems.push({ path: `${path}.at`, message: `${at.toISOString()} is in the future (the import runs at ${context.now.toISOString()})` });
        return;
      }
      if (lastTime !== undefined && at.getTime() < lastTime) {
        problems.push({ path: `${path}.at`, message: `${at.toISOString()} is before the claim's previous act (${new Date(lastTime).toISOString()}): a claim's acts are in the order they happened` });
        return;
      }
      lastTime = at.getTime();

      try {
        const decided = decideAndStamp(command, state, { actor, now: at, policy: context.policy, storedEvents: stored.length + newEvents.length }, {
          envelope: { commandId, commandHash, correlationId: context.importId, importedBy: context.importedBy },
          eventId: stepIds.event,
          previousHash,
        });
        state = decided.state;
        previousHash = decided.lastHash;
        newEvents.push(...decided.stored);
        commands.set(commandId, { commandHash });
        outcome.written += 1;
        registered.push({ claimKey: claim.key, path: step.path, mutation: step.mutation, mutationId: step.mutationId, actor: step.actor, commandId, commandHash, ...(createdId && step.creates ? { createdId } : {}), ...(step.at !== undefined ? { at: step.at } : {}) });
      } catch (error) {
        if (error instanceof DeskError) {
          problems.push({ path, code: error.code, message: `${error.message} (${error.code})` });
          return;
        }
        throw error;
      }
    }
    outcome.state = state;
    claims.push(outcome);
    if (newEvents.length > 0) {
      claimBatches.push({ stream: claimStream(claimId), events: newEvents, expectedRevision });
      events += newEvents.length;
    }
  });

  // An act the registry holds that the file no longer has would be lost from the file's view without a word.
  for (const act of registry.acts.values()) {
    if (!planned.has(act.mutationId)) {
      const index = caseFile.claims.findIndex((c) => c.key === act.claimKey);
      const path = index >= 0 ? `claims[${index}]${act.path}` : `claims (key "${act.claimKey}")`;
      problems.push({ path, code: 'IMPORTED_ACT_MISSING', message: `the ${act.mutation} imported before at ${act.path || 'the claim'} of claim "${act.claimKey}" is no longer in the file; imported acts stay: put it back, and undo it with a later act if need be` });
    }
  }

  const resumed = registry.incomplete;
  if (problems.length > 0) return { caseId, claims, batches: [], events: 0, resumed, problems };
  if (claimBatches.length === 0 && fingerprintBatches.length === 0 && !registry.incomplete) return { caseId, claims, batches: [], events: 0, resumed, problems };

  const registryRevision = existing.registry.length > 0 ? existing.registry[existing.registry.length - 1].revision : undefined;
  const started: CaseImportStartedData = {
    caseId,
    slug: caseFile.slug,
    format: caseFile.format,
    importId: context.importId,
    claims: claims.map((c) => ({ key: c.key, claimId: c.claimId })),
    acts: registered,
    events,
  };
  const completed: CaseImportCompletedData = { caseId, importId: context.importId, events };
  const stream = caseImportStream(caseId);
  const batches: StreamBatch[] = [
    { stream, events: [registryEvent('CaseImportStarted', started, context, caseId, 'started')], expectedRevision: registryRevision ?? NO_STREAM },
    ...claimBatches,
    ...fingerprintBatches,
    { stream, events: [registryEvent('CaseImportCompleted', completed, context, caseId, 'completed')], expectedRevision: (registryRevision ?? -1) + 1 },
  ];
  return { caseId, claims, batches, events, resumed, problems };
}

/**
 * The desk's rules over a whole file on empty state: what the CLI's offline dry run and the validator
 * call, so that a file they accept is a file the service accepts (the ids differ, the rules do not).
 */
export function checkCaseRules(caseFile: CaseFile, policy: DeskPolicy, now = new Date()): ImportProblem[] {
  return planCaseImport(caseFile, EMPTY_CASE, { secret: 'dry-run', policy, now, importedBy: { id: 'dry-run', name: 'dry run' }, importId: 'dry-run' }).problems;
}

function registryEvent(type: CaseImportEventType, data: object, context: ImportContext, caseId: string, what: string): NewEvent {
  return {
    // Derived from the import's id: a retried append of the same run is recognised by the store.
    id: deterministicUuid(JSON.stringify(['case-import', caseId, context.importId, what])),
    type,
    data: data as JsonObject,
    metadata: {
      schemaVersion: CASE_IMPORT_EVENT_SCHEMA_VERSIONS[type],
      actorId: context.importedBy.id,
      actorName: context.importedBy.name,
      occurredAt: context.now.toISOString(),
      correlationId: context.importId,
      causationId: context.importId,
      commandType: 'ImportCase',
    },
  };
}

function personOf(caseFile: CaseFile, id: string): Actor {
  const person = caseFile.people[id];
  return { id, name: person?.name ?? id, roles: person?.roles ?? [] };
}

function keyedId(secret: string, parts: string[]): string {
  return deterministicUuid(createHash('sha256').update(secret).update(JSON.stringify(parts)).digest('hex'));
}

/** `DESK_COMMANDS` seen per mutation, so that a step's input and its command class are known to belong together. */
const COMMANDS: { [M in DeskMutation]: new (input: DeskInput<M>, request: CommandRequest) => DeskCommand<DeskInput<M>, ClaimCommand> } = DESK_COMMANDS;

function deskCommand<M extends DeskMutation>(step: CaseStepOf<M>, request: CommandRequest): DeskCommand<DeskInput<M>, ClaimCommand> {
  return new COMMANDS[step.mutation](step.input, request);
}
