import { Inject, Injectable, Optional } from '@nestjs/common';
import { quote } from '../shared/quote';
import { EVENT_STORE, EventStore, ReadStreamOptions, ReadStreamResult, RecordedEvent } from '../event-store/event-store.port';
import { EventStoreError } from '../event-store/event-store.errors';
import { claimStream, CLAIM_STREAM_PREFIX, evolveRecorded, toClaimEvent } from '../claims/application/claim-stream';
import { ClaimState, ExistingClaim, initialClaimState } from '../claims/domain/claim';
import { historyIncomplete, storeRefusal } from '../claims/application/store-refusal';
import { InvalidArgument } from '../shared/refusal';
import { cursorsFor } from '../shared/cursor';
import { DeskError } from '../claims/domain/desk-error';
import { upcast } from '../claims/application/upcasting';
import { ClaimsReadModel } from '../claims/read-model/claims.read-model';
import { anchorOf, ChainAnchor, ChainBreak, findChainBreak, hashOf, StoredStart, storedStart } from '../claims/application/hash-chain';
import { summarize } from './history-summary';
import { ClaimDiff, diffClaims } from './claim-diff';
import { isNotesStream, notesStream, toNoteEvent } from '../notes/application/notes-stream';
import { summarizeNote } from './note-summary';
import { actedAt, AsOfClock, asOfLength, submittedAtText } from './as-of';
import { TransparencyLogService } from '../transparency-log/application/transparency-log.service';
import type { LogComparisonResult } from '../transparency-log/domain/log-comparison';

export interface HistoryEntry {
  event: RecordedEvent;
  summary: string;
}

/**
 * How much of a claim's stream the store still holds. Complete: from revision 0. Otherwise its
 * earliest events are gone (truncated, or the stream soft-deleted and written again) and `notice`
 * tells an auditor so in a sentence; `firstRevision` is null when no event is left at all.
 */
export interface StoredExtent {
  firstRevision: number | null;
  complete: boolean;
  notice: string | null;
}

export interface HistoryPage {
  entries: HistoryEntry[];
  cursors: string[];
  hasNextPage: boolean;
  /** The last stored event's revision; -1 when the stream holds none. */
  lastRevision: number;
  stored: StoredExtent;
}

export interface HistoryOptions {
  first?: number;
  after?: string;
  order?: 'OLDEST_FIRST' | 'NEWEST_FIRST';
  eventTypes?: string[];
  actorId?: string;
  /**
   * For desk roles who take part in internal notes: the claim's notes events (stream
   * claim-notes-<id>) merged in, in log order. Cursors then name a place in both streams.
   */
  includeNotes?: boolean;
}

/** A claim folded up to an event: that event's revision and both its times (when it happened, when it was recorded). */
export type Snapshot =
  | { existed: true; revision: number; recordedAt: Date; occurredAt: Date; claim: ExistingClaim }
  | { existed: false; message: string; firstRecordedAt: Date | null; firstOccurredAt: Date | null };

/**
 * VALID: the chain was verified from the claim's first event. BROKEN: an event does not match
 * (`firstBreak`). INCOMPLETE: nothing checked fails, but the store no longer holds the events
 * before `stored.firstRevision`, so the chain cannot be verified from the start.
 */
export type AuditTrailVerdict = 'VALID' | 'BROKEN' | 'INCOMPLETE';

export interface AuditTrailReport {
  claimId: string;
  /** True only when the verdict is VALID. */
  ok: boolean;
  verdict: AuditTrailVerdict;
  eventsChecked: number;
  /** The last checked event's revision; -1 when none was left to check. */
  lastRevision: number;
  firstBreak: ChainBreak | null;
  stored: StoredExtent;
}

export const MAX_HISTORY_PAGE = 500;
const SCAN_CHUNK = 1000;
const COMPLETE: StoredExtent = { firstRevision: 0, complete: true, notice: null };

