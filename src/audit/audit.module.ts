import { Module } from '@nestjs/common';
import { ReadModelsModule } from '../read-models/read-models.module';
import { AuditTrailService } from './audit-trail.service';
import { AuditResolver } from './audit.resolver';

/** The audit trail: history, time travel, diffs, tamper evidence and activity, from the event log. */
@Module({
  imports: [ReadModelsModule],
  providers: [AuditTrailService, AuditResolver],
})
export class AuditModule {}
