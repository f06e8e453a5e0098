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

@InputType()
export class ClaimantInput {
  @TextField(LIMITS.name, { notBlank: 'claimant.name', line: true })
  name: string;

  @EnumField(ClaimantKindEnum)
  kind: ClaimantKind;
}

@InputType()
export class AppearanceInput {
  @UrlField()
  url: string;

  @TextField(LIMITS.name, { notBlank: true, line: true })
  outlet: string;

  @PastDateField()
  appearedAt: string;

  @BooleanField({ defaultValue: false, description: 'Exactly one appearance is the first.' })
  firstAppearance: boolean;
}

@InputType()
export class SubmitClaimInput extends MutationInput {
  @TextField(LIMITS.statement, { notBlank: true, description: `The statement as made (at most ${LIMITS.statement} characters).` })
  statement: string;

  @ObjectField(() => ClaimantInput)
  claimant: ClaimantInput;

  @PastDateField({ description: 'ISO date the claim was made; not in the future.' })
  claimDate: string;

  @ObjectListField(() => AppearanceInput, { maxItems: LIMITS.appearances, repeats: 'refuse', key: (a) => a.url, defaultValue: [] })
  appearances: AppearanceInput[];

  @LanguageField({ description: 'BCP 47 language tag, e.g. en, ru, az.' })
  language: string;

  // One rule for topics, on submit and revise alike: the revise copy had lost the not-blank check.
  @TextListField(LIMITS.topic, { maxItems: LIMITS.topics, repeats: 'refuse', notBlank: true, line: true, defaultValue: [] })
  topics: string[];
}

@InputType()
export class ReviseClaimDetailsInput extends IntersectionType(
  ClaimMutationInput,
  PartialType(PickType(SubmitClaimInput, ['statement', 'claimant', 'claimDate', 'appearances', 'language', 'topics'] as const), REVISION),
) {
  @ReasonField('Why the details change; kept in the history.')
  reason: string;
}

@InputType()
export class ReviewerInput {
  @IdField({ actor: true, notBlank: 'reviewer id' })
  id: string;

  @TextField(LIMITS.name, { nullable: true, line: true, description: 'Display name; defaults to the id.' })
  name?: string;
}

@InputType()
export class AssignReviewersInput extends ClaimMutationInput {
  @ObjectListField(() => ReviewerInput, { atLeastOne: '$property must name at least one reviewer', maxItems: LIMITS.reviewers, repeats: 'refuse', key: (r) => r.id })
  reviewers: ReviewerInput[];
}

@InputType()
export class UnassignReviewerInput extends ClaimMutationInput {
  @IdField({ actor: true })
  reviewerId: string;

  @ReasonField()
  reason: string;
}

@InputType()
export class AddCitationInput extends ClaimMutationInput {
  @UrlField()
  url: string;

  @TextField(LIMITS.title, { notBlank: true, line: true })
  title: string;

  @TextField(LIMITS.name, { notBlank: true, line: true })
  publisher: string;

  @PastDateField({ nullable: true, description: 'ISO date the source was published.' })
  publishedAt?: string;

  @TextField(LIMITS.excerpt, { notBlank: true, description: `Verbatim excerpt from the source (at most ${LIMITS.excerpt} characters).` })
  excerpt: string;

  @EnumField(CitationStanceEnum)
  stance: CitationStance;

  @TextField(LIMITS.note, { nullable: true })
  note?: string;

  @UrlField({ nullable: true, description: 'A snapshot of the source in a web archive.' })
  archivedUrl?: string;
}

const CITATION_FIELDS = ['url', 'title', 'publisher', 'publishedAt', 'excerpt', 'stance', 'note', 'archivedUrl'] as const;

@InputType()
export class ReviseCitationInput extends IntersectionType(ClaimMutationInput, PartialType(PickType(AddCitationInput, CITATION_FIELDS), REVISION)) {
  @IdField()
  citationId: string;

  @ReasonField()
  reason: string;
}

@InputType()
export class RetractCitationInput extends ClaimMutationInput {
  @IdField()
  citationId: string;

  @ReasonField()
  reason: string;
}

@InputType()
export class RecordVerdictInput extends ClaimMutationInput {
  @RatingField({ description: 'A key of the desk\'s rating scale (see the ratingScale query).' })
  rating: string;

  @TextField(LIMITS.rationale, { notBlank: true })
  rationale: string;

  @IdListField({
    atLeastOne: '$property must name at least one citation',
    maxItems: LIMITS.citationIds,
    repeats: 'refuse',
    description: 'The citations the verdict rests on: at least one, on this claim, not retracted.',
  })
  citationIds: string[];
}

@InputType()
export class ReviseVerdictInput extends IntersectionType(
  ClaimMutationInput,
  PartialType(PickType(RecordVerdictInput, ['rating', 'rationale', 'citationIds'] as const), REVISION),
) {
  @IdField()
  verdictId: string;

  @ReasonField()
  reason: string;
}

@InputType()
export class WithdrawVerdictInput extends ClaimMutationInput {
  @IdField()
  verdictId: string;

  @ReasonField()
  reason: string;
}

/** Confirming needs no reason: what changed is in the history, and the act says the reviewer looked again. */
@InputType()
export class ConfirmVerdictInput extends ClaimMutationInput {
  @IdField()
  verdictId: string;
}

/** Reject and reopen: a claim and a reason. */
@InputType()
export class ClaimReasonInput extends ClaimMutationInput {
  @ReasonField()
  reason: string;
}

@InputType()
export class PublishFactCheckInput extends ClaimMutationInput {
  @RatingField()
  rating: string;

  @TextField(LIMITS.summary, { notBlank: true })
  summary: string;

  @TextField(LIMITS.rationale, { nullable: true, description: 'Required when the rating differs from the reviewers\' consensus.' })
  justification?: string;
}

@InputType()
export class CorrectFactCheckInput extends ClaimMutationInput {
  @TextField(LIMITS.note, { notBlank: true, description: 'The public correction note.' })
  note: string;

  @RatingField({ nullable: true })
  newRating?: string;

  @TextField(LIMITS.summary, { nullable: true, notBlank: true })
  newSummary?: string;

  @IdListField({ nullable: true, maxItems: LIMITS.citationIds, repeats: 'refuse', description: 'Further citations the corrected fact-check rests on.' })
  addedCitationIds?: string[];

  @TextField(LIMITS.rationale, { nullable: true, description: 'Required when the new rating differs from a reviewer\'s standing verdict.' })
  justification?: string;
}

@InputType()
export class RetractFactCheckInput extends ClaimMutationInput {
  @TextField(LIMITS.note, { notBlank: true, description: 'The public retraction note.' })
  note: string;
}
