import { Inject } from '@nestjs/common';
import { Context, ID, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { createHmac } from 'node:crypto';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { isDeskMember } from '../../shared/actor';
import type { RequestContext } from '../../graphql/request-context';
import { publicName } from '../../public-site/domain/reviewer-names';
import { ID_SECRET } from '../application/command-ids';
import { Person } from './claim.types';

/** What a reader without a desk role reads for a person the policy does not name. */
export const UNNAMED_PERSON = 'Not named';
export const UNNAMED_PERSON_ID = 'person-not-named';
/** How externalPublisherRef (domain/claim.ts) names another desk. */
const EXTERNAL_PUBLISHER_PREFIX = 'external:';

type StoredPerson = { id: string; name: string; personId?: string };

/**
 * A Person as its viewer may see it. The desk's people see the id and name recorded on the act.
 * Anyone else (anonymous readers of published fact-checks) sees what PUBLIC_REVIEWER_NAMES allows, as on
 * the public pages: FULL the name; INITIALS the initials; NONE no name. The token's subject (often a login
 * or an e-mail address) is never shown to them: under FULL and INITIALS a pseudonym stable per person (two
 * verdicts from two people read as two), under NONE one id for every unnamed person.
 * `personId` is the stored id under a name no normalising cache keys on (see Person.id's deprecation).
 */
@Resolver(() => Person)
export class PersonResolver {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(ID_SECRET) private readonly secret: string,
  ) {}

  @ResolveField('personId', () => ID)
  personId(@Parent() person: StoredPerson, @Context() ctx: RequestContext): string {
    return this.idFor(person.personId ?? person.id, ctx);
  }

  @ResolveField('id', () => ID)
  id(@Parent() person: StoredPerson, @Context() ctx: RequestContext): string {
    return this.idFor(person.id, ctx);
  }

  @ResolveField('name', () => String)
  name(@Parent() person: StoredPerson, @Context() ctx: RequestContext): string {
    if (this.seesEveryone(ctx) || PersonResolver.isPublisher(person)) return person.name;
    return publicName(person, this.config.PUBLIC_REVIEWER_NAMES) ?? UNNAMED_PERSON;
  }

  private seesEveryone(ctx: RequestContext): boolean {
    return isDeskMember(ctx?.actor) || this.config.PUBLIC_REVIEWER_NAMES === 'FULL';
  }

  /** Another desk, named as the publisher of a fact-check imported as a reference: an organisation, not one of our people. */
  private static isPublisher(person: StoredPerson): boolean {
    return (person.personId ?? person.id).startsWith(EXTERNAL_PUBLISHER_PREFIX);
  }

  private idFor(id: string, ctx: RequestContext): string {
    if (isDeskMember(ctx?.actor) || id.startsWith(EXTERNAL_PUBLISHER_PREFIX)) return id;
    // NONE: one id for everyone, so no reader can tell one unnamed person's acts from another's.
    if (this.config.PUBLIC_REVIEWER_NAMES === 'NONE') return UNNAMED_PERSON_ID;
    // FULL and INITIALS: a pseudonym, never the login (often an e-mail address). Domain-separated from the key ids the same secret derives.
    return `person-${createHmac('sha256', this.secret).update(`public-person:${id}`).digest('base64url').slice(0, 16)}`;
  }
}
