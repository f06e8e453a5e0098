import { Inject, Injectable } from '@nestjs/common';
import { quote } from '../shared/quote';
import { EVENT_STORE, EventStore, RecordedEvent } from '../event-store/event-store.port';
import { claimStream, CLAIM_STREAM_PREFIX, toClaimEvent } from '../claims/application/claim-stream';
import { ClaimState, evolve, ExistingClaim, foldClaim, initialClaimState } from '../claims/domain/claim';
import { InvalidArgument } from '../shared/refusal';
import { cursorsFor } from '../shared/cursor';
import { DeskError } from '../claims/domain/desk-error';
import { upcast } from '../claims/application/upcasting';
import { ClaimsReadModel } from '../claims/read-model/claims.read-model';
import { ChainBreak, findChainBreak, hashOf } from '../claims/application/hash-chain';
import { summarize } from './history-summary';
import { ClaimDiff, diffClaims } from './claim-diff';

export interface HistoryEntry {
  event: RecordedEvent;
  summary: string;
}

export interface HistoryPage {
  entries: HistoryEntry[];
  cursors: string[];
  hasNextPage: boolean;
  lastRevision: number;
}

export interface HistoryOptions {
  first?: number;
  after?: string;
  order?: 'OLDEST_FIRST' | 'NEWEST_FIRST';
  eventTypes?: string[];
  actorId?: string;
}

export type Snapshot =
  | { existed: true; revision: number; recordedAt: Date; claim: ExistingClaim }
  | { existed: false; message: string; firstRecordedAt: Date | null };

export interface AuditTrailReport {
  claimId: string;
  ok: boolean;
  eventsChecked: number;
  lastRevision: number;
  firstBreak: ChainBreak | null;
}

export const MAX_HISTORY_PAGE = 500;
const SCAN_CHUNK = 1000;

/**
 * The audit side: everything here is read straight from the event log (never from the read
 * models), so it shows what was recorded, and checks that nothing recorded was altered since.
 */
