import { Command } from '@nestjs/cqrs';
import type { Actor } from '../../shared/actor';
import type {
  AddCitation,
  AssignReviewers,
  ClaimCommand,
  ConfirmVerdict,
  CorrectFactCheck,
  PublishFactCheck,
  RecordVerdict,
  RejectClaim,
  ReopenClaim,
  RetractCitation,
  RetractFactCheck,
  ReviseCitation,
  ReviseClaimDetails,
  ReviseVerdict,
  SubmitClaim,
  UnassignReviewer,
  WithdrawVerdict,
} from '../domain/commands';
import type { Appearance, CitationDetails, ClaimDetails } from '../domain/claim';

/** Who sent a command and how: what the request knows besides the command's own fields. */
export interface CommandRequest {
  actor: Actor;
  /** Ties together every event one request causes. */
  correlationId: string;
  /** The client's id for this act: a retry with the same id returns the first result and writes nothing. */
  mutationId?: string;
  /** The revision the client saw: when the claim has moved on, CONFLICT instead of deciding again. */
  expectedRevision?: number;
}

/** Where a command landed. */
export interface CommandOutcome {
  claimId: string;
  /** The claim's revision after the command: pass it as `expectedRevision` next time. */
  revision: number;
  /** Global position of the last appended event (what read models must reach to reflect it). */
  position: number;
  /** True when this was a retry of a mutation already carried out. */
  replayed: boolean;
  /** The id of what the command created (claim, citation or verdict), if it creates one. */
  createdId?: string;
}

/** What a command may create; its id is chosen by the command path (from the mutationId when there is one). */
export type CreatedKind = 'claim' | 'citation' | 'verdict';

/**
 * One use case of the desk. Its fields are what the client sent, as plain data (a GraphQL input or a
 * case-file step); `toDomain` is the one mapping from them to the domain's command, used by the
 * command path and by the case-file planner alike.
 */
export abstract class DeskCommand<Input, Domain extends ClaimCommand> extends Command<CommandOutcome> {
  /** The kind of thing this command creates, whose new id `toDomain` receives. */
  readonly creates?: CreatedKind;
  constructor(
    readonly input: Input,
    readonly request: CommandRequest,
  ) {
    super();
  }
  /** The claim the command is about, before any new id is known (undefined for a submission). */
  abstract get claimId(): string | undefined;
  abstract toDomain(newId: string): Domain;
}

type Fields<C extends ClaimCommand, Generated extends string = never> = Omit<C, 'type' | Generated>;

/** Commands on an existing claim: the claim id comes with the input. */
abstract class ClaimScoped<Input extends { claimId: string }, Domain extends ClaimCommand> extends DeskCommand<Input, Domain> {
  get claimId(): string {
    return this.input.claimId;
  }
}

/** Drops undefined fields (GraphQL leaves absent optionals out; a revision changes only what is given). */
function defined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
const copyAppearances = (appearances: Appearance[]) => appearances.map((a) => ({ ...a }));

type SubmitClaimFields = Fields<SubmitClaim, 'claimId'>;
export class SubmitClaimCommand extends DeskCommand<SubmitClaimFields, SubmitClaim> {
  override readonly creates = 'claim';
  get claimId(): undefined {
    return undefined;
  }
  toDomain(claimId: string): SubmitClaim {
    const { statement, claimant, claimDate, appearances, language, topics } = this.input;
    return { type: 'SubmitClaim', claimId, statement, claimant: { ...claimant }, claimDate, appearances: copyAppearances(appearances), language, topics };
  }
}

type ReviseClaimDetailsFields = { claimId: string; reason: string } & Partial<ClaimDetails>;
export class ReviseClaimDetailsCommand extends ClaimScoped<ReviseClaimDetailsFields, ReviseClaimDetails> {
  toDomain(): ReviseClaimDetails {
    const { claimId, reason, statement, claimant, claimDate, appearances, language, topics } = this.input;
    const changes = defined({ statement, claimant: claimant && { ...claimant }, claimDate, appearances: appearances && copyAppearances(appearances), language, topics });
    return { type: 'ReviseClaimDetails', claimId, reason, changes };
  }
}

type AssignReviewersFields = { claimId: string; reviewers: { id: string; name?: string | null }[] };
export class AssignReviewersCommand extends ClaimScoped<AssignReviewersFields, AssignReviewers> {
  toDomain(): AssignReviewers {
    // A reviewer named by id only is shown by that id until their token tells their name.
    const reviewers = this.input.reviewers.map((r) => ({ id: r.id, name: r.name?.trim() || r.id }));
    return { type: 'AssignReviewers', claimId: this.input.claimId, reviewers };
  }
}

export class UnassignReviewerCommand extends ClaimScoped<Fields<UnassignReviewer>, UnassignReviewer> {
  toDomain(): UnassignReviewer {
    const { claimId, reviewerId, reason } = this.input;
    return { type: 'UnassignReviewer', claimId, reviewerId, reason };
  }
}

