import { Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ISO_DATE_OR_DATE_TIME_RULE } from '../../shared/instant';
import { DateScalar, DateTimeScalar } from '../../graphql/scalars';
import { BooleanField, DateTimeFilterField, EnumListField, IdField, TextField, TextListField } from '../../graphql/fields';
import { Connection } from '../../graphql/connection';
import type { ClaimStatus } from '../domain/claim';
import { Claim, Claimant, ClaimOriginEnum, ClaimStatusEnum, Person } from './claim.types';
import { LIMITS } from './claim.fields';
import type { ClaimOrigin, ClaimSort } from '../read-model/claims.read-model';

export const ClaimSortEnum: Record<ClaimSort, ClaimSort> = {
  NEWEST: 'NEWEST',
  OLDEST: 'OLDEST',
  RECENTLY_UPDATED: 'RECENTLY_UPDATED',
  RECENTLY_PUBLISHED: 'RECENTLY_PUBLISHED',
  RELEVANCE: 'RELEVANCE',
};
registerEnumType(ClaimSortEnum, {
  name: 'ClaimSort',
  description: 'NEWEST (default), OLDEST, RECENTLY_UPDATED, RECENTLY_PUBLISHED (claims that were published), or RELEVANCE (default with a search).',
  valuesMap: {
    NEWEST: { description: 'Latest recorded by this service first: the order claims arrived (for claims imported from a case file, the order of the import, whatever their acts\' times; select those by submittedFrom / submittedTo).' },
    OLDEST: { description: 'Earliest recorded by this service first (see NEWEST).' },
    RECENTLY_UPDATED: { description: 'Latest changed first.' },
    RECENTLY_PUBLISHED: { description: 'Latest published first; only claims that were published, retracted ones included (a retraction does not undo that they were published; filter by status to leave them out).' },
    RELEVANCE: { description: 'Best match of the search first (needs filter.search).' },
  },
});

/** A bound of a range of dates in the claims filter: a bare date or a date-time. */
/** A status list longer than the number of statuses repeats one: refused (then de-duplicated). */
const CLAIM_STATUS_COUNT = Object.keys(ClaimStatusEnum).length;

const DateBound = (description: string, kind: 'date' | 'date-time' = 'date-time') =>
  DateTimeFilterField({ nullable: true, kind, description, message: `$property must be an ISO 8601 date or date-time: ${ISO_DATE_OR_DATE_TIME_RULE}` });

@InputType({ description: 'Every field narrows the list; leave it out to not filter on it.' })
export class ClaimFilterInput {
  @EnumListField(ClaimStatusEnum, { nullable: true, maxItems: CLAIM_STATUS_COUNT, repeats: 'dedupe', description: 'Claims in any of these statuses.' })
  status?: ClaimStatus[];

  @TextListField(LIMITS.rating, { nullable: true, maxItems: 20, repeats: 'dedupe', line: true, description: 'Published rating keys.' })
  rating?: string[];

  @TextField(LIMITS.topic, { nullable: true, line: true, description: 'A topic, case-insensitive.' })
  topic?: string;

  @TextField(LIMITS.name, { nullable: true, line: true, description: 'The claimant\'s name, folded as search is (case, İ/ı, diacritics, ё, ə, Arabic forms do not matter).' })
  claimant?: string;

  @IdField({ nullable: true, actor: true, description: 'Claims this reviewer is assigned to.' })
  assigneeId?: string;

  @IdField({ nullable: true, actor: true, description: 'Claims in review assigned to this reviewer that still await their verdict.' })
  awaitingVerdictFrom?: string;

  @IdField({ nullable: true, actor: true, description: 'Claims this person submitted.' })
  submittedBy?: string;

  // Not a LanguageField: a filter matches what is stored, it does not judge the tag.
  @TextField(20, { nullable: true, line: true, description: 'Claims in this language: a BCP 47 tag or prefix, case-insensitive (az matches az, az-Latn and az-AZ; az-Latn matches az-Latn-AZ, not az-Cyrl).' })
  language?: string;

  @BooleanField({ nullable: true, description: 'Only published (true) or only never published (false).' })
  published?: boolean;

  @DateBound('Claims made on this day or later.', 'date') claimDateFrom?: string;
  @DateBound('Claims made on this day or earlier.', 'date') claimDateTo?: string;
  @DateBound('Claims submitted at or after this instant (a bare day: from its start, UTC).') submittedFrom?: string;
  @DateBound('Claims submitted at or before this instant (a bare day: to its end, UTC).') submittedTo?: string;
  @DateBound('Claims last published at or after this instant (a bare day: from its start, UTC).') publishedFrom?: string;
  @DateBound('Claims last published at or before this instant (a bare day: to its end, UTC).') publishedTo?: string;

