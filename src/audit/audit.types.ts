import type { Type } from '@nestjs/common';
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Person } from '../claims/api/claim.types';
import { CitationVersion, ClaimVersion, RecordedActor, VerdictVersion } from './versions.types';
import { JsonScalar } from '../graphql/json.scalar';
import { DateTimeScalar } from '../graphql/scalars';
import { RoleEnum } from '../auth/actor.types';
import type { Role } from '../shared/actor';
import { Connection } from '../graphql/connection';
import { DateTimeFilterField, IdField, TextListField } from '../graphql/fields';

export enum HistoryOrder {
  OLDEST_FIRST = 'OLDEST_FIRST',
  NEWEST_FIRST = 'NEWEST_FIRST',
}
registerEnumType(HistoryOrder, {
  name: 'HistoryOrder',
  description: 'The order of a claim\'s history.',
  valuesMap: { OLDEST_FIRST: { description: 'From the claim\'s submission on (the default).' }, NEWEST_FIRST: { description: 'From its latest event back.' } },
});

export enum AsOfClockEnum {
  ACTED = 'ACTED',
  RECORDED = 'RECORDED',
}
registerEnumType(AsOfClockEnum, {
  name: 'AsOfClock',
  description:
    'Which of an event\'s two times a moment is read against. They are the same instant (but for the write\'s latency) for acts done through the API, and can be years apart for acts imported from a case file.',
  valuesMap: {
    ACTED: { description: 'When the act happened (the event\'s occurredAt; an imported act\'s own time from its case file): the claim as the desk had it then. The default.' },
    RECORDED: { description: 'When the event store recorded it (recordedAt): what the service held at that moment, the audit\'s view.' },
  },
});

/** Event type names, e.g. VerdictRecorded: a short list of short texts. */
const EventTypesField = (description?: string) => TextListField(100, { nullable: true, maxItems: 20, repeats: 'dedupe', line: true, description });

@InputType({ description: 'Narrows a claim\'s history: every field given must match.' })
export class HistoryFilterInput {
  @EventTypesField('Only these event types (e.g. VerdictRecorded).')
  eventTypes?: string[];

  @IdField({ nullable: true, actor: true, description: 'Only what this person did.' })
  actorId?: string;
}

@InputType({ description: 'Narrows a person\'s activity: every field given must match.' })
export class ActivityFilterInput {
  // class-validator's own message here, unlike the claims filter: kept as it was.
  @DateTimeFilterField({ nullable: true, description: 'From this instant (inclusive); a bare day: from its start, UTC.' })
  from?: string;

  @DateTimeFilterField({ nullable: true, description: 'To this instant (inclusive); a bare day: to its end, UTC.' })
  to?: string;

  @EventTypesField('Only these event types (e.g. VerdictRecorded).')
  eventTypes?: string[];
}

