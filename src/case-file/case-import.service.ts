import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Actor } from '../shared/actor';
import { CLOCK, Clock } from '../shared/clock';
import { AppendResult, EVENT_STORE, EventStore, RecordedEvent } from '../event-store/event-store.port';
import { EventStoreError, WrongExpectedVersion } from '../event-store/event-store.errors';
import type { DeskPolicy } from '../claims/domain/commands';
import { DESK_POLICY } from '../claims/application/desk-policy';
import { ID_SECRET } from '../claims/application/command-ids';
import { READ_YOUR_WRITES, ReadYourWrites } from '../claims/application/read-your-writes.port';
import { claimStream } from '../claims/application/claim-stream';
import { ClaimsReadModel } from '../claims/read-model/claims.read-model';
import type { CaseFile } from './case-file.types';
import { validateCaseFile } from './case-file.validate';
import {
  caseIdOf,
  caseImportStream,
  claimFingerprint,
  claimFingerprintStream,
  claimIdsOf,
  FingerprintData,
  ImportProblem,
  planCaseImport,
} from './case-import.plan-events';

export interface ImportResult {
  ok: true;
  dryRun: boolean;
  caseId: string;
  slug: string;
  format: string;
  atomic: boolean;
  claims: { key: string; claimId: string; status: string; acts: number; written: number; alreadyImported: number }[];
  acts: { total: number; written: number; alreadyImported: number };
  events: number;
  resumed: boolean;
}

export type ImportRefusal = { ok: false; problems: ImportProblem[] };
export type ImportAnswer = ImportResult | ImportRefusal;

export interface ImportProgress {
  phase: 'checking' | 'writing';
  done: number;
  total: number;
}

/** The store could not be reached or used: the import wrote nothing it did not record (503). */
export class ImportStoreUnavailable extends Error {
  override readonly name = 'ImportStoreUnavailable';
}

/** Lost races with other writers before the import could append; each try is planned afresh on the new state. */
const MAX_ATTEMPTS = 3;

/**
 * POST /cases/import as a use case: validate the file, read what the store holds for the case, plan
 * every act with the API's own `decide`, and append. On a store with transactions across streams, in
 * one `appendStreams` (all or nothing); otherwise stream by stream between the registry's
 * CaseImportStarted and CaseImportCompleted, so that running it again completes it. Then waits for
 * the read models and reports each claim's status as they show it.
 */
@Injectable()
export class CaseImportService {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(DESK_POLICY) private readonly policy: DeskPolicy,
    @Inject(READ_YOUR_WRITES) private readonly readModels: ReadYourWrites,
    @Inject(ID_SECRET) private readonly secret: string,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly claims: ClaimsReadModel,
  ) {}

  async run(body: unknown, options: { dryRun: boolean; importedBy: Actor; onProgress?: (progress: ImportProgress) => void }): Promise<ImportAnswer> {
    const now = this.clock();
    const validation = validateCaseFile(body, this.policy, now);
    if (!validation.ok) return { ok: false, problems: validation.problems };
    const caseFile = validation.caseFile;

    for (let attempt = 1; ; attempt++) {
      try {
        return await this.attempt(caseFile, now, options);
      } catch (error) {
        if (error instanceof WrongExpectedVersion && attempt < MAX_ATTEMPTS) continue;
        if (error instanceof WrongExpectedVersion) {
          return { ok: false, problems: [{ path: '(file)', code: 'CONFLICT', message: `The case's claims kept changing while they were imported (${error.message}); run the import again` }] };
        }
        if (error instanceof EventStoreError) throw new ImportStoreUnavailable(`The event store is unavailable: ${error.message}`);
        throw error;
      }
    }
  }

  private async attempt(caseFile: CaseFile, now: Date, options: { dryRun: boolean; importedBy: Actor; onProgress?: (progress: ImportProgress) => void }): Promise<ImportAnswer> {
    const progress = options.onProgress ?? (() => undefined);
    const total = caseFile.claims.length;
    progress({ phase: 'checking', done: 0, total });

    const caseId = caseIdOf(caseFile);
    const registry = await this.events(caseImportStream(caseId));
    const claimIds = claimIdsOf(caseFile, registry, this.secret);
    const claimStreams = new Map<string, RecordedEvent[]>();
    const fingerprints = new Map<string, FingerprintData>();
    for (const [i, claim] of caseFile.claims.entries()) {
      const claimId = claimIds.get(claim.key) as string;
      claimStreams.set(claimId, await this.events(claimStream(claimId)));
      const fingerprint = claimFingerprint(claim);
      if (fingerprint) {
        const [first] = await this.events(claimFingerprintStream(fingerprint));
        if (first) fingerprints.set(fingerprint, first.data as unknown as FingerprintData);
      }
      progress({ phase: 'checking', done: i + 1, total });
    }

    const plan = planCaseImport(caseFile, { registry, claimStreams, fingerprints }, {
      secret: this.secret,
      policy: this.policy,
      now,
      importedBy: { id: options.importedBy.id, name: options.importedBy.name },
      importId: randomUUID(),
    });
    if (plan.problems.length > 0) return { ok: false, problems: plan.problems };

    let lastPosition: number | undefined;
    if (!options.dryRun && plan.batches.length > 0) {
      const batches = plan.batches.length;
      progress({ phase: 'writing', done: 0, total: batches });
      let results: AppendResult[];
      if (this.store.atomicAcrossStreams) {
        results = await this.store.appendStreams(plan.batches);
      } else {
        results = [];
        for (const batch of plan.batches) {
          results.push(...(await this.store.appendStreams([batch])));
          progress({ phase: 'writing', done: results.length, total: batches });
        }
      }
      progress({ phase: 'writing', done: batches, total: batches });
      lastPosition = Math.max(...results.map((r) => r.position));
    }

    // The service's view, not the file's: once the read models hold the import, each claim as they show it.
    const reach = lastPosition === undefined ? 'reached' : await this.readModels.reached(lastPosition);
    const claims = plan.claims.map((c) => {
      const planned = c.state.exists ? c.state.status : 'DRAFT';
      const shown = options.dryRun || reach !== 'reached' ? undefined : this.claims.get(c.claimId)?.status;
      return { key: c.key, claimId: c.claimId, status: shown ?? planned, acts: c.acts, written: c.written, alreadyImported: c.alreadyImported };
    });
    const sum = (pick: (c: (typeof claims)[number]) => number) => claims.reduce((n, c) => n + pick(c), 0);
    return {
      ok: true,
      dryRun: options.dryRun,
      caseId: plan.caseId,
      slug: caseFile.slug,
      format: caseFile.format,
      atomic: this.store.atomicAcrossStreams,
      claims,
      acts: { total: sum((c) => c.acts), written: sum((c) => c.written), alreadyImported: sum((c) => c.alreadyImported) },
      // A dry run reports what the import would write.
      events: plan.events,
      resumed: plan.resumed,
    };
  }

  private async events(stream: string): Promise<RecordedEvent[]> {
    const read = await this.store.readStream(stream);
    return read.found ? read.events : [];
  }
}