  @TextField(500, { nullable: true, description: 'Full-text search over statements, claimants, citation titles and excerpts, published summaries and rationales (the desk: its own unpublished text too); every word as a prefix, folded alike in every language.' })
  search?: string;

  @Field(() => ClaimOriginEnum, {
    nullable: true,
    description: "DESK: the desk's own claims only; EXTERNAL: other fact-checkers' imported fact-checks only; absent: both (each marked by Claim.origin), so a search finds what others concluded beside the desk's own work.",
  })
  origin?: ClaimOrigin;
}

@InputType({ description: 'Narrows the desk-wide feed of changes.' })
export class DeskFeedFilterInput {
  @EnumListField(ClaimStatusEnum, { nullable: true, maxItems: CLAIM_STATUS_COUNT, repeats: 'dedupe', description: 'Only claims that are in one of these statuses after the change.' })
  status?: ClaimStatus[];

  // A person's id, as everywhere else: an id no token can carry would match nothing anyway.
  @IdField({ nullable: true, actor: true, description: 'Only claims assigned to this reviewer.' })
  assigneeId?: string;
}

@ObjectType({ description: 'A page of claims (Relay connection).' })
export class ClaimConnection extends Connection(Claim, 'ClaimEdge') {
  @Field(() => Int, { description: 'How many claims match the filter in all.' }) totalCount: number;
}

@ObjectType({ description: 'How many claims are in each status.' })
export class DeskCounts {
  @Field(() => Int, { description: 'Claims in DRAFT.' }) draft: number;
  @Field(() => Int, { description: 'Claims IN_REVIEW.' }) inReview: number;
  @Field(() => Int, { description: 'Claims PUBLISHED.' }) published: number;
  @Field(() => Int, { description: 'Claims REJECTED.' }) rejected: number;
  @Field(() => Int, { description: 'Claims RETRACTED.' }) retracted: number;
  @Field(() => Int, { description: 'All claims.' }) total: number;
}

@ObjectType({
  description:
    'What a live update tells of a claim: its headline and counts, bounded in size however big the claim grows. Query claim(id) for its evidence, verdicts and corrections.',
})
export class ClaimSummary {
  @Field(() => ID, { description: 'The claim\'s id.' }) id: string;
  @Field(() => Int, { description: 'Revision of the claim\'s stream.' }) revision: number;
  @Field(() => ClaimStatusEnum, { description: 'Where it is in the workflow.' }) status: ClaimStatus;
  @Field({ description: 'The statement as made.' }) statement: string;
  @Field(() => Claimant, { description: 'Who made it.' }) claimant: Claimant;
  @Field(() => DateScalar, { description: 'The calendar day the claim was made (YYYY-MM-DD).' }) claimDate: string;
  @Field({ description: 'Its language, a BCP 47 tag.' }) language: string;
  @Field(() => [String], { description: 'Its topics.' }) topics: string[];
  @Field(() => Person, { description: 'Who submitted it.' }) submittedBy: Person;
  @Field(() => DateTimeScalar, { description: 'When anything on it last changed.' }) updatedAt: string;
  @Field(() => [Person], { description: 'The reviewers assigned to it.' }) assignees: Person[];
  @Field(() => Int, { description: 'Citations the caller of claim(id) could see as a reader, retracted ones included: evidence added after publication counts once a correction publishes it.' }) citationCount: number;
  @Field(() => Int, { description: 'Its verdicts, withdrawn ones included.' }) verdictCount: number;
  @Field(() => Int, { description: 'Corrections of its fact-check.' }) correctionCount: number;
  @Field(() => String, { nullable: true, description: 'The published rating (after any correction); null before publication.' }) rating: string | null;
}

@ObjectType({ description: 'A change to a claim, pushed once the read models include it.' })
export class ClaimChange {
  @Field(() => ID, { description: 'The claim that changed.' }) claimId: string;
  @Field(() => ClaimStatusEnum, { description: 'Its status after the change.' }) status: ClaimStatus;
  @Field(() => Int, { description: 'Its revision after the change.' }) revision: number;
  @Field({ description: 'Global position of the last event of the change.' }) position: number;
  @Field({
    description:
      'Opaque: where to resume after this change, with deskChanges(after:). Built from the event log\'s global position of the change\'s last event, so it is the same on every instance and survives restarts.',
  })
  cursor: string;
  @Field(() => [String], { description: 'The events that made the change, in order.' }) eventTypes: string[];
  @Field(() => ClaimSummary, { description: 'The claim after the change.' }) claim: ClaimSummary;
}
