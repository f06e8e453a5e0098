import { Args, Context, Query, Resolver } from '@nestjs/graphql';
import { requireActor } from '../../graphql/require-actor';
import type { RequestContext } from '../../graphql/request-context';
import { StandardsReportReadModel } from '../read-model/standards-report.read-model';
import { requireEditor } from './standards-report.access';
import { StandardsReportArgs, StandardsReportType } from './standards-report.types';

@Resolver()
export class StandardsReportResolver {
  constructor(private readonly reports: StandardsReportReadModel) {}

  @Query(() => StandardsReportType, { description: 'The desk\'s standards report for a period (editors only); also GET /standards-report.json and .csv.' })
  standardsReport(@Args() { from, to }: StandardsReportArgs, @Context() ctx: RequestContext): StandardsReportType {
    requireEditor(requireActor(ctx));
    return this.reports.report({ from, to });
  }
}
