import { BadRequestException, Controller, Get, GoneException, Header, NotFoundException, Param, Query, Res } from '@nestjs/common';
import { quote } from '../shared/quote';
import type { Response } from 'express';
import { InvalidArgument } from '../shared/refusal';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../claims/read-model/claims.read-model';
import { proofBundleUrl, type ClaimReviewJsonLd, type OrganizationJsonLd } from './claim-review.builder';
import { ClaimReviewService } from './claim-review.service';
import { serialiseJsonLd } from './json-ld.serialiser';

export const JSON_LD = 'application/ld+json';
export const FEED_PATH = '/claim-reviews.jsonld';

/** The feed: a schema.org DataFeed whose elements are ClaimReviews, plus where the next page is. */
export interface ClaimReviewFeed {
  '@context': 'https://schema.org';
  '@type': 'DataFeed';
  name: string;
  publisher: OrganizationJsonLd;
  dataFeedElement: ClaimReviewJsonLd[];
  /**
   * The next page, as a path-absolute reference (resolve it against the feed's own address); absent on
   * the last page. Also sent as an HTTP `Link: <…>; rel="next"` header.
   */
  next?: string;
}

function badRequest(message: string, field: string, extra: Record<string, unknown> = {}): BadRequestException {
  return new BadRequestException({ statusCode: 400, error: 'Bad Request', message, field, ...extra });
}

function single(name: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw badRequest(`${name} may be given once, as a plain value`, name);
  return value;
}

/** `first` from the query string: absent (DEFAULT_PAGE_SIZE), or a whole number from 1 to MAX_PAGE_SIZE. */
function pageSize(raw: unknown): number | undefined {
  const value = single('first', raw);
  if (value === undefined) return undefined;
  const n = /^\d{1,6}$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(n) || n < 1 || n > MAX_PAGE_SIZE) {
    throw badRequest(`first must be a whole number between 1 and ${MAX_PAGE_SIZE} (got "${value}"); ask for the next page with "after" instead`, 'first', { max: MAX_PAGE_SIZE });
  }
  return n;
}

/**
 * Public, read-only ClaimReview export (no token needed): one fact-check, or the feed of all of them.
 * Only published fact-checks are exported; see ClaimReviewService for retracted ones. Bodies are
 * written by serialiseJsonLd (no raw `<`, `>`, `&`), as they are meant to be pasted into a
 * `<script type="application/ld+json">` element.
 */
@Controller()
export class ClaimReviewController {
  constructor(private readonly reviews: ClaimReviewService) {}

  /**
   * 200 with the ClaimReview; 410 Gone (with the note) once retracted; 404 for anything else. The
   * first two carry `Link: <…/log/fact-checks/:id>; rel="describedby"`: the proof bundle.
   */
  @Get('claims/:id/claim-review.jsonld')
  @Header('Content-Type', JSON_LD)
  one(@Param('id') id: string, @Res({ passthrough: true }) res: Response): string {
    const found = this.reviews.lookup(id);
    // A public fact-check (standing or retracted) is described by its transparency-log proof bundle.
    if (found.kind !== 'none') res.setHeader('Link', `<${proofBundleUrl(this.reviews.context.baseUrl, id)}>; rel="describedby"; type="application/json"`);
    switch (found.kind) {
      case 'live':
        return serialiseJsonLd(found.review);
      case 'retracted':
        throw new GoneException({
          statusCode: 410,
          error: 'Gone',
          message: ClaimReviewService.retractionMessage(found.retraction),
          url: found.url,
          retraction: found.retraction,
        });
      case 'none':
        // The same answer for unknown and unpublished claims: whether a draft exists is not public.
        throw new NotFoundException({ statusCode: 404, error: 'Not Found', message: `There is no published fact-check with id "${quote(id)}"` });
    }
  }

  /** Published fact-checks, newest first (by submission), `first` (default 20, at most 100) a page. */
  @Get(FEED_PATH)
  @Header('Content-Type', JSON_LD)
  feed(@Query('first') rawFirst: unknown, @Query('after') rawAfter: unknown, @Res({ passthrough: true }) res: Response): string {
    const first = pageSize(rawFirst) ?? DEFAULT_PAGE_SIZE;
    const after = single('after', rawAfter);
    let page;
    try {
      page = this.reviews.page(first, after);
    } catch (error) {
      if (error instanceof InvalidArgument) {
        throw badRequest(error.message, String(error.details.field ?? 'after'));
      }
      throw error;
    }
    const { organization } = this.reviews.context;
    const feed: ClaimReviewFeed = {
      '@context': 'https://schema.org',
      '@type': 'DataFeed',
      name: `${organization.name}: published fact-checks`,
      publisher: { '@type': 'Organization', name: organization.name, ...(organization.url ? { url: organization.url } : {}) },
      dataFeedElement: page.reviews,
    };
    if (page.nextCursor !== null) {
      const params = new URLSearchParams({ first: String(first), after: page.nextCursor });
      feed.next = `${FEED_PATH}?${params.toString()}`;
      res.setHeader('Link', `<${feed.next}>; rel="next"`);
    }
    return serialiseJsonLd(feed);
  }
}
