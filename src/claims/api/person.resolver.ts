import { ID, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { Person } from './claim.types';

/** `Person.personId`: the stored id under a name no normalising cache keys on (see Person.id's deprecation). */
@Resolver(() => Person)
export class PersonResolver {
  @ResolveField('personId', () => ID)
  personId(@Parent() person: { id: string; personId?: string }): string {
    return person.personId ?? person.id;
  }
}
