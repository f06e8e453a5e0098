import { Module } from '@nestjs/common';
import { CLOCK, systemClock } from '../shared/clock';
import { ClaimsModule } from '../claims/claims.module';
import { ExternalFactChecksController } from './api/external-fact-checks.controller';

/**
 * Other desks' fact-checks: POST /fact-checks/external/import stores ClaimReviews as read-only claims of
 * origin EXTERNAL, which the claims read model lists and searches beside the desk's own.
 */
@Module({
  imports: [ClaimsModule],
  controllers: [ExternalFactChecksController],
  providers: [{ provide: CLOCK, useValue: systemClock }],
})
export class ExternalFactChecksModule {}
