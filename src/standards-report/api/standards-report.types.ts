import { ArgsType, Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { DateTimeFilterField } from '../../graphql/fields';
import { DateTimeScalar } from '../../graphql/scalars';

@ArgsType()
export class StandardsReportArgs {
  @DateTimeFilterField({ nullable: true, description: 'From this instant (inclusive; a bare day: from its start, UTC); absent: from the start of the log.' })
  from?: string;

  @DateTimeFilterField({ nullable: true, description: 'To this instant (inclusive; a bare day: to its end, UTC); absent: to the end of the log.' })
  to?: string;
}

@ObjectType({ isAbstract: true })
class StandardsFiguresType {
  @Field(() => Int, { description: 'Publications in the period.' }) published: number;
  @Field(() => Int, { nullable: true, description: 'Standing citations the fact-check rested on after its last publication or correction in the period.' })
  sources: number | null;
  @Field(() => Int, { nullable: true, description: 'Distinct reviewers whose verdicts the publication counted.' }) reviewers: number | null;
  @Field(() => [ID], { description: 'Those reviewers\' ids.' }) reviewerIds: string[];
  @Field(() => Int, { description: 'Publications in the period whose rating differs from the reviewers\' shared rating.' }) departures: number;
  @Field(() => Int, { description: 'Corrections published in the period.' }) corrections: number;
  @Field(() => Int, { description: 'Correction requests received in the period.' }) correctionRequests: number;
  @Field(() => Int, { description: 'Correction requests declined in the period.' }) requestsDeclined: number;
  @Field(() => Int, { description: 'Correction requests answered by a correction published in the period.' }) requestsAnswered: number;
  @Field(() => Float, { nullable: true, description: 'Median seconds from request to the correction answering it, over the requests answered in the period.' })
  medianSecondsRequestToCorrection: number | null;
  @Field(() => Int, { description: 'Retractions in the period.' }) retractions: number;
  @Field(() => Int, { description: 'Distinct verdicts that went stale in the period.' }) staleVerdicts: number;
  @Field(() => Int, { description: 'Self-reviews refused in the period.' }) refusedSelfReviews: number;
}

@ObjectType({ description: 'One fact-check\'s figures for the period.' })
export class StandardsReportFactCheck extends StandardsFiguresType {
  @Field(() => ID, { description: 'The claim.' }) claimId: string;
  @Field(() => String, { nullable: true, description: 'Its statement; null when its submission is not in the log.' }) statement: string | null;
  @Field(() => String, { nullable: true, description: 'The rating of its last publication in the period.' }) rating: string | null;
  @Field(() => String, { nullable: true, description: 'The reviewers\' shared rating at that publication; null when they disagreed.' }) consensusRating: string | null;
  @Field(() => Boolean, { nullable: true, description: 'Whether that publication departed from the consensus; null when not published in the period.' })
  departedFromConsensus: boolean | null;
  @Field(() => String, { nullable: true, description: 'The editor\'s written justification at that publication.' }) justification: string | null;
  @Field(() => ID, { nullable: true, description: 'The editor of that publication; null when not published in the period.' }) editorId: string | null;
  @Field(() => String, { nullable: true, description: 'The rating scale\'s version that publication was made under (null before pinned methodology).' })
  scaleVersion: string | null;
}

@ObjectType({ description: 'The period\'s totals: the fact-checks\' figures added up (reviewers: distinct people; the median: over every answered request).' })
export class StandardsReportTotal extends StandardsFiguresType {
  @Field(() => Int, { description: 'Fact-checks published, corrected or retracted in the period.' }) factChecks: number;
}

@ObjectType({ description: 'The desk\'s standards report for a period, computed from the event log.' })
export class StandardsReportType {
  @Field(() => DateTimeScalar, { description: 'Start of the period (UTC, inclusive).' }) from: string;
  @Field(() => DateTimeScalar, { description: 'End of the period (UTC, inclusive).' }) to: string;
  @Field(() => [StandardsReportFactCheck], { description: 'Every claim with an act counted in the period, in order of submission.' })
  factChecks: StandardsReportFactCheck[];
  @Field(() => StandardsReportTotal, { description: 'The period\'s totals.' }) total: StandardsReportTotal;
}
