import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsEnum,
  IsInt,
  IsISO8601,
  IsString,
  IsUrl,
  Matches,
  MaxLength,
  Min,
  ValidateBy,
  ValidateNested,
} from 'class-validator';
import { applyDecorators } from '@nestjs/common';
import { latestLocalDate } from '../../shared/calendar';
import { Optional } from '../../graphql/optional';
import type { CitationStance, ClaimantKind } from '../domain/claim';
import { CitationStanceEnum, ClaimantKindEnum } from './claim.types';

/** Limits a newsroom can live with: long enough for real statements, short enough to keep the log sane. */
export const LIMITS = {
  statement: 4000,
  excerpt: 4000,
  rationale: 8000,
  summary: 4000,
  note: 4000,
  reason: 2000,
  name: 300,
  title: 500,
  url: 2048,
  id: 100,
  topic: 60,
  topics: 20,
  appearances: 50,
  citationIds: 50,
  reviewers: 20,
} as const;

/** Dates of things that already happened: a claim made, or published, tomorrow is a typo. */
function NotInFuture(): PropertyDecorator {
  return ValidateBy({
    name: 'notInFuture',
    validator: {
      validate: (value: unknown) => typeof value !== 'string' || Number.isNaN(Date.parse(value)) || value.slice(0, 10) <= latestLocalDate(new Date()),
      defaultMessage: () => '$property must not be in the future',
    },
  });
}

const NOT_BLANK = /\S/;

/** The `reason` every revision, retraction, rejection and reopening carries into the history. */
function ReasonField(description?: string): PropertyDecorator {
  return applyDecorators(Field(() => String, description ? { description } : {}), IsString(), MaxLength(LIMITS.reason), notBlank('reason'));
}
const notBlank = (field: string) => Matches(NOT_BLANK, { message: `${field} must not be blank` });
const httpUrl = () => IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false }, { message: '$property must be an http(s) URL' });
const isoDate = () => IsISO8601({ strict: true }, { message: '$property must be an ISO 8601 date, e.g. 2025-06-28' });
const pastDate = () => applyDecorators(isoDate(), NotInFuture());
const LANGUAGE = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;
const ID_PATTERN = /^[A-Za-z0-9_-]+$/;

/** Fields every mutation accepts: optimistic concurrency and idempotent retries. */
@InputType({ isAbstract: true })
abstract class MutationInput {
  @Field(() => Int, { nullable: true, description: 'The claim revision you saw; if it moved on, the mutation fails with CONFLICT.' })
  @Optional()
  @IsInt()
  @Min(-1)
  expectedRevision?: number;

  @Field({ nullable: true, description: 'Your id for this mutation; sending it again returns the first result and writes nothing.' })
  @Optional()
  @IsString()
  @MaxLength(LIMITS.id)
  @Matches(ID_PATTERN, { message: 'mutationId may contain letters, digits, "-" and "_" only' })
  mutationId?: string;
}

@InputType({ isAbstract: true })
abstract class ClaimMutationInput extends MutationInput {
  @Field(() => ID)
  @IsString()
  @MaxLength(LIMITS.id)
  @Matches(ID_PATTERN, { message: 'claimId may contain letters, digits, "-" and "_" only' })
  claimId: string;
}

@InputType()
export class ClaimantInput {
  @Field()
  @IsString()
  @MaxLength(LIMITS.name)
  @notBlank('claimant.name')
  name: string;

  @Field(() => ClaimantKindEnum)
  @IsEnum(ClaimantKindEnum)
  kind: ClaimantKind;
}

@InputType()
export class AppearanceInput {
  @Field()
  @IsString()
  @MaxLength(LIMITS.url)
  @httpUrl()
  url: string;

  @Field()
  @IsString()
  @MaxLength(LIMITS.name)
  @notBlank('outlet')
  outlet: string;

  @Field()
  @pastDate()
  appearedAt: string;

  @Field({ defaultValue: false, description: 'Exactly one appearance is the first.' })
  @IsBoolean()
  firstAppearance: boolean;
}

@InputType()
export class SubmitClaimInput extends MutationInput {
  @Field({ description: `The statement as made (at most ${LIMITS.statement} characters).` })
  @IsString()
  @MaxLength(LIMITS.statement)
  @notBlank('statement')
  statement: string;

  @Field(() => ClaimantInput)
  @ValidateNested()
  @Type(() => ClaimantInput)
  claimant: ClaimantInput;

  @Field({ description: 'ISO date the claim was made; not in the future.' })
  @pastDate()
  claimDate: string;

  @Field(() => [AppearanceInput], { defaultValue: [] })
  @IsArray()
  @ArrayMaxSize(LIMITS.appearances)
  @ValidateNested({ each: true })
  @Type(() => AppearanceInput)
  appearances: AppearanceInput[];

