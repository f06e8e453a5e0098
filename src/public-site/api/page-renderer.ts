import type { Eta } from 'eta';
import { PAGE_FORMAT } from './page-format';
import { createTemplateEngine } from './templates';

/** The layout's page fields (templates/layout.eta). */
export interface PageHead {
  title: string;
  lang: string;
  dir: 'ltr' | 'rtl';
  section?: 'index' | 'corrections' | 'methodology';
  description?: string;
  canonical?: string;
  /** Already serialised by serialiseJsonLd, which leaves no `<` in it: the one raw insertion. */
  jsonLd?: string;
  proofBundle?: string;
}

export interface SiteIdentity {
  name: string;
  url: string | null;
}

/** A page's body template rendered inside the layout, with the date and text helpers. */
export class PageRenderer {
  constructor(
    private readonly site: SiteIdentity,
    private readonly engine: Eta = createTemplateEngine(),
  ) {}

  render(template: string, head: PageHead, data: Record<string, unknown>): string {
    const body = this.engine.render(`./${template}`, { ...PAGE_FORMAT, ...data });
    return this.engine.render('./layout', { site: this.site, page: head, body });
  }
}
