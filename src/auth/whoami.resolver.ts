import { Query, Resolver } from '@nestjs/graphql';
import { Actor } from '../shared/actor';
import { ActorModel } from './actor.model';
import { CurrentActor } from '../graphql/current-actor.decorator';

@Resolver(() => ActorModel)
export class WhoamiResolver {
  @Query(() => ActorModel, { nullable: true, description: 'The caller, as established by the bearer token; null without one.' })
  whoami(@CurrentActor() actor: Actor | null): Actor | null {
    return actor;
  }
}