@ObjectType({ description: 'One recorded event of a claim, as the audit trail shows it.' })
export class AuditEvent {
  @Field(() => ID, { description: 'The event\'s id in the store.' }) id: string;
  @Field({ description: 'The event type, e.g. VerdictRecorded.' }) type: string;
  @Field({ description: "The stream it is in: the claim's own (claim-<id>), or its internal notes (claim-notes-<id>, shown to reviewers and editors)." }) stream: string;
  @Field(() => Int, { description: 'Its revision in that stream.' }) revision: number;
  @Field({ description: 'Global position in the event log.' }) position: number;
  @Field(() => DateTimeScalar, { description: 'When the event store recorded it (the RECORDED clock of claimAsOf).' }) recordedAt: string;
  @Field(() => DateTimeScalar, {
    description:
      'When the act happened (the ACTED clock of claimAsOf): the moment the service decided it, or an imported act\'s own time from its case file. For an event stored without one, the time it was recorded.',
  })
  occurredAt: string;
  @Field(() => Person, { description: 'Who acted, as recorded then.' }) actor: Person;
  @Field(() => RecordedActor, { description: 'Who did it, as recorded on this event (name and roles then), kept inside the event by a cache.' }) recordedActor: RecordedActor;
  @Field(() => [String], {
    description: 'The roles the actor\'s token carried, in lower case (editor, reviewer...).',
    deprecationReason: 'Use roles: the same roles as the Role enum (EDITOR, REVIEWER...), as everywhere else in the schema.',
  })
  actorRoles: string[];
  @Field(() => [RoleEnum], { description: 'The roles the actor\'s token carried when they acted (roles the desk no longer knows are left out).' }) roles: Role[];
  @Field(() => String, { nullable: true, description: 'The id shared by every event of one request (for tracing); null when none was recorded.' }) correlationId: string | null;
  @Field(() => String, { nullable: true, description: 'The command that caused it.' }) causationId: string | null;
  @Field(() => Int, { description: 'Schema version the event was stored under (data is shown in the current shape).' }) schemaVersion: number;
  @Field(() => JsonScalar, { description: 'The event\'s data, in the current schema version.' }) data: unknown;
  @Field({ description: 'What happened, in a sentence for people.' }) summary: string;
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

@ObjectType({ description: 'A page of a claim\'s history (Relay connection).' })
export class ClaimHistoryConnection extends Connection(AuditEvent, 'AuditEventEdge') {
  @Field(() => Int, { description: 'The claim\'s latest revision (-1 when the store holds none of its events).' }) lastRevision: number;
  @Field(() => StoredHistoryType, { description: 'Where the claim\'s stored history begins, and whether anything before it is gone.' }) stored: StoredHistoryType;
}

@ObjectType({ description: 'A claim as it stood at a moment or revision, folded from the log; or why there was nothing yet.' })
export class ClaimSnapshot {
  @Field({ description: 'False when the claim did not exist yet (or at all).' }) existed: boolean;
  @Field(() => String, { nullable: true, description: 'Why there is no claim, when existed is false; null otherwise.' }) message: string | null;
  @Field(() => Int, { nullable: true, description: 'The revision of the last event included; null when existed is false.' }) revision: number | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'When the last event included was recorded; null when existed is false.' }) recordedAt: string | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'When the act of the last event included happened (its occurredAt); null when existed is false.' }) occurredAt: string | null;
  @Field(() => AsOfClockEnum, { nullable: true, description: 'The clock the moment was read against (claimAsOf); null for claimAtRevision.' }) by: AsOfClockEnum | null;
  @Field(() => ClaimVersion, { nullable: true, description: 'The claim as it stood then: a ClaimVersion (id <claimId>@<revision>), never the live Claim; null when existed is false.' }) claim: ClaimVersion | null;
}

@ObjectType({ description: 'A detail of the claim before and after.' })
export class FieldChange {
  @Field({ description: 'The detail: statement, claimant, claimDate, appearances, language or topics.' }) field: string;
  @Field(() => String, { nullable: true, description: 'JSON text.' }) before: string | null;
  @Field(() => String, { nullable: true, description: 'JSON text.' }) after: string | null;
}

@ObjectType({ description: 'A text before and after; null where there was none.' })
export class TextChange {
  @Field(() => String, { nullable: true, description: 'At the earlier revision.' }) before: string | null;
  @Field(() => String, { nullable: true, description: 'At the later revision.' }) after: string | null;
}

