import { Field, Int, ObjectType } from '@nestjs/graphql';

/** The GraphQL shape of a RebuildReport (projections/read-model-generations.ts). */
@ObjectType('RebuildReportModel', { description: 'What a rebuild of the read models did.' })
export class RebuildReportType {
  @Field({ description: 'The new read-model generation\'s file name.' }) file: string;
  @Field(() => Int, { description: 'Events applied to build it.' }) eventsApplied: number;
  @Field(() => Int, { description: 'How long the rebuild took, in milliseconds.' }) durationMs: number;
  @Field({ description: 'Why it was rebuilt.' }) reason: string;
}
