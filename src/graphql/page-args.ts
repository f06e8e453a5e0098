import { ArgsType, Field, Int } from '@nestjs/graphql';

/**
 * The Relay arguments of a paginated query: `first` and `after`. How big a page may be is each
 * read side's rule (it checks `first` itself), so no limit is declared here.
 */
@ArgsType()
export class PageArgs {
  @Field(() => Int, { nullable: true, description: 'How many items to return (at most the list\'s maximum page size; absent: its default).' })
  first?: number;

  @Field(() => String, { nullable: true, description: 'An opaque cursor (endCursor of the page before): return the items after it; absent: from the start.' })
  after?: string;
}
