import { Inject, Injectable } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { EVENT_STORE, EventStore, NO_STREAM, RecordedEvent } from '../../event-store/event-store.port';
import { WrongExpectedVersion } from '../../event-store/event-store.errors';
import { canonicalJson } from '../../shared/canonical-json';
import { CLOCK, Clock } from '../../shared/clock';
import { deterministicUuid } from '../../shared/deterministic-id';
import { Refusal } from '../../shared/refusal';
import { ClaimState, foldClaim } from '../domain/claim';
import type { ClaimCommand, DeskPolicy } from '../domain/commands';
import { decide } from '../domain/decide';
import { DeskError } from '../domain/desk-error';
import { CommandOutcome, CommandRequest, DeskCommand } from './claim-commands';
import { COMMAND_METRICS, CommandMetrics } from './command-metrics.port';
import { CommandRefusal } from './command-refusal';
import { DESK_POLICY } from './desk-policy';
import { READ_YOUR_WRITES, ReadYourWrites } from './read-your-writes.port';
import { hashOf } from './hash-chain';
import { claimStream, CommandEnvelope, stampEvents, toClaimEvent } from './claim-stream';

/** How many times a command without `expectedRevision` is decided again on fresh state after losing a race. */
const MAX_ATTEMPTS = 5;

/**
 * The one path every desk command takes, read top to bottom in `run`: choose its ids, load and fold
 * the claim, decide, stamp and chain the events, append at the revision the decision was made on,
 * retry on a lost race, wait for the read models (read-your-writes), and time it all.
 */
@Injectable()
export class ClaimCommandPipeline {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(DESK_POLICY) private readonly policy: DeskPolicy,
    @Inject(READ_YOUR_WRITES) private readonly readModels: ReadYourWrites,
    @Inject(COMMAND_METRICS) private readonly metrics: CommandMetrics,
  ) {}

  async run(command: DeskCommand<unknown, ClaimCommand>): Promise<CommandOutcome> {
    // The clock starts first, so a command that fails before deciding (its ids, `toDomain`) is
    // counted too: under its class's name until the domain command, whose type is the label, is known.
    const stopTimer = this.metrics.startTimer();
    let label = command.constructor.name;
    try {
      const { request } = command;
      const ids = commandIds(request);
      const createdId = command.creates ? ids.created(command.creates) : undefined;
      const domain = command.toDomain(createdId ?? '');
      label = domain.type;
      const outcome = { ...(await this.decideAndAppend(domain, request, ids)), ...(createdId ? { createdId } : {}) };
      await this.readYourWrites(outcome);
      stopTimer({ command: label, outcome: 'OK' });
      return outcome;
    } catch (error) {
      stopTimer({ command: label, outcome: error instanceof Refusal ? error.code : 'ERROR' });
      throw error;
    }
  }

  /**
   * Losing a race means someone changed the claim meanwhile: without an expected revision from the
   * client, the command is decided again on the fresh state (so it still has to pass every rule);
   * with one, the client is told with CONFLICT, because it decided on something it saw.
   */
  private async decideAndAppend(command: ClaimCommand, request: CommandRequest, ids: CommandIds): Promise<CommandOutcome> {
    const commandHash = createHash('sha256').update(canonicalJson(command)).digest('hex');
    const stream = claimStream(command.claimId);

    for (let attempt = 1; ; attempt++) {
      const { state, events } = await this.load(stream);

      const earlier = events.filter((e) => e.metadata.causationId === ids.commandId);
      if (earlier.length > 0) {
        // A retry must be the same act; the same id for a different act would otherwise vanish silently.
        if (earlier[0].metadata.commandHash !== commandHash) {
          throw new CommandRefusal(
            'MUTATION_ID_REUSED',
            `mutationId "${request.mutationId}" was already used for a different ${String(earlier[0].metadata.commandType)}; give each new act a new mutationId`,
            { mutationId: request.mutationId ?? null },
          );
        }
        const last = earlier[earlier.length - 1];
        return { claimId: command.claimId, revision: last.revision, position: last.position, replayed: true };
      }

      if (request.expectedRevision !== undefined && request.expectedRevision !== state.revision) {
        throw conflict(command.claimId, request.expectedRevision, state.revision);
      }

      const now = this.clock();
      const decided = decide(command, state, { actor: request.actor, now, policy: this.policy });
      const envelope: CommandEnvelope = { commandId: ids.commandId, commandType: command.type, commandHash, correlationId: request.correlationId, actor: request.actor, occurredAt: now };
      const stored = stampEvents(decided, envelope, ids.event, hashOf(events[events.length - 1]));

      try {
        const result = await this.store.append(stream, stored, state.exists ? state.revision : NO_STREAM);
        return { claimId: command.claimId, revision: result.nextExpectedRevision, position: result.position, replayed: false };
      } catch (error) {
        if (!(error instanceof WrongExpectedVersion)) throw error;
        const actual = typeof error.actual === 'number' ? error.actual : -1;
        if (command.type === 'SubmitClaim' && actual >= 0 && !request.mutationId) {
          throw new DeskError('CLAIM_EXISTS', `Claim ${command.claimId} already exists`);
        }
        if (request.expectedRevision !== undefined) throw conflict(command.claimId, request.expectedRevision, actual);
        if (attempt >= MAX_ATTEMPTS) {
          throw new CommandRefusal('CONFLICT', `Claim ${command.claimId} is changing too quickly to apply this now; try again`, { currentRevision: actual });
        }
      }
    }
  }

  private async load(stream: string): Promise<{ state: ClaimState; events: RecordedEvent[] }> {
    const read = await this.store.readStream(stream);
    if (!read.found) return { state: foldClaim([]), events: [] };
    return { state: foldClaim(read.events.map(toClaimEvent)), events: read.events };
  }

  /**
   * Waits until the read models include the command's events, so the client's next query sees its
   * own change. If they lag beyond the limit, the answer says the change was saved instead of hanging.
   */
  private async readYourWrites(outcome: CommandOutcome): Promise<void> {
    if (!(await this.readModels.reached(outcome.position))) {
      throw new CommandRefusal(
        'READ_MODEL_LAGGING',
        `Saved as revision ${outcome.revision} of claim ${outcome.claimId}, but the desk's lists have not caught up yet; they will shortly`,
        { claimId: outcome.claimId, revision: outcome.revision, position: outcome.position },
      );
    }
  }
}

interface CommandIds {
  commandId: string;
  created(kind: string): string;
  event(index: number): string;
}

/**
 * Every id a command needs, in one place. With a mutationId they derive from it (and the actor), so
 * a retry addresses the same claim, citation or verdict and appends events the store recognises as
 * already written; without one they are random.
 */
function commandIds(request: CommandRequest): CommandIds {
  const { mutationId, actor } = request;
  if (!mutationId) return { commandId: randomUUID(), created: () => randomUUID(), event: () => randomUUID() };
  const commandId = deterministicUuid(`mutation:${actor.id}:${mutationId}`);
  return {
    commandId,
    created: (kind) => deterministicUuid(`${kind}:${actor.id}:${mutationId}`),
    event: (index) => deterministicUuid(`${commandId}:${index}`),
  };
}

function conflict(claimId: string, expected: number, current: number): CommandRefusal {
  return new CommandRefusal(
    'CONFLICT',
    `Claim ${claimId} has changed since revision ${expected}: it is now at revision ${current}. Reload it and try again.`,
    { expectedRevision: expected, currentRevision: current },
  );
}