type Nullable<T, K extends keyof T> = Omit<T, K> & { [P in K]?: T[P] | null };
type AddCitationFields = { claimId: string } & Nullable<CitationDetails, 'publishedAt' | 'note' | 'archivedUrl'>;
export class AddCitationCommand extends ClaimScoped<AddCitationFields, AddCitation> {
  override readonly creates = 'citation';
  toDomain(citationId: string): AddCitation {
    const { claimId, url, title, publisher, excerpt, stance } = this.input;
    const { publishedAt, note, archivedUrl } = this.input;
    return { type: 'AddCitation', claimId, citationId, url, title, publisher, excerpt, stance, publishedAt: publishedAt ?? null, note: note ?? null, archivedUrl: archivedUrl ?? null };
  }
}

type ReviseCitationFields = { claimId: string; citationId: string; reason: string } & Partial<CitationDetails>;
export class ReviseCitationCommand extends ClaimScoped<ReviseCitationFields, ReviseCitation> {
  toDomain(): ReviseCitation {
    const { claimId, citationId, reason, url, title, publisher, publishedAt, excerpt, stance, note, archivedUrl } = this.input;
    return { type: 'ReviseCitation', claimId, citationId, reason, changes: defined({ url, title, publisher, publishedAt, excerpt, stance, note, archivedUrl }) };
  }
}

export class RetractCitationCommand extends ClaimScoped<Fields<RetractCitation>, RetractCitation> {
  toDomain(): RetractCitation {
    const { claimId, citationId, reason } = this.input;
    return { type: 'RetractCitation', claimId, citationId, reason };
  }
}

export class RecordVerdictCommand extends ClaimScoped<Fields<RecordVerdict, 'verdictId'>, RecordVerdict> {
  override readonly creates = 'verdict';
  toDomain(verdictId: string): RecordVerdict {
    const { claimId, rating, rationale, citationIds } = this.input;
    return { type: 'RecordVerdict', claimId, verdictId, rating, rationale, citationIds: [...citationIds] };
  }
}

export class ReviseVerdictCommand extends ClaimScoped<Fields<ReviseVerdict>, ReviseVerdict> {
  toDomain(): ReviseVerdict {
    const { claimId, verdictId, reason, rating, rationale, citationIds } = this.input;
    return { type: 'ReviseVerdict', claimId, verdictId, reason, rating, rationale, citationIds: citationIds && [...citationIds] };
  }
}

export class WithdrawVerdictCommand extends ClaimScoped<Fields<WithdrawVerdict>, WithdrawVerdict> {
  toDomain(): WithdrawVerdict {
    const { claimId, verdictId, reason } = this.input;
    return { type: 'WithdrawVerdict', claimId, verdictId, reason };
  }
}

export class ConfirmVerdictCommand extends ClaimScoped<Fields<ConfirmVerdict>, ConfirmVerdict> {
  toDomain(): ConfirmVerdict {
    return { type: 'ConfirmVerdict', claimId: this.input.claimId, verdictId: this.input.verdictId };
  }
}

export class RejectClaimCommand extends ClaimScoped<Fields<RejectClaim>, RejectClaim> {
  toDomain(): RejectClaim {
    return { type: 'RejectClaim', claimId: this.input.claimId, reason: this.input.reason };
  }
}

export class ReopenClaimCommand extends ClaimScoped<Fields<ReopenClaim>, ReopenClaim> {
  toDomain(): ReopenClaim {
    return { type: 'ReopenClaim', claimId: this.input.claimId, reason: this.input.reason };
  }
}

export class PublishFactCheckCommand extends ClaimScoped<Fields<PublishFactCheck>, PublishFactCheck> {
  toDomain(): PublishFactCheck {
    const { claimId, rating, summary, justification } = this.input;
    return { type: 'PublishFactCheck', claimId, rating, summary, justification };
  }
}

export class CorrectFactCheckCommand extends ClaimScoped<Fields<CorrectFactCheck>, CorrectFactCheck> {
  toDomain(): CorrectFactCheck {
    const { claimId, note, newRating, newSummary, addedCitationIds, justification } = this.input;
    return { type: 'CorrectFactCheck', claimId, note, newRating, newSummary, addedCitationIds: addedCitationIds && [...addedCitationIds], justification };
  }
}

export class RetractFactCheckCommand extends ClaimScoped<Fields<RetractFactCheck>, RetractFactCheck> {
  toDomain(): RetractFactCheck {
    return { type: 'RetractFactCheck', claimId: this.input.claimId, note: this.input.note };
  }
}

/** Every use case of the desk by the GraphQL mutation that carries it (the case-file planner names steps so). */
export const DESK_COMMANDS = {
  submitClaim: SubmitClaimCommand,
  reviseClaimDetails: ReviseClaimDetailsCommand,
  assignReviewers: AssignReviewersCommand,
  unassignReviewer: UnassignReviewerCommand,
  addCitation: AddCitationCommand,
  reviseCitation: ReviseCitationCommand,
  retractCitation: RetractCitationCommand,
  recordVerdict: RecordVerdictCommand,
  reviseVerdict: ReviseVerdictCommand,
  withdrawVerdict: WithdrawVerdictCommand,
  confirmVerdict: ConfirmVerdictCommand,
  rejectClaim: RejectClaimCommand,
  reopenClaim: ReopenClaimCommand,
  publishFactCheck: PublishFactCheckCommand,
  correctFactCheck: CorrectFactCheckCommand,
  retractFactCheck: RetractFactCheckCommand,
} as const;
export type DeskMutation = keyof typeof DESK_COMMANDS;
