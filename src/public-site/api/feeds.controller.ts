import { Controller, Get, Req, Res } from '@nestjs/common';
import type { Eta } from 'eta';
import type { Request, Response } from 'express';
import { factCheckUrl } from '../../claim-review/claim-review.builder';
import { ClaimReviewService } from '../../claim-review/claim-review.service';
import { ClaimsReadModel, PUBLIC_STATUSES } from '../../claims/read-model/claims.read-model';
import { FeedContext, FeedView, feedView, jsonFeed } from '../domain/feeds';
import { PublicRecordReadModel } from '../read-model/public-record.read-model';
import { cachedResponse } from './http-caching';
import { createTemplateEngine } from './templates';

export const ATOM_FEED_PATH = '/feed.atom';
export const JSON_FEED_PATH = '/feed.json';
export const ATOM_CONTENT_TYPE = 'application/atom+xml; charset=utf-8';
export const JSON_FEED_CONTENT_TYPE = 'application/feed+json; charset=utf-8';
/** How many of the latest public changes the feeds carry. */
export const FEED_ENTRIES = 50;

/** The Atom document of a feed view (its texts are XML-safe already; `<%= %>` escapes them). */
export function renderAtomFeed(templates: Eta, view: FeedView): string {
  return templates.render('feed.atom.eta', view);
}

/** The feeds of publications, corrections and retractions, newest first (no token; cached by ETag). */
@Controller()
export class FeedsController {
  private readonly templates = createTemplateEngine();

  constructor(
    private readonly record: PublicRecordReadModel,
    private readonly claims: ClaimsReadModel,
    private readonly reviews: ClaimReviewService,
  ) {}

  @Get(ATOM_FEED_PATH)
  atom(@Req() req: Request, @Res() res: Response): void {
    const view = this.view();
    cachedResponse(req, res, { body: renderAtomFeed(this.templates, view), lastModified: this.lastModified(view), contentType: ATOM_CONTENT_TYPE });
  }

  @Get(JSON_FEED_PATH)
  json(@Req() req: Request, @Res() res: Response): void {
    const view = this.view();
    cachedResponse(req, res, { body: JSON.stringify(jsonFeed(view)), lastModified: this.lastModified(view), contentType: JSON_FEED_CONTENT_TYPE });
  }

  private view(): FeedView {
    const { changes } = this.record.changes({ first: FEED_ENTRIES });
    const sources = changes.map((change) => ({ change, claim: this.claims.get(change.claimId, PUBLIC_STATUSES) }));
    return feedView(sources, this.context());
  }

  private context(): FeedContext {
    // The one read of the public base URL for the feeds (how its default is found is config's business).
    const { baseUrl, organization, scale } = this.reviews.context;
    const root = baseUrl.replace(/\/+$/, '');
    return {
      pageUrl: (claimId) => factCheckUrl(baseUrl, claimId),
      atomUrl: `${root}${ATOM_FEED_PATH}`,
      jsonUrl: `${root}${JSON_FEED_PATH}`,
      homeUrl: `${root}/claims`,
      organization,
      scale,
    };
  }

  /** The newest act's time; none for an empty feed (its fixed epoch is not a modification). */
  private lastModified(view: FeedView): string | null {
    return view.entries.length > 0 ? view.updated : null;
  }
}
