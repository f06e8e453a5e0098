import { Injectable, Type } from '@nestjs/common';
import { CommandHandler } from '@nestjs/cqrs';
import type { ClaimCommand } from '../domain/commands';
import { ClaimCommandPipeline } from './claim-command-pipeline';
import { DESK_COMMANDS } from './claim-commands';
import type { CommandOutcome, DeskCommand } from './claim-commands';

type AnyDeskCommand = DeskCommand<unknown, ClaimCommand>;

/**
 * A handler per use case, as @nestjs/cqrs intends. What differs between the use cases (which fields,
 * which new id) is in each command's `toDomain`; what is the same (ids, decide, append, retry,
 * read-your-writes) is the pipeline's, so each handler only names its command. (`@Injectable` makes
 * TypeScript record the constructor's parameter types, which the subclasses inherit.)
 */
@Injectable()
abstract class DeskCommandHandler<C extends AnyDeskCommand> {
  constructor(private readonly pipeline: ClaimCommandPipeline) {}
  execute(command: C): Promise<CommandOutcome> {
    return this.pipeline.run(command);
  }
}

/** The handler class of one command: `@CommandHandler(command)`, named after it (SubmitClaimCommand -> SubmitClaimHandler). */
function handlerOf(command: Type<AnyDeskCommand>): Type<DeskCommandHandler<AnyDeskCommand>> {
  @CommandHandler(command)
  class Handler extends DeskCommandHandler<AnyDeskCommand> {}
  Object.defineProperty(Handler, 'name', { value: command.name.replace(/Command$/, 'Handler') });
  return Handler;
}

/**
 * One handler class per desk command, made from DESK_COMMANDS (claim-commands.ts), the one list of
 * the use cases: adding a command means writing its class and naming it there (the compiler then
 * asks for its GraphQL input type in MUTATION_INPUT_TYPES); no handler or provider list to keep in step.
 */
export const CLAIM_COMMAND_HANDLERS = Object.values(DESK_COMMANDS).map((command) => handlerOf(command as Type<AnyDeskCommand>));
