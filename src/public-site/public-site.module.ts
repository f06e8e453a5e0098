import { Module } from '@nestjs/common';
import { ClaimsModule } from '../claims/claims.module';
import { ClaimReviewModule } from '../claim-review/claim-review.module';
import { TransparencyLogModule } from '../transparency-log/transparency-log.module';
import { registerProjections } from '../projections/projection-registry';
import { FeedsController } from './api/feeds.controller';
import { PublicPagesController } from './api/public-pages.controller';
import { PublicPages } from './api/public-pages.service';
import { PublicRecordReadModel } from './read-model/public-record.read-model';
import { publicRecordProjections } from './read-model/public-record.projection';

/**
 * The public site: a server-rendered page per published fact-check at its ClaimReview `url`
 * (PUBLIC_BASE_URL/claims/<id>), the index, the corrections log, the methodology page and the feeds.
 * Read-only, no token, no client-side script.
 */
@Module({
  imports: [ClaimsModule, ClaimReviewModule, TransparencyLogModule],
  providers: [PublicPages, PublicRecordReadModel, registerProjections('public-site', publicRecordProjections)],
  controllers: [PublicPagesController, FeedsController],
})
export class PublicSiteModule {}
