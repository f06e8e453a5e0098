import type { Type } from '@nestjs/common';
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Person } from '../claims/api/claim.types';
import { CitationVersion, ClaimVersion, RecordedActor, VerdictVersion } from './versions.types';
import { JsonScalar } from '../graphql/json.scalar';
import { Connection } from '../graphql/connection';
import { DateTimeFilterField, IdField, TextListField } from '../graphql/fields';

export enum HistoryOrder {
  OLDEST_FIRST = 'OLDEST_FIRST',
  NEWEST_FIRST = 'NEWEST_FIRST',
}
registerEnumType(HistoryOrder, { name: 'HistoryOrder' });

/** Event type names, e.g. VerdictRecorded: a short list of short texts. */
const EventTypesField = (description?: string) => TextListField(100, { nullable: true, maxItems: 20, repeats: 'dedupe', line: true, description });

@InputType()
export class HistoryFilterInput {
  @EventTypesField('Only these event types (e.g. VerdictRecorded).')
  eventTypes?: string[];

  @IdField({ nullable: true, actor: true, description: 'Only what this person did.' })
  actorId?: string;
}

@InputType()
export class ActivityFilterInput {
  // class-validator's own message here, unlike the claims filter: kept as it was.
  @DateTimeFilterField({ nullable: true, description: 'From this ISO date or date-time (inclusive).' })
  from?: string;

  @DateTimeFilterField({ nullable: true, description: 'To this ISO date (the whole day) or date-time (inclusive).' })
  to?: string;

  @EventTypesField()
  eventTypes?: string[];
}

@ObjectType({ description: 'One recorded event of a claim, as the audit trail shows it.' })
export class AuditEvent {
  @Field(() => ID) id: string;
  @Field() type: string;
  @Field({ description: "The stream it is in: the claim's own (claim-<id>), or its internal notes (claim-notes-<id>, shown to reviewers and editors)." }) stream: string;
  @Field(() => Int, { description: 'Its revision in that stream.' }) revision: number;
  @Field({ description: 'Global position in the event log.' }) position: number;
  @Field({ description: 'When the store recorded it.' }) recordedAt: string;
  @Field(() => String, { nullable: true, description: 'When the act happened, as the service saw it.' }) occurredAt: string | null;
  @Field(() => Person) actor: Person;
  @Field(() => RecordedActor, { description: 'Who did it, as recorded on this event (name and roles then), kept inside the event by a cache.' }) recordedActor: RecordedActor;
  @Field(() => [String], { description: 'The roles the actor\'s token carried.' }) actorRoles: string[];
  @Field(() => String, { nullable: true }) correlationId: string | null;
  @Field(() => String, { nullable: true, description: 'The command that caused it.' }) causationId: string | null;
  @Field(() => Int, { description: 'Schema version the event was stored under (data is shown in the current shape).' }) schemaVersion: number;
  @Field(() => JsonScalar, { description: 'The event\'s data, in the current schema version.' }) data: unknown;
  @Field() summary: string;
  @Field(() => String, { nullable: true, description: 'SHA-256 of the event, chained to the one before it.' }) hash: string | null;
}

@ObjectType('StoredHistory', {
  description:
    'How much of a claim\'s stream the event store still holds: all of it, from revision 0, unless its first events were truncated by an operator or its stream was deleted and written again.',
})
export class StoredHistoryType {
  @Field(() => Int, { nullable: true, description: 'Revision of the earliest event still in the store; null when none is left.' }) firstRevision: number | null;
  @Field({ description: 'False when the events before firstRevision are no longer in the store: the history shown begins there.' }) complete: boolean;
  @Field(() => String, { nullable: true, description: 'For an incomplete history: what is missing and what it means, in a sentence for the auditor.' }) notice: string | null;
}

@ObjectType()
export class ClaimHistoryConnection extends Connection(AuditEvent, 'AuditEventEdge') {
  @Field(() => Int, { description: 'The claim\'s latest revision (-1 when the store holds none of its events).' }) lastRevision: number;
  @Field(() => StoredHistoryType, { description: 'Where the claim\'s stored history begins, and whether anything before it is gone.' }) stored: StoredHistoryType;
}

@ObjectType({ description: 'A claim as it stood at a moment or revision, folded from the log; or why there was nothing yet.' })
export class ClaimSnapshot {
  @Field({ description: 'False when the claim did not exist yet (or at all).' }) existed: boolean;
  @Field(() => String, { nullable: true }) message: string | null;
  @Field(() => Int, { nullable: true }) revision: number | null;
  @Field(() => String, { nullable: true, description: 'When the last event included was recorded.' }) recordedAt: string | null;
  @Field(() => ClaimVersion, { nullable: true, description: 'The claim as it stood then: a ClaimVersion (id <claimId>@<revision>), never the live Claim.' }) claim: ClaimVersion | null;
}

@ObjectType()
export class FieldChange {
  @Field() field: string;
  @Field(() => String, { nullable: true, description: 'JSON text.' }) before: string | null;
  @Field(() => String, { nullable: true, description: 'JSON text.' }) after: string | null;
}

