import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { createHash, randomUUID } from 'node:crypto';
import { canonicalJson } from '../../shared/canonical-json';
import type { Actor } from '../../shared/actor';
import { chainEvents, hashOf } from './hash-chain';
import { CLOCK, Clock } from '../../shared/clock';
import { deterministicUuid } from '../../shared/deterministic-id';
import { WrongExpectedVersion } from '../../event-store/event-store.errors';
import { EVENT_STORE, EventStore, NO_STREAM, RecordedEvent } from '../../event-store/event-store.port';
import { claimStream, CommandEnvelope, toClaimEvent, toStoredEvent } from './claim-stream';
import { ClaimState, foldClaim } from '../domain/claim';
import { ClaimCommand, DeskPolicy } from '../domain/commands';
import { decide } from '../domain/decide';
import { DeskError } from '../domain/desk-error';
import { CommandRefusal } from './command-refusal';
import { DESK_POLICY } from './desk-policy';

/** A desk command with what the request knows about it. */
export class ExecuteClaimCommand {
  constructor(
    readonly command: ClaimCommand,
    readonly actor: Actor,
    readonly options: {
      correlationId: string;
      /** The id the client gave this mutation; a retry with the same id returns the first result. */
      mutationId?: string;
      /** The revision the client saw; when stale the command is refused with CONFLICT instead of retried. */
      expectedRevision?: number;
    },
  ) {}
}

export interface CommandOutcome {
  claimId: string;
  /** The claim's revision after the command: pass it as `expectedRevision` next time. */
  revision: number;
  /** Global position of the last appended event (what read models must reach to reflect it). */
  position: number;
  /** True when this was a retry of a mutation already carried out. */
  replayed: boolean;
}

/** How many times a command without `expectedRevision` is re-decided on fresh state after losing a race. */
const MAX_ATTEMPTS = 5;

/**
 * Load the claim's stream, fold it, decide, append with the revision the decision was made on.
 * Losing a race means someone changed the claim meanwhile: without an expected revision from the
 * client, the command is decided again on the fresh state (so it still has to pass every rule);
 * with one, the client is told with CONFLICT, because it decided on something it saw.
 */
@CommandHandler(ExecuteClaimCommand)
export class ExecuteClaimCommandHandler implements ICommandHandler<ExecuteClaimCommand, CommandOutcome> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(DESK_POLICY) private readonly policy: DeskPolicy,
  ) {}

  async execute({ command, actor, options }: ExecuteClaimCommand): Promise<CommandOutcome> {
    const commandId = options.mutationId ? deterministicUuid(`mutation:${actor.id}:${options.mutationId}`) : randomUUID();
    const commandHash = createHash('sha256').update(canonicalJson(command)).digest('hex');
    const stream = claimStream(command.claimId);

    for (let attempt = 1; ; attempt++) {
      const { state, events } = await this.load(stream);

      const earlier = events.filter((e) => e.metadata.causationId === commandId);
      if (earlier.length > 0) {
        // A retry must be the same act; the same id for a different act would otherwise vanish silently.
        if (earlier[0].metadata.commandHash !== commandHash) {
          throw new CommandRefusal(
            'MUTATION_ID_REUSED',
            `mutationId "${options.mutationId}" was already used for a different ${String(earlier[0].metadata.commandType)}; give each new act a new mutationId`,
            { mutationId: options.mutationId ?? null },
          );
        }
        return outcome(command.claimId, earlier[earlier.length - 1], true);
      }

      if (options.expectedRevision !== undefined && options.expectedRevision !== state.revision) {
        throw conflict(command.claimId, options.expectedRevision, state.revision);
      }

      const now = this.clock();
      const decided = decide(command, state, { actor, now, policy: this.policy });
      const envelope: CommandEnvelope = { commandId, commandType: command.type, commandHash, correlationId: options.correlationId, actor, occurredAt: now };
      const stored = chainEvents(
        decided.map((event, index) => toStoredEvent(event, envelope, options.mutationId ? deterministicUuid(`${commandId}:${index}`) : randomUUID())),
        hashOf(events[events.length - 1]),
      );

      try {
        const result = await this.store.append(stream, stored, state.exists ? state.revision : NO_STREAM);
        return { claimId: command.claimId, revision: result.nextExpectedRevision, position: result.position, replayed: false };
      } catch (error) {
        if (!(error instanceof WrongExpectedVersion)) throw error;
        const actual = typeof error.actual === 'number' ? error.actual : -1;
        if (command.type === 'SubmitClaim' && actual >= 0 && !options.mutationId) {
          throw new DeskError('CLAIM_EXISTS', `Claim ${command.claimId} already exists`);
        }
        if (options.expectedRevision !== undefined) throw conflict(command.claimId, options.expectedRevision, actual);
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
}

function outcome(claimId: string, last: RecordedEvent, replayed: boolean): CommandOutcome {
  return { claimId, revision: last.revision, position: last.position, replayed };
}

function conflict(claimId: string, expected: number, current: number): CommandRefusal {
  return new CommandRefusal(
    'CONFLICT',
    `Claim ${claimId} has changed since revision ${expected}: it is now at revision ${current}. Reload it and try again.`,
    { expectedRevision: expected, currentRevision: current },
  );
}
