import type { DeskMutation } from '../application/claim-commands';

/**
 * The GraphQL input type of each desk mutation, for clients that write mutations by name (the
 * case-file importer). Rejecting and reopening take the same input: a claim and a reason.
 *
 * Strings, not the input classes: a client needs the names as the schema prints them (`$input:
 * SubmitClaimInput!`), and the case-file importer runs outside the service without loading the
 * GraphQL decorators. Typed by DeskMutation, so a new command in DESK_COMMANDS does not compile
 * until its input's name is added here; the e2e import of the case files checks the names.
 */
export const MUTATION_INPUT_TYPES: Record<DeskMutation, string> = {
  submitClaim: 'SubmitClaimInput',
  reviseClaimDetails: 'ReviseClaimDetailsInput',
  assignReviewers: 'AssignReviewersInput',
  unassignReviewer: 'UnassignReviewerInput',
  addCitation: 'AddCitationInput',
  reviseCitation: 'ReviseCitationInput',
  retractCitation: 'RetractCitationInput',
  recordVerdict: 'RecordVerdictInput',
  reviseVerdict: 'ReviseVerdictInput',
  withdrawVerdict: 'WithdrawVerdictInput',
  confirmVerdict: 'ConfirmVerdictInput',
  rejectClaim: 'ClaimReasonInput',
  reopenClaim: 'ClaimReasonInput',
  publishFactCheck: 'PublishFactCheckInput',
  correctFactCheck: 'CorrectFactCheckInput',
  retractFactCheck: 'RetractFactCheckInput',
};
