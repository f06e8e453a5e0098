import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { deterministicUuid } from '../../shared/deterministic-id';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { EVENT_STORE, EventStore, NO_STREAM } from '../../event-store/event-store.port';
import { WrongExpectedVersion } from '../../event-store/event-store.errors';
import type { Actor } from '../../shared/actor';
import { CLOCK, Clock } from '../../shared/clock';
import { normaliseText } from '../../shared/text';
import type { CorrectionRequestCommand } from '../domain/commands';
import { CorrectionRequestState, initialCorrectionRequestState } from '../domain/correction-request';
import { CorrectionRequestError } from '../domain/correction-request-error';
import { KeyedQueue } from '../../shared/keyed-queue';
import type { RecordedEvent } from '../../event-store/event-store.port';
import { decide } from '../domain/decide';
import { CONTACT_STORE, ContactStore } from './contact-store.port';
import { correctionRequestStream, evolveRecorded, toStoredEvent } from './correction-request-stream';
import { FACT_CHECKS, FactChecks } from './fact-checks.port';
import { READ_MODELS_REACH, ReadModelsReach } from './read-models.port';

const MAX_ATTEMPTS = 3;
const DAY_MS = 86_400_000;

export interface Caller {
  actor: Actor | null;
  correlationId: string;
}

export interface RequestOutcome {
  requestId: string;
  claimId: string;
  revision: number;
  position: number;
  /** True when a retry with the same mutationId found the request already filed. */
  replayed: boolean;
}

/**
 * A reader's retry must not file a second request, so a request sent with a mutationId gets an id
 * derived from it: the retry lands on the same stream, finds it there, and answers with the first result.
 */
export const requestIdForMutation = (mutationId: string): string => deterministicUuid(`correction-request:${mutationId}`);

/**
 * The use cases of correction requests: load the request's stream, decide, append at the revision
 * decided on (a lost race is decided again on the fresh state), then wait for the read models so the
 * caller's next query sees the change.
 */
@Injectable()
export class CorrectionRequestsService {
  /** One request per mutationId at a time in this instance, so a retry racing its original never drops its contact. */
  private readonly byRequestId = new KeyedQueue();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(FACT_CHECKS) private readonly factChecks: FactChecks,
    @Inject(CONTACT_STORE) private readonly contacts: ContactStore,
    @Inject(READ_MODELS_REACH) private readonly readModels: ReadModelsReach,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * A reader asks for a correction. The contact, when given, goes to the private store (first, so
   * an event never claims a contact that is not there) and is removed again if the append fails.
   */
  async request(input: { claimId: string; problem: string; evidenceUrl?: string | null; contact?: string | null; mutationId?: string | null }, caller: Caller): Promise<RequestOutcome> {
    if (!input.mutationId) return this.file(randomUUID(), input, caller);
    const requestId = requestIdForMutation(input.mutationId);
    return this.byRequestId.run(requestId, async () => {
      const earlier = await this.store.readStream(correctionRequestStream(requestId));
      if (earlier.found) return this.replay(earlier.events, input);
      try {
        return await this.file(requestId, input, caller);
      } catch (error) {
        // Another instance filed it between the read and the append: that one is the answer.
        if (!(error instanceof WrongExpectedVersion)) throw error;
        const filed = await this.store.readStream(correctionRequestStream(requestId));
        return this.replay(filed.found ? filed.events : [], input);
      }
    });
  }

  /** The first result of a request filed under this mutationId, or MUTATION_ID_REUSED if it asked something else. */
  private replay(events: readonly RecordedEvent[], input: { claimId: string; problem: string; evidenceUrl?: string | null; contact?: string | null }): RequestOutcome {
    const first = events[0];
    const data = first?.data as { requestId?: string; claimId?: string; problem?: string; evidenceUrl?: string | null; hasContact?: boolean } | undefined;
    const same =
      first?.type === 'CorrectionRequested' &&
      data?.claimId === input.claimId &&
      data.problem === normaliseText(input.problem) &&
      (data.evidenceUrl ?? null) === (input.evidenceUrl ?? null) &&
      data.hasContact === Boolean(input.contact && normaliseText(input.contact).trim());
    if (!same || !data?.requestId) {
      throw new CorrectionRequestError('MUTATION_ID_REUSED', 'This mutationId was already used for a different correction request; use a new one for a new request', {});
    }
    return { requestId: data.requestId, claimId: data.claimId as string, revision: first.revision, position: first.position, replayed: true };
  }

