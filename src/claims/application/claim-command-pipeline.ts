import { Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { ANY, EVENT_STORE, EventStore, NO_STREAM, RecordedEvent } from '../../event-store/event-store.port';
import { EventStoreError, WrongExpectedVersion } from '../../event-store/event-store.errors';
import { canonicalJson } from '../../shared/canonical-json';
import { CLOCK, Clock } from '../../shared/clock';
import { Refusal } from '../../shared/refusal';
import { initialClaimState } from '../domain/claim';
import type { ClaimCommand, DeskPolicy } from '../domain/commands';
import { requireRoleFor } from '../domain/decide';
import { DeskError } from '../domain/desk-error';
import { CommandOutcome, CommandRequest, DeskCommand } from './claim-commands';
import { CachedClaim, ClaimStateCache, RecordedCommand } from './claim-state-cache';
import { commandIds, CommandIds, ID_SECRET } from './command-ids';
import { COMMAND_METRICS, CommandMetrics } from './command-metrics.port';
import { CommandRefusal } from './command-refusal';
import { DESK_POLICY } from './desk-policy';
import { DESK_REFUSALS_STREAM, selfReviewRefused, storedRefusal } from './desk-refusals';
import { KeyedQueue } from '../../shared/keyed-queue';
import { READ_YOUR_WRITES, ReadYourWrites } from './read-your-writes.port';
import { anchorOf, findChainBreak, hashOf, storedStart } from './hash-chain';
import { claimStream, decideAndStamp, evolveRecorded } from './claim-stream';
import { historyIncomplete, storeRefusal } from './store-refusal';

/**
 * How many times a command without `expectedRevision` is decided again on fresh state after losing a
 * race. Within an instance commands on one claim are queued, so only another instance's append can
 * win a race; each retry waits a jittered, growing pause so that instances do not collide again in step.
 */
export const MAX_ATTEMPTS = 10;
const BACKOFF_BASE_MS = 5;
const BACKOFF_MAX_MS = 250;

/** Rough in-memory cost of an event beyond its data, for the state cache's budget. */
const EVENT_OVERHEAD_BYTES = 512;

/**
 * The one path every desk command takes, read top to bottom in `run`: choose its ids, load the
 * claim (from the state cache plus the events after it, each verified against the hash chain),
 * decide, stamp and chain the events, append at the revision the decision was made on, retry on a
 * lost race, wait for the read models (read-your-writes), and time it all. Commands on one claim
 * run one at a time in this instance.
 */
@Injectable()
export class ClaimCommandPipeline {
  private readonly queue = new KeyedQueue();
  private readonly cache: ClaimStateCache;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(DESK_POLICY) private readonly policy: DeskPolicy,
    @Inject(READ_YOUR_WRITES) private readonly readModels: ReadYourWrites,
    @Inject(COMMAND_METRICS) private readonly metrics: CommandMetrics,
    @Inject(APP_CONFIG) config: Pick<AppConfig, 'CLAIM_STATE_CACHE_MB'>,
    @Inject(ID_SECRET) private readonly idSecret: string,
  ) {
    this.cache = new ClaimStateCache(config.CLAIM_STATE_CACHE_MB * 1024 * 1024);
  }

  async run(command: DeskCommand<unknown, ClaimCommand>): Promise<CommandOutcome> {
    // The clock starts first, so a command that fails before deciding (its ids, `toDomain`) is
    // counted too: under its class's name until the domain command, whose type is the label, is known.
    const stopTimer = this.metrics.startTimer();
    let label = command.constructor.name;
    try {
      const { request } = command;
      const ids = commandIds(request, this.idSecret);
      const createdId = command.creates ? ids.created(command.creates) : undefined;
      const domain = command.toDomain(createdId ?? '');
      label = domain.type;
      const stream = claimStream(domain.claimId);
      const appended = await this.queue.run(stream, async () => {
        try {
          return await this.decideAndAppend(domain, request, ids);
        } catch (error) {
          await this.recordSelfReview(domain, request, ids, error);
          throw error;
        }
      });
      const outcome = { ...appended, ...(createdId ? { createdId } : {}) };
      await this.readYourWrites(outcome);
      stopTimer({ command: label, outcome: 'OK' });
      return outcome;
    } catch (error) {
      stopTimer({ command: label, outcome: error instanceof Refusal ? error.code : 'ERROR' });
      throw error;
    }
  }

  /**
   * A refused self-review is kept on record in its own stream (the claim's is untouched); the caller
   * still gets the refusal as it was. Recording it is best effort: a store failure here must not turn
   * the refusal into another error, and the event id derives from the command's, so a retry of the
   * same mutation records it once.
   */
  private async recordSelfReview(command: ClaimCommand, request: CommandRequest, ids: CommandIds, error: unknown): Promise<void> {
    const refused = selfReviewRefused(command, error, { id: request.actor.id, name: request.actor.name }, this.clock());
    if (!refused) return;
    const event = storedRefusal(refused, ids.created('self-review-refused'), {
      actorRoles: request.actor.roles,
      correlationId: request.correlationId,
      causationId: ids.commandId,
      commandType: command.type,
    });
    try {
      await this.store.append(DESK_REFUSALS_STREAM, [event], ANY);
    } catch {
      // The refusal itself stands; only its record is missing (the standards report undercounts).
    }
  }

  /**
   * Losing a race means someone changed the claim meanwhile: without an expected revision from the
   * client, the command is decided again on the fresh state (so it still has to pass every rule);
   * with one, the client is told with CONFLICT, because it decided on something it saw. A store
   * failure that is safe to retry (nothing was written) is tried again the same way, with the same
   * ids; any other store failure is answered at once, because trying again would fail alike.
   */
  private async decideAndAppend(command: ClaimCommand, request: CommandRequest, ids: CommandIds): Promise<CommandOutcome> {
    // Before anything about the claim (its revision, an earlier act on it): who may not act learns nothing of it.
    requireRoleFor(command, request.actor);
    const commandHash = createHash('sha256').update(canonicalJson(command)).digest('hex');
    const stream = claimStream(command.claimId);

    for (let attempt = 1; ; attempt++) {
      try {
        return await this.attempt(command, request, ids, commandHash, stream);
      } catch (error) {
        if (!(error instanceof EventStoreError)) {
          // A refusal decided on a state that stays true; anything else leaves the cache in doubt.
          if (!(error instanceof Refusal)) this.cache.delete(stream);
          throw error;
        }
        if (error instanceof WrongExpectedVersion) {
          const actual = typeof error.actual === 'number' ? error.actual : -1;
          if (command.type === 'SubmitClaim' && actual >= 0 && !request.mutationId) {
            throw new DeskError('CLAIM_EXISTS', `Claim ${command.claimId} already exists`);
          }
          if (request.expectedRevision !== undefined) throw conflict(command.claimId, request.expectedRevision, actual);
          if (attempt >= MAX_ATTEMPTS) {
            throw new CommandRefusal('CONFLICT', `Claim ${command.claimId} is changing too quickly to apply this now; try again`, { currentRevision: actual });
          }
        } else {
          // Written or not, the cached state can no longer be trusted.
          this.cache.delete(stream);
          if (!error.retrySafe || attempt >= MAX_ATTEMPTS) throw storeRefusal(error, command.claimId, true, attempt);
        }
        await pause(jitteredBackoff(attempt));
      }
    }
  }

  /** One try: load the claim, recognise a retry, decide on its state and append at the revision decided on. */
  private async attempt(command: ClaimCommand, request: CommandRequest, ids: CommandIds, commandHash: string, stream: string): Promise<CommandOutcome> {
    const loaded = await this.load(stream, command.claimId);
    const { state } = loaded;

    const earlier = loaded.commands.get(ids.commandId);
    if (earlier) {
      // A retry must be the same act; the same id for a different act would otherwise vanish silently.
      if (earlier.commandHash !== commandHash) {
        throw new CommandRefusal(
          'MUTATION_ID_REUSED',
          `mutationId "${request.mutationId}" was already used for a different ${earlier.commandType}; give each new act a new mutationId`,
          { mutationId: request.mutationId ?? null },
        );
      }
      return { claimId: command.claimId, revision: earlier.revision, position: earlier.position, replayed: true };
    }

    if (request.expectedRevision !== undefined && request.expectedRevision !== state.revision) {
      throw conflict(command.claimId, request.expectedRevision, state.revision);
    }

    const now = this.clock();
    const decided = decideAndStamp(command, state, { actor: request.actor, now, policy: this.policy, storedEvents: loaded.events }, {
      envelope: { commandId: ids.commandId, commandHash, correlationId: request.correlationId },
      eventId: ids.event,
      previousHash: loaded.lastHash,
    });

    // The revision expected is the last stored event's own: `state.revision` is taken from it.
    const result = await this.store.append(stream, decided.stored, state.exists ? state.revision : NO_STREAM);
    this.remember(stream, loaded, decided, ids.commandId, command.type, commandHash, result);
    return { claimId: command.claimId, revision: result.nextExpectedRevision, position: result.position, replayed: false };
  }

  /**
   * The claim's state: the cached fold plus the events after it, or the whole stream when nothing is
   * cached. Every event read is checked against the hash chain (contiguous revisions, each chained
   * onto the one before); a break in events read after a cached state drops the cache and reads the
   * whole stream, and a break in the whole stream is an INTEGRITY refusal naming it. A stream may
   * begin above revision 0: one written again after a soft delete begins with a new submission and
   * is a claim like any other; one whose start was truncated cannot be folded (HISTORY_INCOMPLETE).
   */
  private async load(stream: string, claimId: string): Promise<CachedClaim> {
    const cached = this.cache.get(stream);
    if (cached) {
      const fromRevision = cached.state.revision + 1;
      const read = await this.store.readStream(stream, { fromRevision });
      if (read.found && !findChainBreak(read.events, { previousHash: cached.lastHash, revision: fromRevision })) {
        const loaded = this.foldOnto(cached, read.events, true);
        if (loaded !== cached) this.cache.set(stream, loaded);
        return loaded;
      }
      this.cache.delete(stream);
    }
    const read = await this.store.readStream(stream);
    const empty: CachedClaim = { state: initialClaimState(), lastHash: null, events: 0, commands: new Map(), bytes: 0 };
    if (!read.found) return empty;
    const { events } = read;
    const refused = 'its current state cannot be rebuilt, so nothing was decided or written; an operator must restore them (claimHistory shows where the stored history begins)';
    if (events.length === 0) throw historyIncomplete(claimId, undefined, refused);
    const start = storedStart(events[0]);
    const broken = findChainBreak(events, anchorOf(events[0], start));
    if (broken) {
      throw new CommandRefusal(
        'INTEGRITY',
        `Claim ${claimId}'s stored history fails verification at revision ${broken.revision} (${broken.type}): ${broken.reason}. Nothing was written; an operator must restore the claim's events (verifyAuditTrail names the same break)`,
        { claimId, revision: broken.revision, eventId: broken.eventId, reason: broken.reason },
      );
    }
    if (start.kind === 'truncated') throw historyIncomplete(claimId, start.firstRevision, refused);
    const loaded = this.foldOnto(empty, events, false);
    if (loaded.state.exists) this.cache.set(stream, loaded);
    return loaded;
  }

  /** A new entry (the cached one stays untouched until an append succeeds): the events folded in, their commands noted. */
  private foldOnto(base: CachedClaim, events: RecordedEvent[], copy: boolean): CachedClaim {
    if (events.length === 0) return base;
    let { state, bytes } = base;
    const commands = copy ? new Map(base.commands) : base.commands;
    for (const event of events) {
      state = evolveRecorded(state, event);
      noteCommand(commands, event);
      bytes += eventBytes(event.data);
    }
    return { state, lastHash: hashOf(events[events.length - 1]), events: base.events + events.length, commands, bytes };
  }

  private remember(
    stream: string,
    loaded: CachedClaim,
    decided: ReturnType<typeof decideAndStamp>,
    commandId: string,
    commandType: string,
    commandHash: string,
    result: { nextExpectedRevision: number; position: number },
  ): void {
    if (decided.state.revision !== result.nextExpectedRevision) {
      this.cache.delete(stream);
      return;
    }
    const commands = new Map(loaded.commands);
    commands.set(commandId, { commandType, commandHash, revision: result.nextExpectedRevision, position: result.position });
    const bytes = decided.stored.reduce((sum, event) => sum + eventBytes(event.data), loaded.bytes);
    this.cache.set(stream, { state: decided.state, lastHash: decided.lastHash, events: loaded.events + decided.stored.length, commands, bytes });
  }

  /**
   * Waits until the read models include the command's events, so the client's next query sees its
   * own change. If they lag beyond the limit, or have stopped following the log, the answer says
   * the change was saved instead of hanging.
   */
  private async readYourWrites(outcome: CommandOutcome): Promise<void> {
    const reach = await this.readModels.reached(outcome.position);
    if (reach === 'reached') return;
    const saved = `Saved as revision ${outcome.revision} of claim ${outcome.claimId}`;
    const details = { claimId: outcome.claimId, revision: outcome.revision, position: outcome.position };
    if (reach === 'stopped') {
      throw new CommandRefusal('READ_MODELS_STOPPED', `${saved}, but the desk's lists have stopped following the event log: they will not show it until an operator repairs or rebuilds them`, details);
    }
    throw new CommandRefusal('READ_MODEL_LAGGING', `${saved}, but the desk's lists have not caught up yet; they will shortly`, details);
  }
}

function noteCommand(commands: Map<string, RecordedCommand>, event: RecordedEvent): void {
  const { causationId, commandHash, commandType } = event.metadata;
  if (typeof causationId !== 'string') return;
  commands.set(causationId, {
    commandType: String(commandType),
    ...(typeof commandHash === 'string' ? { commandHash } : {}),
    revision: event.revision,
    position: event.position,
  });
}

function eventBytes(data: unknown): number {
  return JSON.stringify(data).length * 2 + EVENT_OVERHEAD_BYTES;
}

/** Full jitter: a random pause up to a cap that doubles with each attempt. */
function jitteredBackoff(attempt: number): number {
  return Math.random() * Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** attempt);
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function conflict(claimId: string, expected: number, current: number): CommandRefusal {
  return new CommandRefusal(
    'CONFLICT',
    `Claim ${claimId} has changed since revision ${expected}: it is now at revision ${current}. Reload it and try again.`,
    { expectedRevision: expected, currentRevision: current },
  );
}
