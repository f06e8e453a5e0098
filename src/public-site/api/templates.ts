import { Eta } from 'eta';
import { join } from 'node:path';

/**
 * Where the page templates are: beside this folder in the sources (ts-node, jest) and in `dist`
 * (the build copies `src/public-site/templates` there).
 */
export const TEMPLATES_DIRECTORY = join(__dirname, '..', 'templates');
export const ASSETS_DIRECTORY = join(__dirname, '..', 'assets');

/**
 * The one template engine of the public site. `<%= %>` escapes (& < > " '), which is right for HTML
 * text, HTML attributes and XML alike; `<%~ %>` (raw) is only ever given what another template or
 * serialiseJsonLd produced, never a user's text. Templates are compiled once and kept.
 */
export function createTemplateEngine(directory = TEMPLATES_DIRECTORY): Eta {
  return new Eta({ views: directory, autoEscape: true, autoTrim: false, cache: true, useWith: false, varName: 'it' });
}
