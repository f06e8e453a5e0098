import { Context, Mutation, Resolver } from '@nestjs/graphql';
import { requireActor } from '../graphql/require-actor';
import type { RequestContext } from '../graphql/request-context';
import { hasRole } from '../claims/domain/rules';
import { DeskError } from '../claims/domain/desk-error';
import { ReadModelsService } from '../projections/read-models.service';
import { RebuildReportType } from './admin.types';

/**
 * Operating the read models over GraphQL (admins). Here rather than in src/projections, which
 * knows no feature (not GraphQL, not the desk's roles); `npm run projections:rebuild` calls it.
 */
@Resolver()
export class ReadModelsAdminResolver {
  constructor(private readonly readModels: ReadModelsService) {}

  @Mutation(() => RebuildReportType, { description: 'Rebuild the read models from the event log (admins). The service keeps answering meanwhile.' })
  async rebuildReadModels(@Context() ctx: RequestContext): Promise<RebuildReportType> {
    const actor = requireActor(ctx);
    if (!hasRole(actor, 'admin')) throw new DeskError('FORBIDDEN', 'Only admins may rebuild the read models');
    return this.readModels.rebuild(`requested by ${actor.id}`);
  }
}
