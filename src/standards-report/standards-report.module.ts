import { Module } from '@nestjs/common';
import { registerProjections } from '../projections/projection-registry';
import { StandardsReportController } from './api/standards-report.controller';
import { StandardsReportResolver } from './api/standards-report.resolver';
import { standardsReportProjections } from './read-model/standards-report.projection';
import { StandardsReportReadModel } from './read-model/standards-report.read-model';

/** The editors' standards report (issue 13, point 7): a read model over the event log, in GraphQL, JSON and CSV. */
@Module({
  providers: [StandardsReportReadModel, StandardsReportResolver, registerProjections('standards-report', standardsReportProjections)],
  controllers: [StandardsReportController],
})
export class StandardsReportModule {}