  private async file(requestId: string, input: { claimId: string; problem: string; evidenceUrl?: string | null; contact?: string | null }, caller: Caller): Promise<RequestOutcome> {
    const contact = input.contact ? normaliseText(input.contact).trim() : '';
    const command: CorrectionRequestCommand = {
      type: 'RequestCorrection',
      requestId,
      claimId: input.claimId,
      problem: input.problem,
      evidenceUrl: input.evidenceUrl ?? null,
      hasContact: contact !== '',
    };
    // Decided before anything is kept: a refused request leaves no contact behind either.
    const now = this.clock();
    const events = decide(command, initialCorrectionRequestState(), { actor: caller.actor, now, factCheck: this.factChecks.facts(input.claimId) });
    if (contact) this.contacts.save({ requestId, contact, expiresAt: new Date(now.getTime() + this.config.CORRECTION_CONTACT_RETENTION_DAYS * DAY_MS).toISOString() });
    try {
      const stored = events.map((event, index) => toStoredEvent(event, { ...this.envelope(command, caller, now), commandId: requestId }, index === 0 ? requestId : randomUUID()));
      const result = await this.store.append(correctionRequestStream(requestId), stored, NO_STREAM);
      await this.readModels.reached(result.position);
      return { requestId, claimId: input.claimId, revision: result.nextExpectedRevision, position: result.position, replayed: false };
    } catch (error) {
      // Under a mutationId a lost race means the stream (and this contact slot) is the other request's.
      if (contact && !(error instanceof WrongExpectedVersion)) this.contacts.remove(requestId);
      throw error;
    }
  }

  acknowledge(requestId: string, caller: Caller): Promise<RequestOutcome> {
    return this.act({ type: 'AcknowledgeCorrectionRequest', requestId }, caller);
  }

  decline(requestId: string, publicReason: string, caller: Caller): Promise<RequestOutcome> {
    return this.act({ type: 'DeclineCorrectionRequest', requestId, publicReason }, caller);
  }

  accept(requestId: string, correctionNumber: number, caller: Caller): Promise<RequestOutcome> {
    return this.act({ type: 'AcceptCorrectionRequest', requestId, correctionNumber }, caller);
  }

  /** The contact a reader left (editors only: the API checks the role), or null (none, or purged). */
  contactOf(requestId: string): { contact: string; expiresAt: string } | null {
    const stored = this.contacts.read(requestId);
    return stored && Date.parse(stored.expiresAt) > this.clock().getTime() ? { contact: stored.contact, expiresAt: stored.expiresAt } : null;
  }

  /** Deletes contacts past their retention; at start and on a timer (see the module). */
  purgeExpiredContacts(): number {
    return this.contacts.purgeExpired(this.clock());
  }

  private async act(command: Exclude<CorrectionRequestCommand, { type: 'RequestCorrection' }>, caller: Caller): Promise<RequestOutcome> {
    const stream = correctionRequestStream(command.requestId);
    const commandId = randomUUID();
    for (let attempt = 1; ; attempt++) {
      const state = await this.load(stream);
      const now = this.clock();
      const factCheck = state.exists ? this.factChecks.facts(state.claimId) : null;
      const events = decide(command, state, { actor: caller.actor, now, factCheck });
      const envelope = { ...this.envelope(command, caller, now), commandId };
      const stored = events.map((event) => toStoredEvent(event, envelope, randomUUID()));
      try {
        const result = await this.store.append(stream, stored, state.revision);
        await this.readModels.reached(result.position);
        return { requestId: command.requestId, claimId: state.exists ? state.claimId : '', revision: result.nextExpectedRevision, position: result.position, replayed: false };
      } catch (error) {
        // Another editor acted first: decide again on what they did (which may now refuse).
        if (error instanceof WrongExpectedVersion && attempt < MAX_ATTEMPTS) continue;
        throw error;
      }
    }
  }

  private async load(stream: string): Promise<CorrectionRequestState> {
    const read = await this.store.readStream(stream);
    if (!read.found) return initialCorrectionRequestState();
    return read.events.reduce(evolveRecorded, initialCorrectionRequestState());
  }

  private envelope(command: CorrectionRequestCommand, caller: Caller, now: Date) {
    return { actor: caller.actor, correlationId: caller.correlationId, commandType: command.type, occurredAt: now };
  }
}
