import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { EVENT_STORE, EventStore, RecordedEvent } from '../../event-store/event-store.port';
import { Channel } from '../../shared/channel';
import { ActorRef, Claimant, ClaimStatus, ExistingClaim } from '../domain/claim';
import { isPublicCitation } from '../domain/rules';
import { Feed } from '../../projections/feed';
import { eventSelector, ProjectionChange } from '../../projections/projection';
import { ReadModelsService } from '../../projections/read-models.service';
import { claimStream } from '../application/claim-stream';
import { ClaimsReadModel } from './claims.read-model';
import { ClaimRecord, claimsProjection } from './claims.projection';
import { ChangeStep, decodeDeskCursor, DeskCursor, DeskFeedRefusal, encodeDeskCursor, eventKeyOf, groupChanges, SeamGate } from './desk-feed';

/**
 * What a live update carries about the claim: its headline and counts, never its evidence, verdicts
 * or corrections. Every part is bounded by the input limits (statement 4,000 characters, claimant
 * 300, topics 20 x 60, assignees CLAIM_MAX_ASSIGNEES x (id 100 + name 300)), so one update is at most
 * about 16,000 characters with the default limits however big the claim grows; a client that wants
 * the rest queries `claim(id)` at the revision the update names.
 */
export interface ClaimSummary {
  id: string;
  revision: number;
  status: ClaimStatus;
  statement: string;
  claimant: Claimant;
  claimDate: string;
  language: string;
  topics: string[];
  submittedBy: ActorRef;
  updatedAt: string;
  assignees: ActorRef[];
  citationCount: number;
  verdictCount: number;
  correctionCount: number;
  /** The published (or corrected) rating, null before publication. */
  rating: string | null;
}

export function summarise(claim: ExistingClaim): ClaimSummary {
  return {
    id: claim.id,
    revision: claim.revision,
    status: claim.status,
    statement: claim.statement,
    claimant: claim.claimant,
    claimDate: claim.claimDate,
    language: claim.language,
    topics: claim.topics,
    submittedBy: claim.submittedBy,
    updatedAt: claim.updatedAt,
    assignees: claim.assignees,
    // Live updates reach anonymous subscribers: evidence added after publication stays uncounted until a
    // correction publishes it, as it stays out of claim(id) for them.
    citationCount: claim.citations.filter((citation) => isPublicCitation(claim, citation)).length,
    verdictCount: claim.verdicts.length,
    correctionCount: claim.corrections.length,
    rating: claim.publication?.rating ?? null,
  };
}

export interface ClaimChangePayload {
  claimId: string;
  status: ClaimStatus;
  revision: number;
  position: number;
  /** Where to resume after this change: `deskChanges(after: cursor)`. */
  cursor: string;
  eventTypes: string[];
  claim: ClaimSummary;
}

export interface FeedFilter {
  status?: ClaimStatus[];
  assigneeId?: string;
}

export function matchesFilter(change: ClaimChangePayload, filter: FeedFilter): boolean {
  if (filter.status?.length && !filter.status.includes(change.status)) return false;
  if (filter.assigneeId && !change.claim.assignees.some((a) => a.id === filter.assigneeId)) return false;
  return true;
}

/** Events read from the log per page, while following it or replaying. */
const READ_PAGE = 500;

/**
 * Pushes claim changes to GraphQL subscribers. Woken by the read models' change feed after each
 * committed batch (so a subscriber that then queries sees the same state), never by the in-process
 * EventBus; the changes themselves are cut from the event log (one per command and claim, see
 * groupChanges), so a replay from a cursor yields exactly the changes the live feed sent.
 * Each instance pushes to its own subscribers; every instance follows the whole log.
 */
@Injectable()
export class ClaimLiveUpdates implements OnApplicationBootstrap, OnModuleDestroy {
  /** Every claim change, in log order, to each open subscription's channel. */
  private readonly payloads = new Feed<ClaimChangePayload>();
  private unsubscribe?: () => void;
  /** The live feed has sent every change up to here (null: from the start of the log). Replays end here. */
  private frontier: number | null = null;
  /** The read models' checkpoint the live feed must reach. */
  private target: number | null = null;
  private following?: Promise<void>;
  private readonly selects = eventSelector(claimsProjection);

