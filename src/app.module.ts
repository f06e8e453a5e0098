import { DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AdminModule } from './admin/admin.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { ClaimReviewModule } from './claim-review/claim-review.module';
import { ExternalFactChecksModule } from './external-fact-checks/external-fact-checks.module';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { EventStoreModule } from './event-store/event-store.module';
import { GraphqlApiModule } from './graphql/graphql-api.module';
import { ClaimsModule } from './claims/claims.module';
import { CorrectionRequestsModule } from './correction-requests/correction-requests.module';
import { ObservabilityModule } from './observability/observability.module';
import { ProjectionsModule } from './projections/projections.module';
import { RateLimitModule } from './rate-limit/rate-limit.module';
import { StandardsReportModule } from './standards-report/standards-report.module';
import { NotesModule } from './notes/notes.module';
import { NodeModule } from './graphql/node/node.module';
import { CaseImportModule } from './case-file/case-import.module';
import { TransparencyLogModule } from './transparency-log/transparency-log.module';
import { PublicSiteModule } from './public-site/public-site.module';

@Module({})
export class AppModule {
  /** The configuration is passed in (validated beforehand) so tests can boot the app on their own settings. */
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [ConfigModule.forRoot(config), CqrsModule.forRoot(), EventStoreModule, AuthModule, RateLimitModule, GraphqlApiModule, ObservabilityModule, ProjectionsModule, ClaimsModule, NotesModule, AuditModule, ClaimReviewModule, ExternalFactChecksModule, AdminModule, CorrectionRequestsModule, StandardsReportModule, NodeModule, CaseImportModule, TransparencyLogModule, PublicSiteModule],
    };
  }
}