  @Field({ description: 'BCP 47 language tag, e.g. en, ru, az.' })
  @Matches(LANGUAGE, { message: 'language must be a language tag such as en, ru or pt-BR' })
  language: string;

  @Field(() => [String], { defaultValue: [] })
  @IsArray()
  @ArrayMaxSize(LIMITS.topics)
  @IsString({ each: true })
  @MaxLength(LIMITS.topic, { each: true })
  @Matches(NOT_BLANK, { each: true, message: 'topics must not be blank' })
  topics: string[];
}

@InputType()
export class ReviseClaimDetailsInput extends ClaimMutationInput {
  @Field({ nullable: true })
  @Optional()
  @IsString()
  @MaxLength(LIMITS.statement)
  @notBlank('statement')
  statement?: string;

  @Field(() => ClaimantInput, { nullable: true })
  @Optional()
  @ValidateNested()
  @Type(() => ClaimantInput)
  claimant?: ClaimantInput;

  @Field({ nullable: true })
  @Optional()
  @pastDate()
  claimDate?: string;

  @Field(() => [AppearanceInput], { nullable: true })
  @Optional()
  @IsArray()
  @ArrayMaxSize(LIMITS.appearances)
  @ValidateNested({ each: true })
  @Type(() => AppearanceInput)
  appearances?: AppearanceInput[];

  @Field({ nullable: true })
  @Optional()
  @Matches(LANGUAGE, { message: 'language must be a language tag such as en, ru or pt-BR' })
  language?: string;

  @Field(() => [String], { nullable: true })
  @Optional()
  @IsArray()
  @ArrayMaxSize(LIMITS.topics)
  @IsString({ each: true })
  @MaxLength(LIMITS.topic, { each: true })
  topics?: string[];

  @ReasonField('Why the details change; kept in the history.')
  reason: string;
}

@InputType()
export class ReviewerInput {
  @Field(() => ID)
  @IsString()
  @MaxLength(LIMITS.id)
  @notBlank('reviewer id')
  id: string;

  @Field({ nullable: true, description: 'Display name; defaults to the id.' })
  @Optional()
  @IsString()
  @MaxLength(LIMITS.name)
  name?: string;
}

@InputType()
export class AssignReviewersInput extends ClaimMutationInput {
  @Field(() => [ReviewerInput])
  @IsArray()
  @ArrayMinSize(1, { message: 'reviewers must name at least one reviewer' })
  @ArrayMaxSize(LIMITS.reviewers)
  @ValidateNested({ each: true })
  @Type(() => ReviewerInput)
  reviewers: ReviewerInput[];
}

@InputType()
export class UnassignReviewerInput extends ClaimMutationInput {
  @Field(() => ID)
  @IsString()
  @MaxLength(LIMITS.id)
  reviewerId: string;

  @ReasonField()
  reason: string;
}

@InputType()
export class AddCitationInput extends ClaimMutationInput {
  @Field()
  @IsString()
  @MaxLength(LIMITS.url)
  @httpUrl()
  url: string;

  @Field()
  @IsString()
  @MaxLength(LIMITS.title)
  @notBlank('title')
  title: string;

  @Field()
  @IsString()
  @MaxLength(LIMITS.name)
  @notBlank('publisher')
  publisher: string;

  @Field({ nullable: true, description: 'ISO date the source was published.' })
  @Optional()
  @pastDate()
  publishedAt?: string;

  @Field({ description: `Verbatim excerpt from the source (at most ${LIMITS.excerpt} characters).` })
  @IsString()
  @MaxLength(LIMITS.excerpt)
  @notBlank('excerpt')
  excerpt: string;

  @Field(() => CitationStanceEnum)
  @IsEnum(CitationStanceEnum)
  stance: CitationStance;

  @Field({ nullable: true })
  @Optional()
  @IsString()
  @MaxLength(LIMITS.note)
  note?: string;

  @Field({ nullable: true, description: 'A snapshot of the source in a web archive.' })
  @Optional()
  @IsString()
  @MaxLength(LIMITS.url)
  @httpUrl()
  archivedUrl?: string;
}

@InputType()
export class ReviseCitationInput extends ClaimMutationInput {
  @Field(() => ID)
  @IsString()
  @MaxLength(LIMITS.id)
  citationId: string;

  @Field({ nullable: true })
  @Optional()
  @IsString()
  @MaxLength(LIMITS.url)
  @httpUrl()
  url?: string;

  @Field({ nullable: true })
  @Optional()
  @IsString()
  @MaxLength(LIMITS.title)
  @notBlank('title')
  title?: string;

