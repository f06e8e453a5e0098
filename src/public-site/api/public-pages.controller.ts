import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Request, Response } from 'express';
import { cachedResponse } from './http-caching';
import { securePage } from './page-security';
import { BadPageQuery, PublicPages, type IndexQuery, type RenderedPage } from './public-pages.service';
import { ASSETS_DIRECTORY } from './templates';

const HTML = 'text/html; charset=utf-8';

/**
 * The reader's pages: GET /claims/:id (the ClaimReview `url`), /claims, /corrections, /methodology and the
 * stylesheet. No token, no script. Every answer carries an ETag, and Last-Modified where the page
 * shows a dated change, so a CDN can sit in front.
 */
@Controller()
export class PublicPagesController {
  private readonly stylesheet = readFileSync(join(ASSETS_DIRECTORY, 'site.css'), 'utf8');

  constructor(private readonly pages: PublicPages) {}

  @Get()
  home(@Res() res: Response): void {
    res.redirect(302, '/claims');
  }

  @Get('claims')
  index(@Query() query: IndexQuery, @Req() req: Request, @Res() res: Response): void {
    this.send(req, res, this.answer(() => this.pages.index(query)));
  }

  @Get('claims/:id')
  async factCheck(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    this.send(req, res, await this.pages.factCheck(id));
  }

  @Get('corrections')
  corrections(@Query() query: IndexQuery, @Req() req: Request, @Res() res: Response): void {
    this.send(req, res, this.answer(() => this.pages.corrections(query)));
  }

  @Get('methodology')
  methodology(@Req() req: Request, @Res() res: Response): void {
    this.send(req, res, this.pages.methodology());
  }

  @Get('assets/site.css')
  css(@Req() req: Request, @Res() res: Response): void {
    cachedResponse(req, res, { body: this.stylesheet, lastModified: null, contentType: 'text/css; charset=utf-8' });
  }

  private answer(render: () => RenderedPage): RenderedPage {
    try {
      return render();
    } catch (error) {
      // The heading is the service's own words; only the message names (isolated) what the address held.
      if (error instanceof BadPageQuery) return this.pages.problem(400, 'This address cannot be answered', error.message);
      throw error;
    }
  }

  private send(req: Request, res: Response, page: RenderedPage): void {
    securePage(res);
    cachedResponse(req, res, { body: page.html, lastModified: page.lastModified, contentType: HTML, status: page.status, etag: page.etag, ...(page.cacheControl ? { cacheControl: page.cacheControl } : {}) });
  }
}
