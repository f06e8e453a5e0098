import { ArgsType, Field, Int } from '@nestjs/graphql';

/**
 * The Relay arguments of a paginated query: `first` and `after`. How big a page may be is each
 * read side's rule (it checks `first` itself), so no limit is declared here.
 */
@ArgsType()
export class PageArgs {
  @Field(() => Int, { nullable: true })
  first?: number;

  @Field(() => String, { nullable: true })
  after?: string;
}