  constructor(
    private readonly readModels: ReadModelsService,
    private readonly claims: ClaimsReadModel,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** After the read models opened their generation: ProjectionsModule is global, and Nest runs global modules' hooks first. */
  onApplicationBootstrap(): void {
    // What the read models held before this process started is history: a replay, never a live push.
    this.frontier = this.readModels.generations.current.checkpoint;
    this.unsubscribe = this.readModels.changes.subscribe((changes) => this.wake(changes));
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
  }

  /** The claim's summary now (so a client that reconnects has the state again), then after every change. */
  claimUpdates(claimId: string, visible?: ClaimStatus[]): Channel<ClaimSummary> {
    const channel = this.channel<ClaimSummary>((change, push) => {
      if (change.claimId === claimId && (!visible || visible.includes(change.status))) push(change.claim);
    });
    const current = this.claims.get(claimId, visible);
    if (current) channel.push(summarise(current));
    return channel;
  }

  /**
   * Every change from now on; with `after`, first every change after that cursor (from the event log,
   * at most DESK_CHANGES_REPLAY_MAX_EVENTS events of it), then on live with no gap and no repeat.
   * Refusals (a cursor that is not one, not of this log, beyond its end, or too far back) are raised
   * before anything is sent.
   */
  async deskFeed(filter: FeedFilter = {}, after?: string | null): Promise<Channel<ClaimChangePayload>> {
    if (after === undefined || after === null) {
      return this.channel<ClaimChangePayload>((change, push) => {
        if (matchesFilter(change, filter)) push(change);
      });
    }
    const cursor = decodeDeskCursor(after);
    const limit = this.config.DESK_CHANGES_REPLAY_MAX_EVENTS;
    // Listen first, then read: whatever goes live while the replay reads is held, and the gate drops repeats.
    const arrived: ClaimChangePayload[] = [];
    let channel: Channel<ClaimChangePayload> | undefined;
    const gate = new SeamGate(cursor.position);
    const deliver = (change: ClaimChangePayload) => {
      if (gate.accept(change.position) && matchesFilter(change, filter)) channel?.push(change);
    };
    const stop = this.payloads.subscribe((change) => (channel ? deliver(change) : arrived.push(change)));
    try {
      const frontier = this.frontier;
      const replayed = await this.replay(cursor, frontier, limit);
      channel = new Channel<ClaimChangePayload>(() => stop(), limit + 1000);
      for (const change of [...replayed, ...arrived]) deliver(change);
      return channel;
    } catch (error) {
      stop();
      throw error;
    }
  }

  /** The changes after `cursor` up to `frontier` (where the live feed is), read from the log. */
  private async replay(cursor: DeskCursor, frontier: number | null, limit: number): Promise<ClaimChangePayload[]> {
    const [atCursor] = await this.store.readAll({ fromPosition: cursor.position, maxCount: 1 });
    if (!atCursor) {
      throw new DeskFeedRefusal('CURSOR_FROM_FUTURE', `after names position ${cursor.position}, beyond the end of the event log: subscribe with after: null`, { field: 'after' });
    }
    if (atCursor.position !== cursor.position || eventKeyOf(atCursor.id) !== cursor.eventKey) {
      throw new DeskFeedRefusal('CURSOR_NOT_IN_LOG', 'after names no change of this event log (another installation, or its events are gone): refetch, then subscribe with after: null', { field: 'after' });
    }
    // This instance has not caught up with the cursor yet: nothing to replay, the gate skips what the cursor covers.
    if (frontier === null || frontier <= cursor.position) return [];
    const events: RecordedEvent[] = [];
    let from = cursor.position;
    for (;;) {
      const page = await this.store.readAll({ fromPosition: from, maxCount: READ_PAGE });
      const fresh = page.filter((e) => e.position > from && e.position <= frontier);
      events.push(...fresh);
      if (events.length > limit) {
        throw new DeskFeedRefusal(
          'REPLAY_TOO_LONG',
          `More than ${limit} events were recorded after this cursor: refetch what you show (claims, claim), then subscribe with after: null or a newer cursor`,
          { field: 'after', limit },
        );
      }
      const last = page[page.length - 1];
      if (page.length < READ_PAGE || !last || last.position >= frontier) break;
      from = last.position;
    }
    return this.payloadsOf(groupChanges(events, (e) => this.claimOf(e)));
  }

  private wake(changes: ProjectionChange[]): void {
    if (!changes.some((c) => c.projection === claimsProjection.name)) return;
    this.target = this.readModels.generations.current.checkpoint;
    this.following ??= this.follow().finally(() => (this.following = undefined));
  }

  /** Cuts the log between the frontier and the read models' checkpoint into changes and publishes them, in order. */
  private async follow(): Promise<void> {
    while (this.target !== null && (this.frontier === null || this.frontier < this.target)) {
      const target = this.target;
      // Nobody listens: nothing to cut. A subscriber arriving later replays from its cursor instead.
      if (!this.payloads.hasSubscribers) {
        this.frontier = target;
        continue;
      }
      try {
        const page = await this.store.readAll({ ...(this.frontier === null ? {} : { fromPosition: this.frontier }), maxCount: READ_PAGE });
        const frontier = this.frontier;
        const events = page.filter((e) => (frontier === null || e.position > frontier) && e.position <= target);
        const last = page[page.length - 1];
        const reached = page.length < READ_PAGE || !last || last.position >= target ? target : (events[events.length - 1]?.position ?? last.position);
        const payloads = await this.payloadsOf(groupChanges(events, (e) => this.claimOf(e)));
        this.frontier = reached;
        for (const payload of payloads) this.payloads.publish(payload);
      } catch {
        // The store is unreachable for now: the next batch of the read models wakes the feed again.
        return;
      }
    }
  }

  private claimOf(event: RecordedEvent): string | undefined {
    return this.selects(event) ? claimsProjection.keyOf(event) : undefined;
  }

  /**
   * Each change with the claim as it was right after it: the read model's claim when the change is its
   * latest, otherwise the claim's stream folded (with the projection's own evolve) up to the change.
   */
  private async payloadsOf(steps: ChangeStep[]): Promise<ClaimChangePayload[]> {
    const wanted = new Map<string, Set<number>>();
    for (const step of steps) {
      const revisions = wanted.get(step.claimId) ?? new Set<number>();
      revisions.add(step.last.revision);
      wanted.set(step.claimId, revisions);
    }
    const states = new Map<string, Map<number, ExistingClaim>>();
    for (const [claimId, revisions] of wanted) states.set(claimId, await this.statesAt(claimId, revisions));
    const payloads: ClaimChangePayload[] = [];
    for (const step of steps) {
      const claim = states.get(step.claimId)?.get(step.last.revision);
      // An event that left no claim (one before its submission) changed nothing a subscriber sees.
      if (!claim) continue;
      payloads.push({
        claimId: step.claimId,
        status: claim.status,
        revision: claim.revision,
        position: step.last.position,
        cursor: encodeDeskCursor({ position: step.last.position, eventKey: eventKeyOf(step.last.id) }),
        eventTypes: step.events.map((e) => e.type),
        claim: summarise(claim),
      });
    }
    return payloads;
  }

  private async statesAt(claimId: string, revisions: Set<number>): Promise<Map<number, ExistingClaim>> {
    const states = new Map<number, ExistingClaim>();
    const current = this.claims.get(claimId);
    if (current && revisions.has(current.revision)) states.set(current.revision, current);
    if (states.size === revisions.size) return states;
    const last = Math.max(...revisions);
    const read = await this.store.readStream(claimStream(claimId), { maxCount: last + 1 });
    if (!read.found) return states;
    let record: ClaimRecord | null = null;
    for (const event of read.events) {
      if (event.revision > last) break;
      if (!this.selects(event)) continue;
      record = claimsProjection.evolve(record, event);
      if (record && revisions.has(event.revision) && !states.has(event.revision)) states.set(event.revision, record.claim);
    }
    return states;
  }

  private channel<T>(route: (change: ClaimChangePayload, push: (value: T) => void) => void): Channel<T> {
    const channel: Channel<T> = new Channel<T>(() => unsubscribe());
    const unsubscribe = this.payloads.subscribe((change) => route(change, (value) => channel.push(value)));
    return channel;
  }
}
