import { Query, Resolver } from '@nestjs/graphql';
import { Actor } from '../shared/actor';
import { ActorType } from './actor.types';
import { CurrentActor } from '../graphql/current-actor.decorator';

@Resolver(() => ActorType)
export class WhoamiResolver {
  @Query(() => ActorType, { nullable: true, description: 'The caller, as established by the bearer token; null without one.' })
  whoami(@CurrentActor() actor: Actor | null): Actor | null {
    return actor;
  }
}
