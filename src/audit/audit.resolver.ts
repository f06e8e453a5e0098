import { parseIsoInstant } from '../shared/instant';
import { Inject } from '@nestjs/common';
import { Args, Context, ID, Int, Query, Resolver } from '@nestjs/graphql';
import { DESK_POLICY } from '../claims/application/desk-policy';
import type { DeskPolicy } from '../claims/domain/commands';
import { claimVersion, diffView, recordedActor } from './versions';
import { requireActor, requireMember } from '../graphql/require-actor';
import { toConnection } from '../graphql/connection';
import { DateTimeScalar } from '../graphql/scalars';
import { PageArgs } from '../graphql/page-args';
import { RecordedEvent } from '../event-store/event-store.port';
import { hasRole } from '../claims/domain/rules';
import { InvalidArgument } from '../shared/refusal';
import { ACTOR_ID_RULE, isActorId, SAFE_ID } from '../shared/text';
import { isRole } from '../shared/actor';
import { ID_MAX_LENGTH } from '../shared/input-rules';
import { DeskError } from '../claims/domain/desk-error';
import { storedSchemaVersion } from '../claims/application/upcasting';
import type { RequestContext } from '../graphql/request-context';
import { ActivityReadModel } from './activity/activity.read-model';
import {
  ActivityConnection,
  ActivityFilterInput,
  AsOfClockEnum,
  AuditEvent,
  AuditTrailReportType,
  AuditTrailVerdict,
  ClaimDiffType,
  ClaimHistoryConnection,
  ClaimSnapshot,
  DeskAuditReport,
  HistoryFilterInput,
  HistoryOrder,
  LogDifferenceKindEnum,
} from './audit.types';
import { AuditTrailReport, AuditTrailService, Snapshot } from './audit-trail.service';
import { mayUseNotes } from '../notes/domain/decide-notes';
import { actedAt } from './as-of';

/**
 * How a verdict was reached: history, time travel, diffs, tamper checks and who did what.
 * For the desk's people (any role); another person's activity only for editors and admins.
 */
@Resolver()
export class AuditResolver {
  constructor(
    private readonly audit: AuditTrailService,
    private readonly activity: ActivityReadModel,
    @Inject(DESK_POLICY) private readonly policy: DeskPolicy,
  ) {}

  @Query(() => ClaimHistoryConnection, { description: 'Every event of a claim, with who, when, why and a one-line summary.' })
  async claimHistory(
    @Args('claimId', { type: () => ID, description: 'The claim\'s id.' }) claimId: string,
    @Args() { first, after }: PageArgs,
    @Args('order', { type: () => HistoryOrder, nullable: true, description: 'OLDEST_FIRST (default) or NEWEST_FIRST.' }) order: HistoryOrder | undefined,
    @Args('filter', { type: () => HistoryFilterInput, nullable: true, description: 'Narrows the history; absent: every event.' }) filter: HistoryFilterInput,
    @Context() ctx: RequestContext,
  ): Promise<ClaimHistoryConnection> {
    const actor = requireMember(ctx);
    checkClaimId(claimId);
    // Reviewers and editors (who take part in internal notes) see the notes' events too; everyone else exactly the claim's stream.
    const includeNotes = mayUseNotes(actor);
    const page = await this.audit.history(claimId, { first, after, order, eventTypes: filter?.eventTypes, actorId: filter?.actorId, includeNotes });
    const nodes = page.entries.map((entry) => toAuditEvent(entry.event, entry.summary));
    return { ...toConnection({ nodes, cursors: page.cursors, hasNextPage: page.hasNextPage }, after), lastRevision: page.lastRevision, stored: page.stored };
  }

