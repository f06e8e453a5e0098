import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Role, ROLES } from '../shared/actor';

export const RoleEnum = Object.fromEntries(ROLES.map((role) => [role.toUpperCase(), role])) as Record<Uppercase<Role>, Role>;
registerEnumType(RoleEnum, {
  name: 'Role',
  description: 'What a person may do at the desk: the roles a token carries (as lower-case claims: editor, reviewer...).',
  valuesMap: {
    CONTRIBUTOR: { description: 'A desk member: submits claims, revises their details, adds and revises citations.' },
    REVIEWER: { description: 'Records verdicts on the claims assigned to them; takes part in internal notes.' },
    EDITOR: { description: 'Assigns reviewers, publishes, corrects and retracts fact-checks, handles correction requests.' },
    ADMIN: { description: 'Operates the service: rebuilds read models, reads metrics, handles correction requests as an editor may.' },
    IMPORTER: { description: "Runs case imports (POST /cases/import): the file's people are recorded as having done its acts; no desk act of its own." },
  },
});

/** The GraphQL shape of an Actor (shared/actor.ts). */
@ObjectType('Actor', { description: 'A person acting at the desk, as named by their verified token.' })
export class ActorType {
  @Field(() => ID, { description: 'Their id: the token\'s subject (sub).' })
  id: string;

  @Field({ description: 'Their name as the token carries it (the id when it carries none).' })
  name: string;

  @Field(() => [RoleEnum], { description: 'The roles the token carries.' })
  roles: Role[];
}