  @Field({ nullable: true })
  @Optional()
  @IsString()
  @MaxLength(LIMITS.name)
  @notBlank('publisher')
  publisher?: string;

  @Field({ nullable: true })
  @Optional()
  @pastDate()
  publishedAt?: string;

  @Field({ nullable: true })
  @Optional()
  @IsString()
  @MaxLength(LIMITS.excerpt)
  @notBlank('excerpt')
  excerpt?: string;

  @Field(() => CitationStanceEnum, { nullable: true })
  @Optional()
  @IsEnum(CitationStanceEnum)
  stance?: CitationStance;

  @Field({ nullable: true })
  @Optional()
  @IsString()
  @MaxLength(LIMITS.note)
  note?: string;

  @Field({ nullable: true, description: 'A snapshot of the source in a web archive.' })
  @Optional()
  @IsString()
  @MaxLength(LIMITS.url)
  @httpUrl()
  archivedUrl?: string;

  @ReasonField()
  reason: string;
}

@InputType()
export class RetractCitationInput extends ClaimMutationInput {
  @Field(() => ID)
  @IsString()
  @MaxLength(LIMITS.id)
  citationId: string;

  @ReasonField()
  reason: string;
}

@InputType()
export class RecordVerdictInput extends ClaimMutationInput {
  @Field({ description: 'A key of the desk\'s rating scale (see the ratingScale query).' })
  @IsString()
  @MaxLength(40)
  rating: string;

  @Field()
  @IsString()
  @MaxLength(LIMITS.rationale)
  @notBlank('rationale')
  rationale: string;

  @Field(() => [ID], { description: 'The citations the verdict rests on: at least one, on this claim, not retracted.' })
  @IsArray()
  @ArrayMinSize(1, { message: 'citationIds must name at least one citation' })
  @ArrayMaxSize(LIMITS.citationIds)
  @IsString({ each: true })
  @MaxLength(LIMITS.id, { each: true })
  citationIds: string[];
}

@InputType()
export class ReviseVerdictInput extends ClaimMutationInput {
  @Field(() => ID)
  @IsString()
  @MaxLength(LIMITS.id)
  verdictId: string;

  @Field({ nullable: true })
  @Optional()
  @IsString()
  @MaxLength(40)
  rating?: string;

  @Field({ nullable: true })
  @Optional()
  @IsString()
  @MaxLength(LIMITS.rationale)
  @notBlank('rationale')
  rationale?: string;

  @Field(() => [ID], { nullable: true })
  @Optional()
  @IsArray()
  @ArrayMinSize(1, { message: 'citationIds must name at least one citation' })
  @ArrayMaxSize(LIMITS.citationIds)
  @IsString({ each: true })
  @MaxLength(LIMITS.id, { each: true })
  citationIds?: string[];

  @ReasonField()
  reason: string;
}

@InputType()
export class WithdrawVerdictInput extends ClaimMutationInput {
  @Field(() => ID)
  @IsString()
  @MaxLength(LIMITS.id)
  verdictId: string;

  @ReasonField()
  reason: string;
}

/** Reject and reopen: a claim and a reason. */
@InputType()
export class ClaimReasonInput extends ClaimMutationInput {
  @ReasonField()
  reason: string;
}

@InputType()
export class PublishFactCheckInput extends ClaimMutationInput {
  @Field()
  @IsString()
  @MaxLength(40)
  rating: string;

  @Field()
  @IsString()
  @MaxLength(LIMITS.summary)
  @notBlank('summary')
  summary: string;

  @Field({ nullable: true, description: 'Required when the rating differs from the reviewers\' consensus.' })
  @Optional()
  @IsString()
  @MaxLength(LIMITS.rationale)
  justification?: string;
}

@InputType()
export class CorrectFactCheckInput extends ClaimMutationInput {
  @Field({ description: 'The public correction note.' })
  @IsString()
  @MaxLength(LIMITS.note)
  @notBlank('note')
  note: string;

  @Field({ nullable: true })
  @Optional()
  @IsString()
  @MaxLength(40)
  newRating?: string;

  @Field({ nullable: true })
  @Optional()
  @IsString()
  @MaxLength(LIMITS.summary)
  @notBlank('newSummary')
  newSummary?: string;

  @Field(() => [ID], { nullable: true, description: 'Further citations the corrected fact-check rests on.' })
  @Optional()
  @IsArray()
  @ArrayMaxSize(LIMITS.citationIds)
  @IsString({ each: true })
  addedCitationIds?: string[];
}

@InputType()
export class RetractFactCheckInput extends ClaimMutationInput {
  @Field({ description: 'The public retraction note.' })
  @IsString()
  @MaxLength(LIMITS.note)
  @notBlank('note')
  note: string;
}