  @Query(() => ClaimSnapshot, {
    description:
      'The claim as it stood at a moment (ISO date-time), folded from the event log: by default as of when its acts happened (ACTED); by: RECORDED, as the service held it then.',
  })
  async claimAsOf(
    @Args('claimId', { type: () => ID, description: 'The claim\'s id.' }) claimId: string,
    @Args('at', { type: () => DateTimeScalar, description: 'The moment: a date-time with its offset, or a bare day (its start, UTC).' }) at: string,
    @Args('by', {
      type: () => AsOfClockEnum,
      nullable: true,
      defaultValue: AsOfClockEnum.ACTED,
      description: 'The clock `at` is read against: ACTED (when the acts happened, the default) or RECORDED (when the store recorded them).',
    })
    by: AsOfClockEnum | null,
    @Context() ctx: RequestContext,
  ): Promise<ClaimSnapshot> {
    requireMember(ctx);
    checkClaimId(claimId);
    // Strictly: new Date(text) reads "12/01/2026", "2025-02-30" or Arabic-Indic digits as some other moment.
    // A bare date is the start of that UTC day.
    const moment = parseIsoInstant(at);
    if (!moment) throw new InvalidArgument('at must be an ISO 8601 date-time, e.g. 2025-07-01T12:00:00Z', { field: 'at' });
    // An explicit null means "not given", as everywhere else: the default clock.
    const clock = by ?? AsOfClockEnum.ACTED;
    return { ...toSnapshot(await this.audit.asOf(claimId, new Date(moment.ms), clock), this.policy), by: clock };
  }

  @Query(() => ClaimSnapshot, { description: 'The claim as it stood at a revision of its stream.' })
  async claimAtRevision(
    @Args('claimId', { type: () => ID, description: 'The claim\'s id.' }) claimId: string,
    @Args('revision', { type: () => Int, description: 'A revision of the claim\'s stream (0 is its submission).' }) revision: number,
    @Context() ctx: RequestContext,
  ): Promise<ClaimSnapshot> {
    requireMember(ctx);
    checkClaimId(claimId);
    return toSnapshot(await this.audit.atRevision(claimId, revision), this.policy);
  }

  @Query(() => ClaimDiffType, { description: 'What changed between two revisions of a claim, field by field.' })
  async claimDiff(
    @Args('claimId', { type: () => ID, description: 'The claim\'s id.' }) claimId: string,
    @Args('fromRevision', { type: () => Int, description: 'The earlier revision of the claim\'s stream.' }) fromRevision: number,
    @Args('toRevision', { type: () => Int, description: 'The later revision of the claim\'s stream.' }) toRevision: number,
    @Context() ctx: RequestContext,
  ): Promise<ClaimDiffType> {
    requireMember(ctx);
    checkClaimId(claimId);
    const { diff, before, after } = await this.audit.diffWithStates(claimId, fromRevision, toRevision);
    return diffView(diff, before, after) as unknown as ClaimDiffType;
  }

  @Query(() => AuditTrailReportType, { description: 'Recomputes the claim\'s hash chain and compares its stream with its leaves in the transparency log: OK, or the first event that does not match and why.' })
  async verifyAuditTrail(@Args('claimId', { type: () => ID, description: 'The claim\'s id.' }) claimId: string, @Context() ctx: RequestContext): Promise<AuditTrailReportType> {
    requireMember(ctx);
    checkClaimId(claimId);
    return toReport(await this.audit.verify(claimId));
  }

  @Query(() => DeskAuditReport, { description: 'Recomputes the hash chain of every claim and checks the whole event log against the transparency log\'s leaves (editors and admins).' })
  async verifyAllAuditTrails(
    @Args('onlyFailures', { type: () => Boolean, nullable: true, defaultValue: false, description: 'Only the claims whose trail fails verification.' }) onlyFailures: boolean,
    @Context() ctx: RequestContext,
  ): Promise<DeskAuditReport> {
    const actor = requireActor(ctx);
    if (!hasRole(actor, 'editor')) throw new DeskError('FORBIDDEN', 'Only editors and admins may verify every audit trail at once');
    const result = await this.audit.verifyAll();
    const log = result.log && { ...result.log, firstDifference: result.log.firstDifference && { ...result.log.firstDifference, kind: result.log.firstDifference.kind as LogDifferenceKindEnum } };
    return { ...result, log, reports: (onlyFailures ? result.reports.filter((r) => !r.ok) : result.reports).map(toReport) };
  }

