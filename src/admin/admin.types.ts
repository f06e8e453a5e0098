import { Field, Int, ObjectType } from '@nestjs/graphql';

/** The GraphQL shape of a RebuildReport (projections/read-model-generations.ts). */
@ObjectType('RebuildReportModel', { description: 'What a rebuild of the read models did.' })
export class RebuildReportType {
  @Field() file: string;
  @Field(() => Int) eventsApplied: number;
  @Field(() => Int) durationMs: number;
  @Field() reason: string;
}
