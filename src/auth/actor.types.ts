import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Role, ROLES } from '../shared/actor';

export const RoleEnum = Object.fromEntries(ROLES.map((role) => [role.toUpperCase(), role])) as Record<Uppercase<Role>, Role>;
registerEnumType(RoleEnum, { name: 'Role', description: 'What a person may do at the desk.' });

/** The GraphQL shape of an Actor (shared/actor.ts). */
@ObjectType('Actor', { description: 'A person acting at the desk, as named by their verified token.' })
export class ActorType {
  @Field(() => ID)
  id: string;

  @Field()
  name: string;

  @Field(() => [RoleEnum])
  roles: Role[];
}