/** What the store holds of a stream whose first stored event is `first` (undefined: none). */
function extentOf(claimId: string, first: RecordedEvent | undefined, start = first && storedStart(first)): StoredExtent {
  const claim = quote(claimId);
  if (!first || !start) {
    return { firstRevision: null, complete: false, notice: `The event store still knows claim ${claim}'s stream but holds none of its events any more: they were truncated or deleted by an operator.` };
  }
  if (start.kind === 'origin') return COMPLETE;
  const notice =
    start.kind === 'resubmitted'
      ? `Claim ${claim}'s stream was deleted and written again: its stored history begins at revision ${start.firstRevision} with a new submission, and the events before it are no longer in the event store.`
      : `Claim ${claim}'s stored history begins at revision ${start.firstRevision}: the events before it are no longer in the event store (truncated by an operator), so its hash chain cannot be verified from the start.`;
  return { firstRevision: start.firstRevision, complete: false, notice };
}

/** Why a snapshot or diff cannot be answered from an incomplete stream. */
const CANNOT_FOLD = 'the claim as it stood then cannot be rebuilt from what is left (claimHistory shows where the stored history begins)';

/**
 * The audit side: everything here is read straight from the event log (never from the read
 * models), so it shows what was recorded, and checks that nothing recorded was altered since.
 * Revisions are the stored events' own: a stream whose start is gone is reported as such, never
 * read as if it began at 0.
 */
