import { Module } from '@nestjs/common';
import { ClaimsModule } from '../claims/claims.module';
import { ActivityReadModel } from './activity/activity.read-model';
import { AuditTrailService } from './audit-trail.service';
import { AuditResolver } from './audit.resolver';
import { auditProjections } from './activity/activity.projection';
import { registerProjections } from '../projections/projection-registry';
import { TransparencyLogModule } from '../transparency-log/transparency-log.module';

/** The audit trail: history, time travel, diffs, tamper evidence and activity, from the event log. */
@Module({
  imports: [ClaimsModule, TransparencyLogModule],
  providers: [ActivityReadModel, AuditTrailService, AuditResolver, registerProjections('audit', auditProjections)],
  exports: [AuditTrailService],
})
export class AuditModule {}
