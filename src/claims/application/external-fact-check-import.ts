import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Actor } from '../../shared/actor';
import { CLOCK, Clock } from '../../shared/clock';
import { contentHash } from '../../shared/content-hash';
import { deterministicUuid } from '../../shared/deterministic-id';
import { EVENT_STORE, EventStore, NO_STREAM } from '../../event-store/event-store.port';
import { WrongExpectedVersion } from '../../event-store/event-store.errors';
import { ClaimState, initialClaimState } from '../domain/claim';
import type { ExternalProblem, ParsedClaimReview } from '../../external-fact-checks/domain/claim-review.parse';
import { decideExternalImport, ExternalOutcome, externalClaimName, reviewDate } from '../../external-fact-checks/domain/external-fact-check.decide';
import { parseIsoInstant } from '../../shared/instant';
import { claimStream, evolveRecorded, stampEvents } from './claim-stream';
import { hashOf } from './hash-chain';
import { READ_YOUR_WRITES, ReadYourWrites } from './read-your-writes.port';

export interface ExternalImportItem {
  url: string;
  claimId: string;
  publisher: string;
  outcome: ExternalOutcome;
  /** With `older`: the date (dateModified, else datePublished) of the document kept. */
  storedDate?: string;
}

export type ExternalImportResult = { ok: true; dryRun: boolean; factChecks: ExternalImportItem[] } | { ok: false; problems: ExternalProblem[] };

export const IMPORT_EXTERNAL_COMMAND = 'ImportExternalFactCheck';

/** The claim id of another desk's fact-check: derived from its ClaimReview url, so every import of it finds the same stream. */
export const externalClaimId = (url: string) => deterministicUuid(externalClaimName(url));

/**
 * Imports other desks' ClaimReviews as read-only reference fact-checks, each in its own claim stream.
 * Every review is decided before anything is written, so a refusal writes nothing; the appends then go
 * stream by stream (no transaction spans streams), and since a re-import of what was written is
 * `unchanged`, running an interrupted import again completes it.
 */
@Injectable()
export class ExternalFactCheckImport {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(READ_YOUR_WRITES) private readonly readModels: ReadYourWrites,
  ) {}

  async run(reviews: ParsedClaimReview[], actor: Actor, dryRun: boolean): Promise<ExternalImportResult> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.once(reviews, actor, dryRun);
      } catch (error) {
        // Another request imported the same document meanwhile: decide again on what it wrote.
        if (!(error instanceof WrongExpectedVersion) || attempt >= 2) throw error;
      }
    }
  }

  private async once(reviews: ParsedClaimReview[], actor: Actor, dryRun: boolean): Promise<ExternalImportResult> {
    const by = { id: actor.id, name: actor.name };
    const planned = [];
    const problems: ExternalProblem[] = [];
    for (const review of reviews) {
      const claimId = externalClaimId(review.url);
      const stream = claimStream(claimId);
      const read = await this.store.readStream(stream);
      const events = read.found ? read.events : [];
      const state: ClaimState = events.reduce(evolveRecorded, initialClaimState());
      // The acts are the publisher's, done when its document says (a bare day: 00:00 UTC); the store records when they were imported.
      // A first import is dated by the publication (so claimAsOf finds it from then on), an update by its modification.
      const actedAt = actedAtOf(review, state.exists, this.clock());
      const decision = decideExternalImport(state, claimId, review, { by, at: actedAt.toISOString() });
      if (decision.outcome === 'collision') {
        problems.push({ path: `${review.path === '(document)' ? '' : `${review.path}.`}url`, message: decision.message });
        continue;
      }
      planned.push({ review, claimId, stream, state, decision, actedAt, lastHash: hashOf(events[events.length - 1]) });
    }
    if (problems.length > 0) return { ok: false, problems };

    let position = -1;
    if (!dryRun) {
      const correlationId = randomUUID();
      for (const { review, stream, state, decision, actedAt, lastHash } of planned) {
        if (decision.events.length === 0) continue;
        // The command id names the document's content: a retry of the same import re-derives the same event ids.
        const commandId = deterministicUuid(`${IMPORT_EXTERNAL_COMMAND}|${stream}|${state.revision}|${contentHash(review.document)}`);
        const stored = stampEvents(
          decision.events,
          { commandId, commandType: IMPORT_EXTERNAL_COMMAND, correlationId, actor, occurredAt: actedAt },
          (i) => deterministicUuid(`${commandId}|${i}`),
          lastHash,
        );
        const appended = await this.store.append(stream, stored, state.exists ? state.revision : NO_STREAM);
        position = Math.max(position, appended.position);
      }
      // Read your writes: a search right after the import finds what it wrote (a lagging read model is not a failure).
      if (position >= 0) await this.readModels.reached(position);
    }
    return {
      ok: true,
      dryRun,
      factChecks: planned.map(({ review, claimId, decision }) => ({
        url: review.url,
        claimId,
        publisher: review.publisher.name,
        outcome: decision.outcome as ExternalOutcome,
        ...(decision.outcome === 'older' ? { storedDate: decision.storedDate } : {}),
      })),
    };
  }
}

/**
 * The review's own time as an instant: its datePublished when it is first imported, its dateModified
 * (else datePublished) when it updates one already here; `fallback` only if it cannot be read.
 */
function actedAtOf(review: ParsedClaimReview, known: boolean, fallback: Date): Date {
  const instant = parseIsoInstant(known ? reviewDate(review) : review.datePublished);
  return instant ? new Date(instant.ms) : fallback;
}
