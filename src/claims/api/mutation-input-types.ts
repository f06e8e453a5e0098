import type { DeskMutation } from '../application/claim-commands';

/**
 * The GraphQL input type of each desk mutation, for clients that write mutations by name (the
 * case-file importer). Rejecting and reopening take the same input: a claim and a reason.
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
  rejectClaim: 'ClaimReasonInput',
  reopenClaim: 'ClaimReasonInput',
  publishFactCheck: 'PublishFactCheckInput',
  correctFactCheck: 'CorrectFactCheckInput',
  retractFactCheck: 'RetractFactCheckInput',
};