@Injectable()
export class AuditTrailService {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly claims: ClaimsReadModel,
  ) {}

  /** Every event of a claim, with who, when, why and a readable summary; paginated and filterable. */
  async history(claimId: string, options: HistoryOptions): Promise<HistoryPage> {
    const first = options.first ?? 50;
    if (!Number.isInteger(first) || first < 1 || first > MAX_HISTORY_PAGE) {
      throw new InvalidArgument(`first must be between 1 and ${MAX_HISTORY_PAGE}`, { field: 'first' });
    }
    const direction = options.order === 'NEWEST_FIRST' ? 'backwards' : 'forwards';
    // A cursor is a revision of this claim's history in this order and with these filters, and only of it.
    const cursors = cursorsFor({ claimId, order: direction, types: options.eventTypes ?? null, actor: options.actorId ?? null }, 'history query');
    const after = options.after !== undefined ? cursors.decode(options.after, ['int'])[0] : undefined;

    const last = await this.store.readStream(claimStream(claimId), { direction: 'backwards', maxCount: 1 });
    if (!last.found) throw new DeskError('CLAIM_NOT_FOUND', `No claim ${quote(claimId)}`);
    const lastRevision = last.events[0].revision;

    const matches = (e: RecordedEvent) =>
      (!options.eventTypes?.length || options.eventTypes.includes(e.type)) && (!options.actorId || e.metadata.actorId === options.actorId);
    const entries: HistoryEntry[] = [];
    let from = after === undefined ? (direction === 'forwards' ? 0 : lastRevision) : direction === 'forwards' ? after + 1 : after - 1;
    let exhausted = from < 0 || from > lastRevision;
    // Unfiltered, the page needs exactly first + 1 events (one more tells whether there is a next page);
    // filtered, it reads in chunks until enough of them match.
    const chunkSize = options.eventTypes?.length || options.actorId ? SCAN_CHUNK : first + 1;
    // Read in chunks until the page (and one more, to know if there is a next page) is full.
    while (!exhausted && entries.length <= first) {
      const chunk = await this.store.readStream(claimStream(claimId), { fromRevision: from, direction, maxCount: chunkSize });
      const events = chunk.found ? chunk.events : [];
      for (const raw of events) {
        if (!matches(raw)) continue;
        const event = upcast(raw);
        entries.push({ event, summary: summarize(toClaimEvent(event)) });
        if (entries.length > first) break;
      }
      if (events.length < chunkSize) exhausted = true;
      else from = direction === 'forwards' ? events[events.length - 1].revision + 1 : events[events.length - 1].revision - 1;
      if (from < 0) exhausted = true;
    }
    const page = entries.slice(0, first);
    return {
      entries: page,
      cursors: page.map((e) => cursors.encode([e.event.revision])),
      hasNextPage: entries.length > first,
      lastRevision,
    };
  }

  /** The claim as it stood at a moment: every event recorded at or before `at`, folded. */
  async asOf(claimId: string, at: Date): Promise<Snapshot> {
    const events = await this.events(claimId);
    if (events.length === 0) return { existed: false, message: `There is no claim ${quote(claimId)}`, firstRecordedAt: null };
    const upTo = events.filter((e) => e.recordedAt.getTime() <= at.getTime());
    if (upTo.length === 0) {
      return {
        existed: false,
        message: `Claim ${quote(claimId)} did not exist yet at ${at.toISOString()}: it was submitted at ${events[0].recordedAt.toISOString()}`,
        firstRecordedAt: events[0].recordedAt,
      };
    }
    return this.snapshot(upTo);
  }

  /** The claim as it stood at a revision of its stream. */
  async atRevision(claimId: string, revision: number): Promise<Snapshot> {
    if (!Number.isInteger(revision) || revision < 0) throw new InvalidArgument('revision must be a whole number >= 0', { field: 'revision' });
    const read = await this.store.readStream(claimStream(claimId), { maxCount: revision + 1 });
    if (!read.found) return { existed: false, message: `There is no claim ${quote(claimId)}`, firstRecordedAt: null };
    if (read.events[read.events.length - 1].revision < revision) {
      throw new InvalidArgument(`Claim ${quote(claimId)} has no revision ${revision}; its latest is ${read.events[read.events.length - 1].revision}`, {
        field: 'revision',
      });
    }
    return this.snapshot(read.events);
  }

  /** What changed between two revisions of a claim, field by field. */
  async diff(claimId: string, fromRevision: number, toRevision: number): Promise<ClaimDiff> {
    if (!Number.isInteger(fromRevision) || !Number.isInteger(toRevision) || fromRevision < 0 || toRevision < fromRevision) {
      throw new InvalidArgument('fromRevision and toRevision must be whole numbers with 0 <= fromRevision <= toRevision', { field: 'fromRevision' });
    }
    const read = await this.store.readStream(claimStream(claimId), { maxCount: toRevision + 1 });
    if (!read.found) throw new DeskError('CLAIM_NOT_FOUND', `No claim ${quote(claimId)}`);
    const latest = read.events[read.events.length - 1].revision;
    if (latest < toRevision) throw new InvalidArgument(`Claim ${quote(claimId)} has no revision ${toRevision}; its latest is ${latest}`, { field: 'toRevision' });
    let state: ClaimState = initialClaimState();
    let before: ClaimState = state;
    for (const event of read.events) {
      state = evolve(state, toClaimEvent(event));
      if (event.revision === fromRevision) before = state;
    }
    if (!before.exists || !state.exists) throw new DeskError('CLAIM_NOT_FOUND', `No claim ${quote(claimId)}`);
    return diffClaims(before, state);
  }

  /** Recomputes a claim's hash chain from the stored events; reports the first event that does not match. */
  async verify(claimId: string): Promise<AuditTrailReport> {
    const events = await this.events(claimId, { raw: true });
    if (events.length === 0) throw new DeskError('CLAIM_NOT_FOUND', `No claim ${quote(claimId)}`);
    const firstBreak = findChainBreak(events, null) ?? this.truncation(claimId, events[events.length - 1]);
    return { claimId, ok: !firstBreak, eventsChecked: events.length, lastRevision: events[events.length - 1].revision, firstBreak: firstBreak ?? null };
  }

  /** Every claim stream in the store, checked in one pass over the whole log. */
  async verifyAll(): Promise<{ ok: boolean; streamsChecked: number; eventsChecked: number; reports: AuditTrailReport[] }> {
    const streams = new Map<string, { previousHash: string | null; nextRevision: number; count: number; last?: RecordedEvent; firstBreak?: ChainBreak }>();
    let fromPosition: number | undefined;
    let eventsChecked = 0;
    for (;;) {
      const page = await this.store.readAll({ fromPosition, maxCount: SCAN_CHUNK });
      const fresh = fromPosition === undefined ? page : page.filter((e) => e.position > (fromPosition as number));
      for (const event of fresh) {
        if (!event.stream.startsWith(CLAIM_STREAM_PREFIX)) continue;
        const stream = streams.get(event.stream) ?? { previousHash: null, nextRevision: 0, count: 0 };
        stream.count += 1;
        eventsChecked += 1;
        if (!stream.firstBreak) {
          stream.firstBreak = findChainBreak([event], stream.previousHash, stream.nextRevision);
          stream.previousHash = hashOf(event);
          stream.nextRevision = event.revision + 1;
        }
        stream.last = event;
        streams.set(event.stream, stream);
      }
      if (page.length < SCAN_CHUNK) break;
      fromPosition = page[page.length - 1].position;
    }
    const reports = [...streams.entries()].map(([stream, s]) => {
      const claimId = stream.slice(CLAIM_STREAM_PREFIX.length);
      const firstBreak = s.firstBreak ?? (s.last ? this.truncation(claimId, s.last) : undefined);
      return { claimId, ok: !firstBreak, eventsChecked: s.count, lastRevision: s.last?.revision ?? -1, firstBreak: firstBreak ?? null };
    });
    return { ok: reports.every((r) => r.ok), streamsChecked: reports.length, eventsChecked, reports };
  }

  /** Events removed from the end leave the chain intact; the read models remember how far the stream went. */
  private truncation(claimId: string, last: RecordedEvent): ChainBreak | undefined {
    const seen = this.claims.get(claimId)?.revision;
    if (seen === undefined || seen <= last.revision) return undefined;
    return {
      revision: last.revision,
      position: last.position,
      eventId: last.id,
      type: last.type,
      reason: `the stream ends at revision ${last.revision}, but revision ${seen} was recorded before: events were removed from the end`,
    };
  }

  private async events(claimId: string, options: { raw?: boolean } = {}): Promise<RecordedEvent[]> {
    const read = await this.store.readStream(claimStream(claimId));
    if (!read.found) return [];
    return options.raw ? read.events : read.events.map(upcast);
  }

  private snapshot(events: RecordedEvent[]): Snapshot {
    const state = foldClaim(events.map(toClaimEvent));
    if (!state.exists) throw new Error('A claim stream that does not start with ClaimSubmitted');
    const last = events[events.length - 1];
    return { existed: true, revision: last.revision, recordedAt: last.recordedAt, claim: state };
  }
}