  @Query(() => ActivityConnection, { description: 'Everything one person did across claims, in time order. Another person\'s: editors and admins only.' })
  actorActivity(
    @Args('actorId', { type: () => ID, description: 'The person\'s id, as their token names them (sub).' }) actorId: string,
    @Args() { first, after }: PageArgs,
    @Args('filter', { type: () => ActivityFilterInput, nullable: true, description: 'Narrows the activity; absent: all of it.' }) filter: ActivityFilterInput,
    @Context() ctx: RequestContext,
  ): ActivityConnection {
    const actor = requireMember(ctx);
    if (!isActorId(actorId)) throw new InvalidArgument(`actorId must be a person's id: ${ACTOR_ID_RULE}`, { field: 'actorId' });
    if (actor.id !== actorId && !hasRole(actor, 'editor')) {
      throw new DeskError('FORBIDDEN', 'Only editors and admins may read another person\'s activity');
    }
    const page = this.activity.list(actorId, filter ?? {}, first, after);
    const nodes = page.entries.map((e) => ({ position: e.position, actor: { id: e.actorId, name: e.actorName }, claimId: e.claimId, revision: e.revision, eventType: e.eventType, at: e.at, summary: e.summary }));
    return toConnection({ nodes, cursors: page.cursors, hasNextPage: page.hasNextPage }, after);
  }
}

/** Claim ids are the service's own (letters, digits, "-", "_"): anything else names no claim, and is refused as such. */
function checkClaimId(claimId: string): void {
  if (claimId.length > ID_MAX_LENGTH || !SAFE_ID.test(claimId)) {
    throw new InvalidArgument(`claimId may contain letters, digits, "-" and "_" only, at most ${ID_MAX_LENGTH} characters`, { field: 'claimId' });
  }
}

function toAuditEvent(event: RecordedEvent, summary: string): AuditEvent {
  const m = event.metadata;
  const text = (value: unknown) => (typeof value === 'string' ? value : null);
  return {
    id: event.id,
    type: event.type,
    stream: event.stream,
    revision: event.revision,
    position: event.position,
    recordedAt: event.recordedAt.toISOString(),
    occurredAt: actedAt(event).toISOString(),
    actor: { id: text(m.actorId) ?? 'unknown', name: text(m.actorName) ?? text(m.actorId) ?? 'unknown' },
    recordedActor: recordedActor(m),
    actorRoles: Array.isArray(m.actorRoles) ? m.actorRoles.map(String) : [],
    roles: Array.isArray(m.actorRoles) ? m.actorRoles.filter(isRole) : [],
    correlationId: text(m.correlationId),
    causationId: text(m.causationId),
    schemaVersion: storedSchemaVersion(event),
    data: event.data,
    summary,
    hash: text(m.hash),
  };
}

function toReport(report: AuditTrailReport): AuditTrailReportType {
  return { ...report, verdict: AuditTrailVerdict[report.verdict] };
}

function toSnapshot(snapshot: Snapshot, policy: DeskPolicy): ClaimSnapshot {
  if (!snapshot.existed) return { existed: false, message: snapshot.message, revision: null, recordedAt: null, occurredAt: null, by: null, claim: null };
  return {
    existed: true,
    message: null,
    revision: snapshot.revision,
    recordedAt: snapshot.recordedAt.toISOString(),
    occurredAt: snapshot.occurredAt.toISOString(),
    by: null,
    claim: claimVersion(snapshot.claim, snapshot.revision, policy.scale, snapshot.recordedAt),
  };
}
