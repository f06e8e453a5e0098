import { Module } from '@nestjs/common';
import { ClaimsModule } from '../claims/claims.module';

/**
 * The public site: a server-rendered page per published fact-check at its ClaimReview `url`
 * (PUBLIC_BASE_URL/claims/<id>), the index, the corrections log, the methodology page and the feeds.
 * Read-only, no token, no client-side script.
 */
@Module({
  imports: [ClaimsModule],
  providers: [],
  controllers: [],
})
export class PublicSiteModule {}