@Injectable()
export class AuditTrailService {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly claims: ClaimsReadModel,
    // Absent only where a test builds the service by hand: the log is then not compared (log: null).
    @Optional() private readonly transparencyLog?: TransparencyLogService,
  ) {}

  /** Every event of a claim, with who, when, why and a readable summary; paginated and filterable. */
  async history(claimId: string, options: HistoryOptions): Promise<HistoryPage> {
    const first = options.first ?? 50;
    if (!Number.isInteger(first) || first < 1 || first > MAX_HISTORY_PAGE) {
      throw new InvalidArgument(`first must be between 1 and ${MAX_HISTORY_PAGE}`, { field: 'first' });
    }
    const direction = options.order === 'NEWEST_FIRST' ? 'backwards' : 'forwards';
    if (options.includeNotes) return this.historyWithNotes(claimId, first, direction, options);
    // A cursor is a revision of this claim's history in this order and with these filters, and only of it.
    const cursors = cursorsFor({ claimId, order: direction, types: options.eventTypes ?? null, actor: options.actorId ?? null }, 'history query');
    const after = options.after != null ? cursors.decode(options.after, ['int'])[0] : undefined;

    const stream = claimStream(claimId);
    const last = await this.read(claimId, stream, { direction: 'backwards', maxCount: 1 });
    if (!last.found) throw new DeskError('CLAIM_NOT_FOUND', `No claim ${quote(claimId)}`);
    if (last.events.length === 0) return { entries: [], cursors: [], hasNextPage: false, lastRevision: -1, stored: extentOf(claimId, undefined) };
    const lastRevision = last.events[0].revision;
    const start = await this.read(claimId, stream, { maxCount: 1 });
    const stored = extentOf(claimId, start.found ? start.events[0] : undefined);

    const matches = (e: RecordedEvent) =>
      (!options.eventTypes?.length || options.eventTypes.includes(e.type)) && (!options.actorId || e.metadata.actorId === options.actorId);
    // Past the cursor's revision in the page's direction. Reads start AT a revision, so each read
    // after the first repeats the event it starts at, which this skips.
    let boundary = after;
    const beyond = (revision: number) => boundary === undefined || (direction === 'forwards' ? revision > boundary : revision < boundary);
    const entries: HistoryEntry[] = [];
    // Unfiltered, the page needs exactly first + 1 new events (one more tells whether there is a next
    // page), plus the repeated one; filtered, it reads in chunks until enough of them match.
    const chunkSize = options.eventTypes?.length || options.actorId ? SCAN_CHUNK : first + 2;
    let exhausted = false;
    while (!exhausted && entries.length <= first) {
      const chunk = await this.read(claimId, stream, { fromRevision: boundary, direction, maxCount: chunkSize });
      const events = chunk.found ? chunk.events : [];
      for (const raw of events) {
        if (!beyond(raw.revision) || !matches(raw)) continue;
        const event = upcast(raw);
        entries.push({ event, summary: summarize(toClaimEvent(event)) });
        if (entries.length > first) break;
      }
      if (events.length < chunkSize) exhausted = true;
      else boundary = events[events.length - 1].revision;
    }
    const page = entries.slice(0, first);
    return {
      entries: page,
      cursors: page.map((e) => cursors.encode([e.event.revision])),
      hasNextPage: entries.length > first,
      lastRevision,
      stored,
    };
  }

  /**
   * The claim's events and its notes' events, merged by global position (log order). A cursor is
   * the revisions read so far in each stream (each + 1, 0 for none) and the last entry's position,
   * so it stays put whatever is appended later to either stream. lastRevision and stored stay about the claim's stream.
   */
  private async historyWithNotes(claimId: string, first: number, direction: 'forwards' | 'backwards', options: HistoryOptions): Promise<HistoryPage> {
    const cursors = cursorsFor({ claimId, order: direction, types: options.eventTypes ?? null, actor: options.actorId ?? null, notes: true }, 'history query');
    const after = options.after != null ? cursors.decode(options.after, ['int', 'int', 'int']) : undefined;
    const stream = claimStream(claimId);
    const last = await this.read(claimId, stream, { direction: 'backwards', maxCount: 1 });
    if (!last.found) throw new DeskError('CLAIM_NOT_FOUND', `No claim ${quote(claimId)}`);
    const lastRevision = last.events.length ? last.events[0].revision : -1;
    const start = await this.read(claimId, stream, { maxCount: 1 });
    const stored = extentOf(claimId, start.found ? start.events[0] : undefined);

    const matches = (e: RecordedEvent) =>
      (!options.eventTypes?.length || options.eventTypes.includes(e.type)) && (!options.actorId || e.metadata.actorId === options.actorId);
    const chunk = options.eventTypes?.length || options.actorId ? SCAN_CHUNK : first + 2;
    const from = (part: number) => (after && after[part] > 0 ? after[part] - 1 : undefined);
    const claimReader = new StreamReader((o) => this.read(claimId, stream, o), direction, from(0), after?.[2], chunk);
    const notesReader = new StreamReader((o) => this.read(claimId, notesStream(claimId), o), direction, from(1), after?.[2], chunk);
    const entries: HistoryEntry[] = [];
    const positions: [number, number, number][] = [];
    while (entries.length <= first) {
      const [a, b] = [await claimReader.peek(), await notesReader.peek()];
      if (!a && !b) break;
      const takeClaim = !b || (!!a && (direction === 'forwards' ? a.position < b.position : a.position > b.position));
      const raw = takeClaim ? claimReader.take() : notesReader.take();
      if (!matches(raw)) continue;
      const event = upcast(raw);
      entries.push({ event, summary: isNotesStream(raw.stream) ? summarizeNote(toNoteEvent(raw)) : summarize(toClaimEvent(event)) });
      positions.push([claimReader.consumed + 1, notesReader.consumed + 1, raw.position]);
    }
    const page = entries.slice(0, first);
    return { entries: page, cursors: positions.slice(0, first).map((p) => cursors.encode(p)), hasNextPage: entries.length > first, lastRevision, stored };
  }

  /**
   * The claim as it stood at a moment, on one of two clocks: ACTED (the default) folds the events
   * up to the last one whose act happened at or before `at`; RECORDED, up to the last one the store
   * had recorded by then (what the service held at that moment).
   */
  async asOf(claimId: string, at: Date, clock: AsOfClock = 'ACTED'): Promise<Snapshot> {
    const read = await this.stored(claimId);
    if (!read.found) return { existed: false, message: `There is no claim ${quote(claimId)}`, firstRecordedAt: null, firstOccurredAt: null };
    const { events, extent } = read;
    const upTo = events.slice(0, asOfLength(events, at, clock));
    // Before the first stored event of an incomplete stream the claim may well have existed: unknown, not "not yet".
    if (!extent.complete && (upTo.length === 0 || !this.foldable(events))) throw historyIncomplete(claimId, extent.firstRevision ?? undefined, CANNOT_FOLD);
    if (upTo.length === 0) {
      const where = clock === 'RECORDED' ? ' in the service' : '';
      return {
        existed: false,
        message: `Claim ${quote(claimId)} did not exist yet${where} at ${at.toISOString()}: ${submittedAtText(events[0])}`,
        firstRecordedAt: events[0].recordedAt,
        firstOccurredAt: actedAt(events[0]),
      };
    }
    return this.snapshot(upTo);
  }

  /** The claim as it stood at a revision of its stream. */
  async atRevision(claimId: string, revision: number): Promise<Snapshot> {
    if (!Number.isInteger(revision) || revision < 0) throw new InvalidArgument('revision must be a whole number >= 0', { field: 'revision' });
    const read = await this.stored(claimId);
    if (!read.found) return { existed: false, message: `There is no claim ${quote(claimId)}`, firstRecordedAt: null, firstOccurredAt: null };
    const { events, extent } = read;
    const latest = events[events.length - 1]?.revision;
    if (latest !== undefined && latest < revision) {
      throw new InvalidArgument(`Claim ${quote(claimId)} has no revision ${revision}; its latest is ${latest}`, { field: 'revision' });
    }
    const upTo = events.filter((e) => e.revision <= revision);
    if (upTo.length === 0 || !this.foldable(events)) throw historyIncomplete(claimId, extent.firstRevision ?? undefined, CANNOT_FOLD);
    return this.snapshot(upTo);
  }

  /** What changed between two revisions of a claim, field by field. */
  async diff(claimId: string, fromRevision: number, toRevision: number): Promise<ClaimDiff> {
    return (await this.diffWithStates(claimId, fromRevision, toRevision)).diff;
  }

  /** The diff with the two states it compares, for views that read each side as of its own revision. */
  async diffWithStates(claimId: string, fromRevision: number, toRevision: number): Promise<{ diff: ClaimDiff; before: ExistingClaim; after: ExistingClaim }> {
    if (!Number.isInteger(fromRevision) || !Number.isInteger(toRevision) || fromRevision < 0 || toRevision < fromRevision) {
      throw new InvalidArgument('fromRevision and toRevision must be whole numbers with 0 <= fromRevision <= toRevision', { field: 'fromRevision' });
    }
    const read = await this.stored(claimId);
    if (!read.found) throw new DeskError('CLAIM_NOT_FOUND', `No claim ${quote(claimId)}`);
    const { events, extent } = read;
    const latest = events[events.length - 1]?.revision;
    if (latest !== undefined && latest < toRevision) throw new InvalidArgument(`Claim ${quote(claimId)} has no revision ${toRevision}; its latest is ${latest}`, { field: 'toRevision' });
    if (latest === undefined || fromRevision < events[0].revision || !this.foldable(events)) {
      throw historyIncomplete(claimId, extent.firstRevision ?? undefined, CANNOT_FOLD);
    }
    let state: ClaimState = initialClaimState();
    let before: ClaimState = state;
    for (const event of events) {
      if (event.revision > toRevision) break;
      state = evolveRecorded(state, event);
      if (event.revision === fromRevision) before = state;
    }
    if (!before.exists || !state.exists) throw new DeskError('CLAIM_NOT_FOUND', `No claim ${quote(claimId)}`);
    return { diff: diffClaims(before, state), before, after: state };
  }

  /** Recomputes a claim's hash chain from the stored events; reports the first event that does not match. */
  async verify(claimId: string): Promise<AuditTrailReport> {
    const read = await this.read(claimId, claimStream(claimId));
    if (!read.found) throw new DeskError('CLAIM_NOT_FOUND', `No claim ${quote(claimId)}`);
    const { events } = read;
    if (events.length === 0) return report(claimId, 0, undefined, undefined, extentOf(claimId, undefined));
    const start = storedStart(events[0]);
    const last = events[events.length - 1];
    const chainBreak = findChainBreak(events, anchorOf(events[0], start)) ?? this.truncation(claimId, last);
    const logBreak = this.logDifference(claimStream(claimId), events);
    const firstBreak = chainBreak && (!logBreak || chainBreak.revision <= logBreak.revision) ? chainBreak : logBreak;
    return report(claimId, events.length, last, firstBreak, extentOf(claimId, events[0], start));
  }

  /** The stream against its leaves in the transparency log: what the per-stream hashes cannot see (a rewrite with recomputed hashes). */
  private logDifference(stream: string, events: readonly RecordedEvent[]): ChainBreak | undefined {
    const difference = this.transparencyLog?.audit.streamDifference(stream, events);
    if (!difference) return undefined;
    const event = events.find((e) => e.id === difference.eventId);
    return { revision: difference.revision, position: event?.position ?? -1, eventId: difference.eventId, type: event?.type ?? 'unknown', reason: difference.reason };
  }

  /**
   * Every claim stream in the store, checked in one pass over the whole log. The log may still hold
   * events a stream read no longer shows (EventStoreDB keeps a truncated or deleted stream's events
   * in $all until a scavenge): a stream written again after a soft delete restarts its chain at its
   * new submission, and its report says so.
   */
  async verifyAll(): Promise<{ ok: boolean; streamsChecked: number; eventsChecked: number; reports: AuditTrailReport[]; log: LogComparisonResult | null }> {
    interface Scan {
      anchor: ChainAnchor;
      start: StoredStart;
      first: RecordedEvent;
      count: number;
      last: RecordedEvent;
      firstBreak?: ChainBreak;
    }
    const streams = new Map<string, Scan>();
    // Every event, in the order and with the same selection as the log's appender (user events, read by the adapter as its subscription does).
    const logPass = this.transparencyLog?.audit.begin();
    let fromPosition: number | undefined;
    // Events at fromPosition already handled: several share a position in an EventStoreDB transaction, and readAll starts AT it.
    let handledAtPosition = 0;
    let eventsChecked = 0;
    for (;;) {
      const page = await this.store.readAll({ fromPosition, maxCount: SCAN_CHUNK + handledAtPosition }).catch((error: unknown) => {
        throw error instanceof EventStoreError ? storeRefusal(error, undefined, false) : error;
      });
      let skip = fromPosition === undefined ? 0 : handledAtPosition;
      const fresh = page.filter((e) => !(e.position === fromPosition && skip-- > 0));
      for (const event of fresh) {
        logPass?.push(event);
        // Notes streams (claim-notes-<id>) share the prefix; the audit trail is about the claim's own stream.
        if (!event.stream.startsWith(CLAIM_STREAM_PREFIX) || isNotesStream(event.stream)) continue;
        eventsChecked += 1;
        let scan = streams.get(event.stream);
        if (!scan || (!scan.firstBreak && restartsChain(scan, event))) {
          const start = storedStart(event);
          scan = { anchor: anchorOf(event, start), start, first: event, count: scan?.count ?? 0, last: event, firstBreak: undefined };
          streams.set(event.stream, scan);
        }
        scan.count += 1;
        if (!scan.firstBreak) {
          scan.firstBreak = findChainBreak([event], scan.anchor);
          scan.anchor = { previousHash: hashOf(event), revision: event.revision + 1 };
        }
        scan.last = event;
      }
      if (page.length < SCAN_CHUNK + handledAtPosition || fresh.length === 0) break;
      const last = page[page.length - 1].position;
      handledAtPosition = page.filter((e) => e.position === last).length;
      fromPosition = last;
    }
    const log = logPass?.finish() ?? null;
    const reports = [...streams.entries()].map(([stream, s]) => {
      const claimId = stream.slice(CLAIM_STREAM_PREFIX.length);
      return report(claimId, s.count, s.last, s.firstBreak ?? this.truncation(claimId, s.last), extentOf(claimId, s.first, s.start));
    });
    return { ok: reports.every((r) => r.ok) && (log?.ok ?? true), streamsChecked: reports.length, eventsChecked, reports, log };
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

  /** A read of the claim's stream; a store failure is answered as a refusal that names it. */
  private async read(claimId: string, stream: string, options?: ReadStreamOptions): Promise<ReadStreamResult> {
    try {
      return await this.store.readStream(stream, options);
    } catch (error) {
      if (error instanceof EventStoreError) throw storeRefusal(error, claimId, false);
      throw error;
    }
  }

  /** The claim's whole stream as stored, upcast, and how much of it the store still holds. */
  private async stored(claimId: string): Promise<{ found: false } | { found: true; events: RecordedEvent[]; extent: StoredExtent }> {
    const read = await this.read(claimId, claimStream(claimId));
    if (!read.found) return { found: false };
    return { found: true, events: read.events.map(upcast), extent: extentOf(claimId, read.events[0]) };
  }

  /** Whether the stored events begin with the claim's submission, so that folding them gives the claim. */
  private foldable(events: RecordedEvent[]): boolean {
    return events.length > 0 && storedStart(events[0]).kind !== 'truncated';
  }

  private snapshot(events: RecordedEvent[]): Snapshot {
    const state = events.reduce(evolveRecorded, initialClaimState());
    if (!state.exists) throw new Error('A claim stream that does not start with ClaimSubmitted');
    const last = events[events.length - 1];
    return { existed: true, revision: last.revision, recordedAt: last.recordedAt, occurredAt: actedAt(last), claim: state };
  }
}

