import { Injectable } from '@nestjs/common';
import { CommandHandler } from '@nestjs/cqrs';
import type { ClaimCommand } from '../domain/commands';
import { ClaimCommandPipeline } from './claim-command-pipeline';
import {
  AddCitationCommand,
  AssignReviewersCommand,
  CommandOutcome,
  CorrectFactCheckCommand,
  DeskCommand,
  PublishFactCheckCommand,
  RecordVerdictCommand,
  RejectClaimCommand,
  ReopenClaimCommand,
  RetractCitationCommand,
  RetractFactCheckCommand,
  ReviseCitationCommand,
  ReviseClaimDetailsCommand,
  ReviseVerdictCommand,
  SubmitClaimCommand,
  UnassignReviewerCommand,
  WithdrawVerdictCommand,
} from './claim-commands';

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

@CommandHandler(SubmitClaimCommand) export class SubmitClaimHandler extends DeskCommandHandler<SubmitClaimCommand> {}
@CommandHandler(ReviseClaimDetailsCommand) export class ReviseClaimDetailsHandler extends DeskCommandHandler<ReviseClaimDetailsCommand> {}
@CommandHandler(AssignReviewersCommand) export class AssignReviewersHandler extends DeskCommandHandler<AssignReviewersCommand> {}
@CommandHandler(UnassignReviewerCommand) export class UnassignReviewerHandler extends DeskCommandHandler<UnassignReviewerCommand> {}
@CommandHandler(AddCitationCommand) export class AddCitationHandler extends DeskCommandHandler<AddCitationCommand> {}
@CommandHandler(ReviseCitationCommand) export class ReviseCitationHandler extends DeskCommandHandler<ReviseCitationCommand> {}
@CommandHandler(RetractCitationCommand) export class RetractCitationHandler extends DeskCommandHandler<RetractCitationCommand> {}
@CommandHandler(RecordVerdictCommand) export class RecordVerdictHandler extends DeskCommandHandler<RecordVerdictCommand> {}
@CommandHandler(ReviseVerdictCommand) export class ReviseVerdictHandler extends DeskCommandHandler<ReviseVerdictCommand> {}
@CommandHandler(WithdrawVerdictCommand) export class WithdrawVerdictHandler extends DeskCommandHandler<WithdrawVerdictCommand> {}
@CommandHandler(RejectClaimCommand) export class RejectClaimHandler extends DeskCommandHandler<RejectClaimCommand> {}
@CommandHandler(ReopenClaimCommand) export class ReopenClaimHandler extends DeskCommandHandler<ReopenClaimCommand> {}
@CommandHandler(PublishFactCheckCommand) export class PublishFactCheckHandler extends DeskCommandHandler<PublishFactCheckCommand> {}
@CommandHandler(CorrectFactCheckCommand) export class CorrectFactCheckHandler extends DeskCommandHandler<CorrectFactCheckCommand> {}
@CommandHandler(RetractFactCheckCommand) export class RetractFactCheckHandler extends DeskCommandHandler<RetractFactCheckCommand> {}

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