/** One thing of a claim as it was before a revision and after it. */
function BeforeAfter<T>(type: Type<T>): Type<{ before: T; after: T }> {
  @ObjectType({ isAbstract: true })
  class Change {
    @Field(() => type, { description: 'At the earlier revision.' }) before: T;
    @Field(() => type, { description: 'At the later revision.' }) after: T;
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
  @Field(() => Int, { description: 'The earlier revision.' }) fromRevision: number;
  @Field(() => Int, { description: 'The later revision.' }) toRevision: number;
  @Field(() => [FieldChange], { description: 'Statement and details.' }) details: FieldChange[];
  @Field(() => TextChange, { nullable: true, description: 'The status (a ClaimStatus name); null when unchanged.' }) status: TextChange | null;
  @Field(() => TextChange, { nullable: true, description: 'The published rating.' }) rating: TextChange | null;
  @Field(() => TextChange, { nullable: true, description: 'The published summary.' }) summary: TextChange | null;
  @Field(() => [Person], { description: 'Reviewers assigned in between.' }) assigneesAdded: Person[];
  @Field(() => [Person], { description: 'Reviewers taken off in between.' }) assigneesRemoved: Person[];
  @Field(() => [CitationVersion], { description: 'Citations added in between, as they stood at toRevision.' }) citationsAdded: CitationVersion[];
  @Field(() => [CitationChange], { description: 'Citations revised in between.' }) citationsRevised: CitationChange[];
  @Field(() => [CitationVersion], { description: 'Citations retracted in between, as of toRevision.' }) citationsRetracted: CitationVersion[];
  @Field(() => [VerdictVersion], { description: 'Verdicts recorded in between, as of toRevision.' }) verdictsRecorded: VerdictVersion[];
  @Field(() => [VerdictChange], { description: 'Verdicts revised in between.' }) verdictsRevised: VerdictChange[];
  @Field(() => [VerdictVersion], { description: 'Verdicts withdrawn in between, as of toRevision.' }) verdictsWithdrawn: VerdictVersion[];
  @Field(() => Int, { description: 'How many corrections were published in between.' }) correctionsAdded: number;
}

/** The GraphQL shape of a ChainBreak (claims/application/hash-chain.ts). */
@ObjectType('ChainBreakModel', { description: 'The first event of a claim whose hash does not match.' })
export class ChainBreakType {
  @Field(() => Int, { description: 'Its revision in the claim\'s stream.' }) revision: number;
  @Field({ description: 'Its global position in the event log.' }) position: number;
  @Field(() => ID, { description: 'Its id in the store.' }) eventId: string;
  @Field({ description: 'Its event type.' }) type: string;
  @Field({ description: 'What does not match.' }) reason: string;
}

export enum AuditTrailVerdict {
  VALID = 'VALID',
  BROKEN = 'BROKEN',
  INCOMPLETE = 'INCOMPLETE',
}
registerEnumType(AuditTrailVerdict, {
  name: 'AuditTrailVerdict',
  description: 'What recomputing a claim\'s hash chain found.',
  valuesMap: {
    VALID: { description: 'Every event matches, verified from the claim\'s first event.' },
    BROKEN: { description: 'An event does not match: see firstBreak.' },
    INCOMPLETE: { description: 'No event checked fails, but the store no longer holds the events before stored.firstRevision, so the chain cannot be verified from the start.' },
  },
});

/** The GraphQL shape of an AuditTrailReport (audit-trail.service.ts). */
@ObjectType('AuditTrailReportModel', { description: 'The result of recomputing a claim\'s hash chain.' })
export class AuditTrailReportType {
  @Field(() => ID, { description: 'The claim checked.' }) claimId: string;
  @Field({ description: 'True only when the verdict is VALID.' }) ok: boolean;
  @Field(() => AuditTrailVerdict, { description: 'What the check found.' }) verdict: AuditTrailVerdict;
  @Field(() => Int, { description: 'How many events were checked.' }) eventsChecked: number;
  @Field(() => Int, { description: 'Revision of the last event checked (-1 when none was left to check).' }) lastRevision: number;
  @Field(() => ChainBreakType, { nullable: true, description: 'The first event that does not match, and why.' }) firstBreak: ChainBreakType | null;
  @Field(() => StoredHistoryType, { description: 'Where the stored chain begins, and whether anything before it is gone.' }) stored: StoredHistoryType;
}

export enum LogDifferenceKindEnum {
  EDITED = 'EDITED',
  RENAMED = 'RENAMED',
  DELETED = 'DELETED',
  INSERTED = 'INSERTED',
  REORDERED = 'REORDERED',
  TRUNCATED = 'TRUNCATED',
}
registerEnumType(LogDifferenceKindEnum, {
  name: 'LogDifferenceKind',
  description: 'How the event log differs from the transparency log at the first leaf that does not match.',
  valuesMap: {
    EDITED: { description: 'The same event, but its content (type, data, metadata), revision or recorded time differs from what was logged: a hash cannot tell which.' },
    RENAMED: { description: 'The same event id, now in another stream.' },
    DELETED: { description: 'The leaf\'s event is no longer anywhere in the event log.' },
    INSERTED: { description: 'The event at the leaf\'s place is no leaf of the tree: it was added to the log afterwards, before the tree\'s end.' },
    REORDERED: { description: 'The leaf\'s event and the event at its place are both still in the log, in another order.' },
    TRUNCATED: { description: 'The event log ends before the tree does: events were removed from its end.' },
  },
});

@ObjectType('LogDifferenceModel', { description: 'The first leaf of the transparency log that the event log no longer matches.' })
export class LogDifferenceType {
  @Field(() => Int, { description: 'The leaf\'s index (0-based, in global order).' }) leafIndex: number;
  @Field(() => LogDifferenceKindEnum, { description: 'How the log differs there.' }) kind: LogDifferenceKindEnum;
  @Field(() => ID, { description: 'The id of the event the leaf logged.' }) eventId: string;
  @Field({ description: 'The stream the leaf\'s event was logged in.' }) stream: string;
  @Field(() => Int, { description: 'The revision the leaf\'s event was logged at.' }) revision: number;
  @Field({ description: 'What differs, in a sentence for people.' }) reason: string;
}

@ObjectType('LogAuditReportModel', { description: 'The whole event log, in global order, compared with the transparency log\'s leaves.' })
export class LogAuditReportType {
  @Field({ description: 'True when every leaf is its event, unchanged.' }) ok: boolean;
  @Field(() => Int, { description: 'How many leaves the tree had when the check began.' }) treeSize: number;
  @Field(() => Int, { description: 'How many leaves were found equal to their events (before the first difference; every leaf when ok).' }) leavesChecked: number;
  @Field(() => Int, { description: 'Events beyond the tree\'s size: not yet logged (the log follows the event store a moment behind), not a failure.' }) eventsNotYetLogged: number;
  @Field(() => LogDifferenceType, { nullable: true, description: 'The first leaf that differs, and how; null when ok.' }) firstDifference: LogDifferenceType | null;
}

@ObjectType({ description: 'The result of recomputing every claim\'s hash chain, and of checking the event log against the transparency log.' })
export class DeskAuditReport {
  @Field({ description: 'True only when every claim\'s verdict is VALID and the event log matches the transparency log.' }) ok: boolean;
  @Field(() => LogAuditReportType, { nullable: true, description: 'The event log checked against the transparency log\'s leaves (null when this instance keeps no transparency log).' })
  log: LogAuditReportType | null;
  @Field(() => Int, { description: 'How many claim streams were checked.' }) streamsChecked: number;
  @Field(() => Int, { description: 'How many events were checked in all.' }) eventsChecked: number;
  @Field(() => [AuditTrailReportType], { description: 'One report per claim (when onlyFailures is true, only those whose verdict is not VALID).' })
  reports: AuditTrailReportType[];
}

/** The GraphQL shape of an ActivityEntry (activity/activity.read-model.ts), its actor as a Person. */
@ObjectType('ActivityEntryModel', { description: 'One act of a person on a claim.' })
export class ActivityEntryType {
  @Field({ description: 'The event\'s global position in the log.' }) position: number;
  @Field(() => Person, { description: 'Who acted, as recorded then.' }) actor: Person;
  @Field(() => ID, { description: 'The claim acted on.' }) claimId: string;
  @Field(() => Int, { description: 'The event\'s revision in the claim\'s stream.' }) revision: number;
  @Field({ description: 'The event type, e.g. CitationAdded.' }) eventType: string;
  @Field(() => DateTimeScalar, { description: 'When the store recorded it.' }) at: string;
  @Field({ description: 'What happened, in a sentence for people.' }) summary: string;
}

@ObjectType({ description: 'A page of a person\'s activity (Relay connection).' })
export class ActivityConnection extends Connection(ActivityEntryType, 'ActivityEdge') {}