/**
 * Reads one stream in one direction lazily, chunk by chunk, past a boundary revision and past a
 * global position (the last entry a cursor named: a stream nothing was read from yet must not bring
 * events from before it, in either order). `consumed` is the revision of the last event taken (-1 for none).
 */
class StreamReader {
  private buffer: RecordedEvent[] = [];
  private exhausted = false;
  consumed: number;
  private boundary: number | undefined;

  constructor(
    private readonly readStream: (options: ReadStreamOptions) => Promise<ReadStreamResult>,
    private readonly direction: 'forwards' | 'backwards',
    boundary: number | undefined,
    private readonly afterPosition: number | undefined,
    private readonly chunk: number,
  ) {
    this.boundary = boundary;
    this.consumed = boundary ?? -1;
  }

  async peek(): Promise<RecordedEvent | undefined> {
    while (this.buffer.length === 0 && !this.exhausted) {
      // Backwards from "nothing read yet" starts at the end; a read starts AT a revision, so the boundary's own event is skipped.
      const read = await this.readStream({ fromRevision: this.boundary, direction: this.direction, maxCount: this.chunk });
      const events = read.found ? read.events : [];
      if (events.length < this.chunk) this.exhausted = true;
      if (events.length > 0) this.boundary = events[events.length - 1].revision;
      const forwards = this.direction === 'forwards';
      const beyond = (e: RecordedEvent) =>
        (this.consumed < 0 || (forwards ? e.revision > this.consumed : e.revision < this.consumed)) &&
        (this.afterPosition === undefined || (forwards ? e.position > this.afterPosition : e.position < this.afterPosition));
      this.buffer = events.filter(beyond);
    }
    return this.buffer[0];
  }

  take(): RecordedEvent {
    const event = this.buffer.shift() as RecordedEvent;
    this.consumed = event.revision;
    return event;
  }
}

/** In $all, a submission starting a new chain after a stream's earlier events: the stream was deleted and written again. */
function restartsChain(scan: { last: RecordedEvent }, event: RecordedEvent): boolean {
  return event.revision > scan.last.revision && storedStart(event).kind === 'resubmitted';
}

function report(claimId: string, eventsChecked: number, last: RecordedEvent | undefined, firstBreak: ChainBreak | undefined, stored: StoredExtent): AuditTrailReport {
  const verdict: AuditTrailVerdict = firstBreak ? 'BROKEN' : stored.complete ? 'VALID' : 'INCOMPLETE';
  return { claimId, ok: verdict === 'VALID', verdict, eventsChecked, lastRevision: last?.revision ?? -1, firstBreak: firstBreak ?? null, stored };
}
