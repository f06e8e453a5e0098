import { InputType, IntersectionType, PartialType, PickType } from '@nestjs/graphql';
import {
  BooleanField,
  EnumField,
  IdField,
  IdListField,
  IntField,
  LanguageField,
  ObjectField,
  ObjectListField,
  PastDateField,
  TextField,
  TextListField,
  UrlField,
} from '../../graphql/fields';
import type { CitationStance, ClaimantKind } from '../domain/claim';
import { ClaimIdField, LIMITS, MutationIdField, RatingField, ReasonField } from './claim.fields';
import { CitationStanceEnum, ClaimantKindEnum } from './claim.types';

export { LIMITS } from './claim.fields';

/**
 * A revise input takes the fields of its create input, each optional: left out means unchanged.
 * skipNullProperties: false keeps refusing `null` (Optional, not IsOptional); omitDefaultValues keeps
 * a left-out list from defaulting to [] and wiping what the claim has.
 */
const REVISION = { omitDefaultValues: true, skipNullProperties: false } as const;

/** Fields every mutation accepts: optimistic concurrency and idempotent retries. */
@InputType({ isAbstract: true })
class MutationInput {
  @IntField({ nullable: true, min: -1, description: 'The claim revision you saw; if it moved on, the mutation fails with CONFLICT.' })
  expectedRevision?: number;

  @MutationIdField('Your id for this mutation; sending it again returns the first result and writes nothing.')
  mutationId?: string;
}

@InputType({ isAbstract: true })
class ClaimMutationInput extends MutationInput {
  @ClaimIdField()
  claimId: string;
}

@InputType({ description: 'Who made the claim.' })
export class ClaimantInput {
  @TextField(LIMITS.name, { notBlank: 'claimant.name', line: true, description: 'Their name.' })
  name: string;

  @EnumField(ClaimantKindEnum, { description: 'A person or an organization.' })
  kind: ClaimantKind;
}

@InputType({ description: 'Where the claim was published or said.' })
export class AppearanceInput {
  @UrlField({ description: 'Where it can be seen (http or https).' })
  url: string;

  @TextField(LIMITS.name, { notBlank: true, line: true, description: 'The outlet, channel or event.' })
  outlet: string;

  @PastDateField({ kind: 'date-time', description: 'When it appeared there: a date-time with its offset, or a bare day; not in the future.' })
  appearedAt: string;

  @BooleanField({ defaultValue: false, description: 'Exactly one appearance is the first.' })
  firstAppearance: boolean;
}

@InputType({ description: 'A claim to bring to the desk.' })
export class SubmitClaimInput extends MutationInput {
  @TextField(LIMITS.statement, { notBlank: true, description: `The statement as made (at most ${LIMITS.statement} characters).` })
  statement: string;

  @ObjectField(() => ClaimantInput, { description: 'Who made it.' })
  claimant: ClaimantInput;

  @PastDateField({ kind: 'date', description: 'The calendar day the claim was made (YYYY-MM-DD); not in the future.' })
  claimDate: string;

  @ObjectListField(() => AppearanceInput, { maxItems: LIMITS.appearances, repeats: 'refuse', key: (a) => a.url, defaultValue: [], description: 'Where it appeared (distinct URLs).' })
  appearances: AppearanceInput[];

  @LanguageField({ description: 'BCP 47 language tag, e.g. en, ru, az.' })
  language: string;

  // One rule for topics, on submit and revise alike: the revise copy had lost the not-blank check.
  @TextListField(LIMITS.topic, { maxItems: LIMITS.topics, repeats: 'refuse', notBlank: true, line: true, defaultValue: [], description: 'Its topics (distinct).' })
  topics: string[];
}

@InputType({ description: 'New details of a claim: each field left out stays as it is.' })
export class ReviseClaimDetailsInput extends IntersectionType(
  ClaimMutationInput,
  PartialType(PickType(SubmitClaimInput, ['statement', 'claimant', 'claimDate', 'appearances', 'language', 'topics'] as const), REVISION),
) {
  @ReasonField('Why the details change; kept in the history.')
  reason: string;
}

@InputType({ description: 'A reviewer to assign.' })
export class ReviewerInput {
  @IdField({ actor: true, notBlank: 'reviewer id', description: 'Their id (the subject of their token).' })
  id: string;

  @TextField(LIMITS.name, { nullable: true, line: true, description: 'Display name; defaults to the id.' })
  name?: string;
}

@InputType({ description: 'Reviewers to assign to a claim.' })
export class AssignReviewersInput extends ClaimMutationInput {
  @ObjectListField(() => ReviewerInput, { atLeastOne: '$property must name at least one reviewer', maxItems: LIMITS.reviewers, repeats: 'refuse', key: (r) => r.id, description: 'At least one, each once.' })
  reviewers: ReviewerInput[];
}

@InputType({ description: 'A reviewer to take off a claim.' })
export class UnassignReviewerInput extends ClaimMutationInput {
  @IdField({ actor: true, description: 'The assigned reviewer\'s id.' })
  reviewerId: string;

  @ReasonField()
  reason: string;
}

@InputType({ description: 'A source to cite on a claim.' })
export class AddCitationInput extends ClaimMutationInput {
  @UrlField({ description: 'The source\'s URL (http or https).' })
  url: string;

