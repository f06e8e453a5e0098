import { createHash } from 'node:crypto';
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

/** Both feeds' bodies, as of one state of the public record. */
interface RenderedFeeds {
  position: number | null;
  baseUrl: string;
  atom: string;
  json: string;
  lastModified: string | null;
}

/** The feeds of publications, corrections and retractions, newest first (no token; cached by ETag). */
@Controller()
export class FeedsController {
  private readonly templates = createTemplateEngine();
  private rendered?: RenderedFeeds;

  constructor(
    private readonly record: PublicRecordReadModel,
    private readonly claims: ClaimsReadModel,
    private readonly reviews: ClaimReviewService,
  ) {}

  @Get(ATOM_FEED_PATH)
  atom(@Req() req: Request, @Res() res: Response): void {
    const { atom, lastModified } = this.feeds();
    cachedResponse(req, res, { body: atom, lastModified, contentType: ATOM_CONTENT_TYPE });
  }

  @Get(JSON_FEED_PATH)
  json(@Req() req: Request, @Res() res: Response): void {
    const { json, lastModified } = this.feeds();
    cachedResponse(req, res, { body: json, lastModified, contentType: JSON_FEED_CONTENT_TYPE });
  }

  /**
   * The bodies, rendered again only when the record has a newer change. The record only grows, and
   * what an entry shows of its claim (statement, pinned scale) cannot change once published, so its
   * latest position names the feeds' content. Rendering reads 50 claim documents: about 10 ms.
   */
  private feeds(): RenderedFeeds {
    const position = this.record.latestPosition();
    const ctx = this.context();
    if (this.rendered && this.rendered.position === position && this.rendered.baseUrl === ctx.baseUrl) return this.rendered;
    const view = this.view(ctx);
    this.rendered = { position, baseUrl: ctx.baseUrl, atom: renderAtomFeed(this.templates, view), json: JSON.stringify(jsonFeed(view)), lastModified: this.lastModified(view) };
    return this.rendered;
  }

  private view(ctx: FeedContext): FeedView {
    const { changes } = this.record.changes({ first: FEED_ENTRIES });
    const sources = changes.map((change) => ({ change, claim: this.claims.get(change.claimId, PUBLIC_STATUSES) }));
    return feedView(sources, ctx);
  }

  private context(): FeedContext & { baseUrl: string } {
    // The one read of the public base URL for the feeds, at each request (with PORT=0 it is known once the server listens).
    const { baseUrl, organization, scale } = this.reviews.context;
    const root = baseUrl.replace(/\/+$/, '');
    return {
      baseUrl,
      pageUrl: (claimId) => factCheckUrl(baseUrl, claimId),
      entryId: (claimId, kind, revision) => nameBasedUrn(`fact-check-feed-entry\n${claimId}\n${kind}\n${revision}`),
      feedId: nameBasedUrn(`fact-check-feed\n${organization.name}`),
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

/**
 * `urn:uuid:` of a name-based UUID (RFC 9562 version 8, from SHA-256 of the name): a permanent id that
 * does not name the address the service happens to answer on.
 */
export function nameBasedUrn(name: string): string {
  const bytes = createHash('sha256').update(name).digest().subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x80;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `urn:uuid:${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