@ObjectType()
export class TextChange {
  @Field(() => String, { nullable: true }) before: string | null;
  @Field(() => String, { nullable: true }) after: string | null;
}

/** One thing of a claim as it was before a revision and after it. */
function BeforeAfter<T>(type: Type<T>): Type<{ before: T; after: T }> {
  @ObjectType({ isAbstract: true })
  class Change {
    @Field(() => type) before: T;
    @Field(() => type) after: T;
  }
  return Change;
}

@ObjectType({ description: 'A citation before (as of fromRevision) and after (as of toRevision): two versions with ids of their own.' })
export class CitationChange extends BeforeAfter(CitationVersion) {}

@ObjectType({ description: 'A verdict before (as of fromRevision) and after (as of toRevision): two versions with ids of their own.' })
export class VerdictChange extends BeforeAfter(VerdictVersion) {}

/** The GraphQL shape of a ClaimDiff (audit/claim-diff.ts). */
@ObjectType('ClaimDiffModel', { description: 'What changed between two revisions of a claim.' })
export class ClaimDiffType {
  @Field(() => Int) fromRevision: number;
  @Field(() => Int) toRevision: number;
  @Field(() => [FieldChange], { description: 'Statement and details.' }) details: FieldChange[];
  @Field(() => TextChange, { nullable: true }) status: TextChange | null;
  @Field(() => TextChange, { nullable: true, description: 'The published rating.' }) rating: TextChange | null;
  @Field(() => TextChange, { nullable: true, description: 'The published summary.' }) summary: TextChange | null;
  @Field(() => [Person]) assigneesAdded: Person[];
  @Field(() => [Person]) assigneesRemoved: Person[];
  @Field(() => [CitationVersion], { description: 'As of toRevision.' }) citationsAdded: CitationVersion[];
  @Field(() => [CitationChange]) citationsRevised: CitationChange[];
  @Field(() => [CitationVersion], { description: 'As of toRevision.' }) citationsRetracted: CitationVersion[];
  @Field(() => [VerdictVersion], { description: 'As of toRevision.' }) verdictsRecorded: VerdictVersion[];
  @Field(() => [VerdictChange]) verdictsRevised: VerdictChange[];
  @Field(() => [VerdictVersion], { description: 'As of toRevision.' }) verdictsWithdrawn: VerdictVersion[];
  @Field(() => Int) correctionsAdded: number;
}

/** The GraphQL shape of a ChainBreak (claims/application/hash-chain.ts). */
@ObjectType('ChainBreakModel')
export class ChainBreakType {
  @Field(() => Int) revision: number;
  @Field() position: number;
  @Field(() => ID) eventId: string;
  @Field() type: string;
  @Field() reason: string;
}

export enum AuditTrailVerdict {
  VALID = 'VALID',
  BROKEN = 'BROKEN',
  INCOMPLETE = 'INCOMPLETE',
}
registerEnumType(AuditTrailVerdict, {
  name: 'AuditTrailVerdict',
  valuesMap: {
    VALID: { description: 'Every event matches, verified from the claim\'s first event.' },
    BROKEN: { description: 'An event does not match: see firstBreak.' },
    INCOMPLETE: { description: 'No event checked fails, but the store no longer holds the events before stored.firstRevision, so the chain cannot be verified from the start.' },
  },
});

/** The GraphQL shape of an AuditTrailReport (audit-trail.service.ts). */
@ObjectType('AuditTrailReportModel', { description: 'The result of recomputing a claim\'s hash chain.' })
export class AuditTrailReportType {
  @Field(() => ID) claimId: string;
  @Field({ description: 'True only when the verdict is VALID.' }) ok: boolean;
  @Field(() => AuditTrailVerdict) verdict: AuditTrailVerdict;
  @Field(() => Int) eventsChecked: number;
  @Field(() => Int, { description: 'Revision of the last event checked (-1 when none was left to check).' }) lastRevision: number;
  @Field(() => ChainBreakType, { nullable: true, description: 'The first event that does not match, and why.' }) firstBreak: ChainBreakType | null;
  @Field(() => StoredHistoryType, { description: 'Where the stored chain begins, and whether anything before it is gone.' }) stored: StoredHistoryType;
}

@ObjectType()
export class DeskAuditReport {
  @Field() ok: boolean;
  @Field(() => Int) streamsChecked: number;
  @Field(() => Int) eventsChecked: number;
  @Field(() => [AuditTrailReportType], { description: 'One report per claim (when onlyFailures is true, only those whose verdict is not VALID).' })
  reports: AuditTrailReportType[];
}

/** The GraphQL shape of an ActivityEntry (activity/activity.read-model.ts), its actor as a Person. */
@ObjectType('ActivityEntryModel')
export class ActivityEntryType {
  @Field() position: number;
  @Field(() => Person) actor: Person;
  @Field(() => ID) claimId: string;
  @Field(() => Int) revision: number;
  @Field() eventType: string;
  @Field() at: string;
  @Field() summary: string;
}

@ObjectType()
export class ActivityConnection extends Connection(ActivityEntryType, 'ActivityEdge') {}