  @TextField(LIMITS.title, { notBlank: true, line: true, description: 'The source\'s title.' })
  title: string;

  @TextField(LIMITS.name, { notBlank: true, line: true, description: 'Who published the source.' })
  publisher: string;

  @PastDateField({ kind: 'date-time', nullable: true, description: 'When the source was published: a date-time with its offset, or a bare day (YYYY-MM-DD) when only the day is known; not in the future.' })
  publishedAt?: string;

  @TextField(LIMITS.excerpt, { notBlank: true, description: `Verbatim excerpt from the source (at most ${LIMITS.excerpt} characters).` })
  excerpt: string;

  @EnumField(CitationStanceEnum, { description: 'What the source does for the claim.' })
  stance: CitationStance;

  @TextField(LIMITS.note, { nullable: true, description: 'The desk\'s note on the source.' })
  note?: string;

  @UrlField({ nullable: true, description: 'A snapshot of the source in a web archive.' })
  archivedUrl?: string;
}

const CITATION_FIELDS = ['url', 'title', 'publisher', 'publishedAt', 'excerpt', 'stance', 'note', 'archivedUrl'] as const;

@InputType({ description: 'New details of a citation: each field left out stays as it is.' })
export class ReviseCitationInput extends IntersectionType(ClaimMutationInput, PartialType(PickType(AddCitationInput, CITATION_FIELDS), REVISION)) {
  @IdField({ description: 'The citation\'s id.' })
  citationId: string;

  @ReasonField()
  reason: string;
}

@InputType({ description: 'A citation to retract.' })
export class RetractCitationInput extends ClaimMutationInput {
  @IdField({ description: 'The citation\'s id.' })
  citationId: string;

  @ReasonField()
  reason: string;
}

@InputType({ description: 'A reviewer\'s verdict on a claim.' })
export class RecordVerdictInput extends ClaimMutationInput {
  @RatingField({ description: 'A key of the desk\'s rating scale (see the ratingScale query).' })
  rating: string;

  @TextField(LIMITS.rationale, { notBlank: true, description: 'Why you rate it so.' })
  rationale: string;

  @IdListField({
    atLeastOne: '$property must name at least one citation',
    maxItems: LIMITS.citationIds,
    repeats: 'refuse',
    description: 'The citations the verdict rests on: at least one, on this claim, not retracted.',
  })
  citationIds: string[];
}

@InputType({ description: 'New details of your verdict: each field left out stays as it is.' })
export class ReviseVerdictInput extends IntersectionType(
  ClaimMutationInput,
  PartialType(PickType(RecordVerdictInput, ['rating', 'rationale', 'citationIds'] as const), REVISION),
) {
  @IdField({ description: 'The verdict\'s id.' })
  verdictId: string;

  @ReasonField()
  reason: string;
}

@InputType({ description: 'A verdict to withdraw.' })
export class WithdrawVerdictInput extends ClaimMutationInput {
  @IdField({ description: 'The verdict\'s id.' })
  verdictId: string;

  @ReasonField()
  reason: string;
}

/** Confirming needs no reason: what changed is in the history, and the act says the reviewer looked again. */
@InputType({ description: 'A stale verdict to confirm as it stands.' })
export class ConfirmVerdictInput extends ClaimMutationInput {
  @IdField({ description: 'The verdict\'s id.' })
  verdictId: string;
}

/** Reject and reopen: a claim and a reason. */
@InputType({ description: 'A claim and the reason for rejecting or reopening it.' })
export class ClaimReasonInput extends ClaimMutationInput {
  @ReasonField()
  reason: string;
}

@InputType({ description: 'The fact-check to publish.' })
export class PublishFactCheckInput extends ClaimMutationInput {
  @RatingField({ description: 'The rating to publish: a key of the desk\'s scale.' })
  rating: string;

  @TextField(LIMITS.summary, { notBlank: true, description: 'The fact-check\'s summary for readers.' })
  summary: string;

  @TextField(LIMITS.rationale, { nullable: true, description: 'Required when the rating differs from the reviewers\' consensus.' })
  justification?: string;
}

@InputType({ description: 'A public correction of a published fact-check.' })
export class CorrectFactCheckInput extends ClaimMutationInput {
  @TextField(LIMITS.note, { notBlank: true, description: 'The public correction note.' })
  note: string;

  @RatingField({ nullable: true, description: 'The corrected rating key; left out: unchanged.' })
  newRating?: string;

  @TextField(LIMITS.summary, { nullable: true, notBlank: true, description: 'The corrected summary; left out: unchanged.' })
  newSummary?: string;

  @IdListField({ nullable: true, maxItems: LIMITS.citationIds, repeats: 'refuse', description: 'Further citations the corrected fact-check rests on.' })
  addedCitationIds?: string[];

  @TextField(LIMITS.rationale, { nullable: true, description: 'Required when the new rating differs from a reviewer\'s standing verdict.' })
  justification?: string;
}

@InputType({ description: 'The retraction of a published fact-check.' })
export class RetractFactCheckInput extends ClaimMutationInput {
  @TextField(LIMITS.note, { notBlank: true, description: 'The public retraction note.' })
  note: string;
}
