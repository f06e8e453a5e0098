import { Injectable } from '@nestjs/common';
import { CommandHandler } from '@nestjs/cqrs';
import type { ClaimCommand } from '../domain/commands';
import { ClaimCommandPipeline } from './claim-command-pipeline';
import * as Commands from './claim-commands';
import type { CommandOutcome, DeskCommand } from './claim-commands';

/**
 * A handler per use case, as @nestjs/cqrs intends. What differs between the use cases (which fields,
 * which new id) is in each command's `toDomain`; what is the same (ids, decide, append, retry,
 * read-your-writes) is the pipeline's, so each handler only names its command. (`@Injectable` makes
 * TypeScript record the constructor's parameter types, which the subclasses inherit.)
 */
@Injectable()
abstract class DeskCommandHandler<C extends DeskCommand<unknown, ClaimCommand>> {
  constructor(private readonly pipeline: ClaimCommandPipeline) {}
  execute(command: C): Promise<CommandOutcome> {
    return this.pipeline.run(command);
  }
}

@CommandHandler(Commands.SubmitClaimCommand) export class SubmitClaimHandler extends DeskCommandHandler<Commands.SubmitClaimCommand> {}
@CommandHandler(Commands.ReviseClaimDetailsCommand) export class ReviseClaimDetailsHandler extends DeskCommandHandler<Commands.ReviseClaimDetailsCommand> {}
@CommandHandler(Commands.AssignReviewersCommand) export class AssignReviewersHandler extends DeskCommandHandler<Commands.AssignReviewersCommand> {}
@CommandHandler(Commands.UnassignReviewerCommand) export class UnassignReviewerHandler extends DeskCommandHandler<Commands.UnassignReviewerCommand> {}
@CommandHandler(Commands.AddCitationCommand) export class AddCitationHandler extends DeskCommandHandler<Commands.AddCitationCommand> {}
@CommandHandler(Commands.ReviseCitationCommand) export class ReviseCitationHandler extends DeskCommandHandler<Commands.ReviseCitationCommand> {}
@CommandHandler(Commands.RetractCitationCommand) export class RetractCitationHandler extends DeskCommandHandler<Commands.RetractCitationCommand> {}
@CommandHandler(Commands.RecordVerdictCommand) export class RecordVerdictHandler extends DeskCommandHandler<Commands.RecordVerdictCommand> {}
@CommandHandler(Commands.ReviseVerdictCommand) export class ReviseVerdictHandler extends DeskCommandHandler<Commands.ReviseVerdictCommand> {}
@CommandHandler(Commands.WithdrawVerdictCommand) export class WithdrawVerdictHandler extends DeskCommandHandler<Commands.WithdrawVerdictCommand> {}
@CommandHandler(Commands.RejectClaimCommand) export class RejectClaimHandler extends DeskCommandHandler<Commands.RejectClaimCommand> {}
@CommandHandler(Commands.ReopenClaimCommand) export class ReopenClaimHandler extends DeskCommandHandler<Commands.ReopenClaimCommand> {}
@CommandHandler(Commands.PublishFactCheckCommand) export class PublishFactCheckHandler extends DeskCommandHandler<Commands.PublishFactCheckCommand> {}
@CommandHandler(Commands.CorrectFactCheckCommand) export class CorrectFactCheckHandler extends DeskCommandHandler<Commands.CorrectFactCheckCommand> {}
@CommandHandler(Commands.RetractFactCheckCommand) export class RetractFactCheckHandler extends DeskCommandHandler<Commands.RetractFactCheckCommand> {}

export const CLAIM_COMMAND_HANDLERS = [
  SubmitClaimHandler,
  ReviseClaimDetailsHandler,
  AssignReviewersHandler,
  UnassignReviewerHandler,
  AddCitationHandler,
  ReviseCitationHandler,
  RetractCitationHandler,
  RecordVerdictHandler,
  ReviseVerdictHandler,
  WithdrawVerdictHandler,
  RejectClaimHandler,
  ReopenClaimHandler,
  PublishFactCheckHandler,
  CorrectFactCheckHandler,
  RetractFactCheckHandler,
];
