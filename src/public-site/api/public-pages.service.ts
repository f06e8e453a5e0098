import { Inject, Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { EVENT_STORE, type EventStore } from '../../event-store/event-store.port';
import type { ExistingClaim } from '../../claims/domain/claim';
import type { DeskPolicy } from '../../claims/domain/commands';
import { methodologyOf, pinnedScale } from '../../claims/domain/methodology';
import { ratingLabel } from '../../claims/domain/rating-scale';
import { DESK_POLICY } from '../../claims/application/desk-policy';
import { claimStream, toClaimEvent } from '../../claims/application/claim-stream';
import { ClaimsReadModel, PUBLIC_STATUSES } from '../../claims/read-model/claims.read-model';
import { ClaimReviewService } from '../../claim-review/claim-review.service';
import { buildClaimReview, factCheckUrl } from '../../claim-review/claim-review.builder';
import { serialiseJsonLd } from '../../claim-review/json-ld.serialiser';
import { FactCheckProofs, LogDisagreesWithStore } from '../../transparency-log/application/fact-check-proofs';
import { TransparencyLogService } from '../../transparency-log/application/transparency-log.service';
import { InvalidArgument } from '../../shared/refusal';
import { PublicRecordReadModel } from '../read-model/public-record.read-model';
import { factCheckPage, type FactCheckPageView, type LogFindings, type LogStanding, type StreamEvent } from '../domain/fact-check-page';
import { directionOf } from '../domain/text-direction';
import type { ReviewerNamePolicy } from '../domain/reviewer-names';
import { strongEtag } from './http-caching';
import { PageRenderer, type PageHead } from './page-renderer';

/** A page as the controller sends it: its status, its HTML, and when what it shows last changed. */
export interface RenderedPage {
  status: 200 | 400 | 404 | 410;
  html: string | Buffer;
  /**
   * Time of the last public change the page shows; null when it shows none (a 404), and while one of
   * its proofs is pending: the page changes when the proof arrives, at no date a reader could compare.
   */
  lastModified: string | null;
  /** strongEtag(html), when the page was kept with it. */
  etag?: string;
  /** Cache-Control when not the public default: answers that may change any moment (a 404, a 400) are not kept. */
  cacheControl?: string;
}

/** What a fact-check's page was rendered from: it is rendered again when any of it moves. */
interface RenderedFactCheck {
  page: RenderedPage;
  revision: number;
  baseUrl: string;
  checkpointSize: number | null;
  /** Set while a public event waits for its proof: the log's size then matters too (the leaf index appears). */
  logSize: number | null;
}

/** Rendered fact-check pages kept, by bytes; a minute at most, so a log that no longer agrees shows soon. */
const PAGE_CACHE_BYTES = 64 * 1024 * 1024;
const PAGE_CACHE_TTL_MS = 60_000;
const NOT_KEPT = 'no-cache';

export const INDEX_PAGE_SIZE = 20;
const MAX_TOPIC_LENGTH = 200;

/** The query string of the index, as Express parsed it (a repeated key is an array). */
export type IndexQuery = Record<string, unknown>;

/** Something wrong with a page's query string: a 400 page naming the parameter. */
export class BadPageQuery extends Error {
  constructor(
    readonly parameter: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Renders the public pages from the read models, the claim's stream (its public timeline) and the
 * transparency log (its proofs). Only PUBLISHED and RETRACTED claims of this desk are ever read.
 */
@Injectable()
export class PublicPages {
  private readonly renderer: PageRenderer;
  private readonly rendered = new LRUCache<string, RenderedFactCheck>({
    maxSize: PAGE_CACHE_BYTES,
    sizeCalculation: (entry) => Math.max(1, entry.page.html.length),
    ttl: PAGE_CACHE_TTL_MS,
  });

  constructor(
    private readonly claims: ClaimsReadModel,
    private readonly reviews: ClaimReviewService,
    private readonly proofs: FactCheckProofs,
    private readonly record: PublicRecordReadModel,
    private readonly log: TransparencyLogService,
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(DESK_POLICY) private readonly policy: DeskPolicy,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.renderer = new PageRenderer({ name: config.ORGANIZATION_NAME, url: config.ORGANIZATION_URL ?? null });
  }

  private get reviewerNames(): ReviewerNamePolicy {
    return this.config.PUBLIC_REVIEWER_NAMES;
  }

  private get baseUrl(): string {
    return this.reviews.context.baseUrl;
  }

  /** 200 with the fact-check; 410 with the retraction; 404 alike for unknown, unpublished and other desks' claims. */
  async factCheck(id: string): Promise<RenderedPage> {
    const claim = this.claims.get(id, PUBLIC_STATUSES);
    if (!claim || claim.origin === 'EXTERNAL' || !claim.publication) return this.notFound(`There is no published fact-check with the id “${isolate(id)}”.`);
    if (claim.status === 'RETRACTED' && claim.retraction) {
      const html = this.render('gone', { title: 'Retracted fact-check', lang: claim.language, dir: directionOf(claim.language) }, {
        statement: claim.statement,
        ratingLabel: ratingLabel(pinnedScale(claim, this.policy.scale), claim.publication.rating),
        retraction: { at: claim.retraction.at, note: claim.retraction.note },
        proofBundlePath: bundlePath(claim.id),
      });
      return { status: 410, html, lastModified: claim.retraction.at };
    }
    const log = this.log.health();
    const kept = this.rendered.get(claim.id);
    if (kept && kept.revision === claim.revision && kept.baseUrl === this.baseUrl && kept.checkpointSize === log.checkpointSize && (kept.logSize === null || kept.logSize === log.size)) {
      return kept.page;
    }
    const review = buildClaimReview(claim, this.reviews.context);
    const { view, logProblem } = await this.view(claim);
    const html = Buffer.from(
      this.render(
        'fact-check',
        {
          title: `Fact-check: ${isolate(shorten(claim.statement, 80))}`,
          lang: view.lang,
          dir: view.dir,
          description: `${isolate(view.rating.label)}. ${isolate(shorten(view.summary, 200))}`,
          canonical: view.url,
          jsonLd: serialiseJsonLd(review),
          proofBundle: bundlePath(claim.id),
        },
        { view, logProblem, claimReviewUrl: `/claims/${encodeURIComponent(claim.id)}/claim-review.jsonld` },
      ),
      'utf8',
    );
    const pending = view.timeline.some((step) => step.log?.state === 'PENDING');
    const page: RenderedPage = { status: 200, html, lastModified: pending ? null : lastPublicChange(claim), etag: strongEtag(html) };
    this.rendered.set(claim.id, { page, revision: claim.revision, baseUrl: this.baseUrl, checkpointSize: log.checkpointSize, logSize: pending ? log.size : null });
    return page;
  }

  /** Published fact-checks, newest publication first, filtered by topic and rating. */
  index(query: IndexQuery): RenderedPage {
    onlyParameters(query, ['topic', 'rating', 'after']);
    const topic = single(query, 'topic');
    const rating = single(query, 'rating');
    const after = single(query, 'after');
    if (topic !== undefined && [...topic].length > MAX_TOPIC_LENGTH) throw new BadPageQuery('topic', `topic may be at most ${MAX_TOPIC_LENGTH} characters`);
    const scale = this.policy.scale;
    if (rating !== undefined && rating !== '' && !scale.ratings.some((r) => r.key === rating)) {
      throw new BadPageQuery('rating', `rating must be one of ${scale.ratings.map((r) => r.key).join(', ')} (got “${isolate(rating)}”)`);
    }
    const filter = { status: ['PUBLISHED' as const], origin: 'DESK' as const, ...(topic ? { topic } : {}), ...(rating ? { rating: [rating] } : {}) };
    let page;
    try {
      page = this.claims.list(filter, { first: INDEX_PAGE_SIZE, after: after || undefined, sort: 'RECENTLY_PUBLISHED', visibleStatuses: PUBLIC_STATUSES });
    } catch (error) {
      if (error instanceof InvalidArgument) throw new BadPageQuery('after', `after must be a cursor from the link to older fact-checks (${error.message})`);
      throw error;
    }
    const items = page.claims
      .filter((c) => c.publication)
      .map((c) => ({
        path: `/claims/${encodeURIComponent(c.id)}`,
        statement: c.statement,
        claimant: c.claimant.name,
        lang: c.language,
        dir: directionOf(c.language),
        ratingLabel: ratingLabel(pinnedScale(c, scale), c.publication!.rating),
        publishedAt: c.publication!.publishedAt,
        corrections: c.corrections.length,
      }));
    const nextCursor = page.hasNextPage ? page.cursors[page.cursors.length - 1] : undefined;
    const next = nextCursor ? `/claims?${new URLSearchParams({ ...(topic ? { topic } : {}), ...(rating ? { rating } : {}), after: nextCursor }).toString()}` : null;
    const filtered = Boolean(topic || rating);
    const heading = filtered ? `Fact-checks${topic ? ` on “${isolate(topic)}”` : ''}${rating ? ` rated ${ratingLabel(scale, rating)}` : ''}` : 'Fact-checks';
    const html = this.render('index', { title: heading, lang: 'en', dir: 'ltr', section: 'index', canonical: `${this.baseUrl.replace(/\/+$/, '')}/claims` }, {
      heading,
      filters: { topic, rating },
      ratings: scale.ratings,
      total: page.totalCount,
      items,
      next,
    });
    const lastModified = page.claims.reduce<string | null>((latest, c) => later(latest, lastPublicChange(c)), null);
    return { status: 200, html, lastModified };
  }

  /** Every correction and retraction, newest first (the IFCN code's public corrections log). */
  corrections(query: IndexQuery): RenderedPage {
    onlyParameters(query, ['after']);
    const after = single(query, 'after');
    let page;
    try {
      page = this.record.changes({ first: INDEX_PAGE_SIZE, after: after || undefined, kinds: ['CORRECTED', 'RETRACTED'] });
    } catch (error) {
      if (error instanceof InvalidArgument) throw new BadPageQuery('after', `after must be a cursor from the link to older corrections (${error.message})`);
      throw error;
    }
    const items = page.changes.flatMap((change) => {
      const claim = this.claims.get(change.claimId, PUBLIC_STATUSES);
      if (!claim) return []; // the read models trail each other by a moment: it shows on the next read
      const label = (key: string) => ratingLabel(pinnedScale(claim, this.policy.scale), key);
      return [{
        at: change.at,
        kind: change.kind,
        path: `/claims/${encodeURIComponent(claim.id)}`,
        statement: claim.statement,
        lang: claim.language,
        dir: directionOf(claim.language),
        note: change.note ?? '',
        ratingChange: change.kind === 'CORRECTED' && change.previousRating !== null && change.previousRating !== change.rating ? { from: label(change.previousRating), to: label(change.rating) } : null,
      }];
    });
    const next = page.nextCursor ? `/corrections?${new URLSearchParams({ after: page.nextCursor }).toString()}` : null;
    const html = this.render('corrections', { title: 'Corrections log', lang: 'en', dir: 'ltr', section: 'corrections', canonical: `${this.baseUrl.replace(/\/+$/, '')}/corrections` }, { items, next });
    return { status: 200, html, lastModified: page.changes[0]?.at ?? null };
  }

  /** The rating scale and the publication policy in force, from the configuration. */
  methodology(): RenderedPage {
    const methodology = methodologyOf(this.policy);
    const names: Record<ReviewerNamePolicy, string> = {
      FULL: 'Our pages name the reviewers and editors who worked on each fact-check.',
      INITIALS: 'Our pages give the initials of the reviewers and editors who worked on each fact-check, not their full names: fact-checkers are targets of harassment. The desk knows who each of them is, and its audit trail records it.',
      NONE: 'Our pages do not name the reviewers and editors who worked on a fact-check: fact-checkers are targets of harassment. Each verdict is still shown, and the desk’s audit trail records who gave it.',
    };
    const html = this.render('methodology', { title: 'Methodology', lang: 'en', dir: 'ltr', section: 'methodology' }, {
      ratings: this.policy.scale.ratings,
      scaleVersion: methodology.scaleVersion,
      scaleHash: methodology.scaleHash,
      policy: methodology.policy,
      namesPolicy: names[this.reviewerNames],
    });
    return { status: 200, html, lastModified: null };
  }

  /** A page that says what is wrong with the address or its query string. */
  problem(status: 400 | 404, title: string, message: string): RenderedPage {
    return { status, html: this.render('error', { title, lang: 'en', dir: 'ltr' }, { title, message }), lastModified: null, cacheControl: NOT_KEPT };
  }

  notFound(message: string): RenderedPage {
    return { status: 404, html: this.render('not-found', { title: 'No such fact-check', lang: 'en', dir: 'ltr' }, { message }), lastModified: null, cacheControl: NOT_KEPT };
  }

  private async view(claim: ExistingClaim): Promise<{ view: FactCheckPageView; logProblem: string | null }> {
    const [events, log] = await Promise.all([this.streamEvents(claim.id), this.logFindings(claim.id)]);
    const view = factCheckPage(claim, events, factCheckUrl(this.baseUrl, claim.id), log, { scale: this.policy.scale, reviewerNames: this.reviewerNames });
    if (!view) throw new Error(`Claim ${claim.id} is public but has no publication`);
    return { view, logProblem: log.problem ?? null };
  }

  private async streamEvents(claimId: string): Promise<StreamEvent[]> {
    const read = await this.events.readStream(claimStream(claimId));
    return read.found ? read.events.map((recorded) => ({ revision: recorded.revision, event: toClaimEvent(recorded) })) : [];
  }

  /** The proof of each public event, from the claim's bundle; a log that disagrees with the store is said so on the page. */
  private async logFindings(claimId: string): Promise<LogFindings & { problem?: string }> {
    const byRevision = new Map<number, LogStanding>();
    const findings = { proofBundleUrl: bundlePath(claimId), byRevision };
    try {
      const bundle = await this.proofs.bundle(claimId);
      if (!bundle) return findings;
      for (const event of bundle.publicEvents) {
        byRevision.set(event.revision, { state: 'PROVED', leafIndex: event.index, proofUrl: `${bundlePath(claimId)}/events/${event.index}/proof` });
      }
      for (const event of bundle.pending) byRevision.set(event.revision, { state: 'PENDING', leafIndex: event.index });
      return findings;
    } catch (error) {
      if (error instanceof LogDisagreesWithStore) return { ...findings, problem: error.message };
      throw error;
    }
  }

  private render(template: string, head: PageHead, data: Record<string, unknown>): string {
    return this.renderer.render(template, head, data);
  }
}

function bundlePath(claimId: string): string {
  return `/log/fact-checks/${encodeURIComponent(claimId)}`;
}

/** The publication, the latest correction or the retraction: what a reader's copy of the page depends on. */
export function lastPublicChange(claim: ExistingClaim): string | null {
  let latest: string | null = claim.publication?.publishedAt ?? null;
  for (const c of claim.corrections) latest = later(latest, c.at);
  return later(latest, claim.retraction?.at ?? null);
}

function later(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return Date.parse(b) > Date.parse(a) ? b : a;
}

/** A parameter the page does not know would be a filter silently not applied: refused, by name. */
function onlyParameters(query: IndexQuery, known: readonly string[]): void {
  const unknown = Object.keys(query).find((name) => !known.includes(name));
  if (unknown !== undefined) {
    throw new BadPageQuery(unknown, `“${isolate(unknown)}” is not a parameter of this page; it takes ${known.join(', ')}${/[[\]]/.test(unknown) ? ' (each given once, without brackets)' : ''}`);
  }
}

function single(query: IndexQuery, name: string): string | undefined {
  const value = query[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new BadPageQuery(name, `${name} may be given once, as plain text`);
  return value;
}

/**
 * A user's text inside plain text (the page's title, its description, a message echoing the address):
 * between U+2068 FIRST STRONG ISOLATE and U+2069 POP DIRECTIONAL ISOLATE, so an override in it ends
 * with it and cannot reorder the words around it. In markup the templates use <bdi> instead.
 */
export function isolate(text: string): string {
  return `\u2068${text}\u2069`;
}

/** At most `max` characters (whole code points), with an ellipsis when cut. */
function shorten(text: string, max: number): string {
  const chars = [...text.replace(/\s+/g, ' ').trim()];
  return chars.length <= max ? chars.join('') : `${chars.slice(0, max - 1).join('')}…`;
}
