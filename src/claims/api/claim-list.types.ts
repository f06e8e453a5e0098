import { Optional } from '../../graphql/optional';
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';

import { ArrayMaxSize, IsArray, IsBoolean, IsEnum, IsISO8601, IsString, MaxLength } from 'class-validator';
import type { ClaimStatus } from '../domain/claim';
import { Claim, ClaimStatusEnum } from './claim.types';
import type { ClaimSort } from '../read-model/claims.read-model';

export const ClaimSortEnum: Record<ClaimSort, ClaimSort> = {
  NEWEST: 'NEWEST',
  OLDEST: 'OLDEST',
  RECENTLY_UPDATED: 'RECENTLY_UPDATED',
  RECENTLY_PUBLISHED: 'RECENTLY_PUBLISHED',
  RELEVANCE: 'RELEVANCE',
};
registerEnumType(ClaimSortEnum, { name: 'ClaimSort', description: 'NEWEST (default), OLDEST, RECENTLY_UPDATED, RECENTLY_PUBLISHED (published claims only), or RELEVANCE (default with a search).' });

const isoDate = () => IsISO8601({ strict: true }, { message: '$property must be an ISO 8601 date or date-time' });

@InputType({ description: 'Every field narrows the list; leave it out to not filter on it.' })
export class ClaimFilterInput {
  @Field(() => [ClaimStatusEnum], { nullable: true })
  @Optional()
  @IsArray()
  @IsEnum(ClaimStatusEnum, { each: true })
  status?: ClaimStatus[];

  @Field(() => [String], { nullable: true, description: 'Published rating keys.' })
  @Optional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(40, { each: true })
  rating?: string[];

  @Field({ nullable: true, description: 'A topic, case-insensitive.' })
  @Optional()
  @IsString()
  @MaxLength(60)
  topic?: string;

  @Field({ nullable: true, description: 'The claimant\'s name, case-insensitive.' })
  @Optional()
  @IsString()
  @MaxLength(300)
  claimant?: string;

  @Field(() => ID, { nullable: true })
  @Optional()
  @IsString()
  @MaxLength(100)
  assigneeId?: string;

  @Field(() => ID, { nullable: true, description: 'Claims in review assigned to this reviewer that still await their verdict.' })
  @Optional()
  @IsString()
  @MaxLength(100)
  awaitingVerdictFrom?: string;

  @Field(() => ID, { nullable: true })
  @Optional()
  @IsString()
  @MaxLength(100)
  submittedBy?: string;

  @Field({ nullable: true })
  @Optional()
  @IsString()
  @MaxLength(20)
  language?: string;

  @Field({ nullable: true, description: 'Only published (true) or only never published (false).' })
  @Optional()
  @IsBoolean()
  published?: boolean;

  @Field({ nullable: true }) @Optional() @isoDate() claimDateFrom?: string;
  @Field({ nullable: true }) @Optional() @isoDate() claimDateTo?: string;
  @Field({ nullable: true }) @Optional() @isoDate() submittedFrom?: string;
  @Field({ nullable: true }) @Optional() @isoDate() submittedTo?: string;
  @Field({ nullable: true }) @Optional() @isoDate() publishedFrom?: string;
  @Field({ nullable: true }) @Optional() @isoDate() publishedTo?: string;

  @Field({ nullable: true, description: 'Full-text search over statements, claimants and citation titles and excerpts.' })
  @Optional()
  @IsString()
  @MaxLength(500)
  search?: string;
}

@InputType({ description: 'Narrows the desk-wide feed of changes.' })
export class DeskFeedFilterInput {
  @Field(() => [ClaimStatusEnum], { nullable: true, description: 'Only claims that are in one of these statuses after the change.' })
  @Optional()
  @IsArray()
  @IsEnum(ClaimStatusEnum, { each: true })
  status?: ClaimStatus[];

  @Field(() => ID, { nullable: true, description: 'Only claims assigned to this reviewer.' })
  @Optional()
  @IsString()
  assigneeId?: string;
}

@ObjectType()
export class PageInfo {
  @Field() hasNextPage: boolean;
  @Field() hasPreviousPage: boolean;
  @Field(() => String, { nullable: true }) startCursor: string | null;
  @Field(() => String, { nullable: true }) endCursor: string | null;
}

@ObjectType()
export class ClaimEdge {
  @Field() cursor: string;
  @Field(() => Claim) node: Claim;
}

@ObjectType({ description: 'A page of claims (Relay connection).' })
export class ClaimConnection {
  @Field(() => [ClaimEdge]) edges: ClaimEdge[];
  @Field(() => PageInfo) pageInfo: PageInfo;
  @Field(() => Int, { description: 'How many claims match the filter in all.' }) totalCount: number;
}

@ObjectType({ description: 'How many claims are in each status.' })
export class DeskCounts {
  @Field(() => Int) draft: number;
  @Field(() => Int) inReview: number;
  @Field(() => Int) published: number;
  @Field(() => Int) rejected: number;
  @Field(() => Int) retracted: number;
  @Field(() => Int) total: number;
}

@ObjectType({ description: 'A change to a claim, pushed once the read models include it.' })
export class ClaimChange {
  @Field(() => ID) claimId: string;
  @Field(() => ClaimStatusEnum) status: ClaimStatus;
  @Field(() => Int) revision: number;
  @Field({ description: 'Global position of the last event of the change.' }) position: number;
  @Field(() => [String], { description: 'The events that made the change, in order.' }) eventTypes: string[];
  @Field(() => Claim) claim: Claim;
}

@ObjectType({ description: 'What a rebuild of the read models did.' })
export class RebuildReportModel {
  @Field() file: string;
  @Field(() => Int) eventsApplied: number;
  @Field(() => Int) durationMs: number;
  @Field() reason: string;
}

