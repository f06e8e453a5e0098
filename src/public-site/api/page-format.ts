/**
 * How the templates write dates and text: plain functions handed to every template as `it.date`,
 * `it.dateTime` and `it.paragraphs`. They return text, which the template then escapes.
 */
const DATE = new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'UTC' });
const DATE_TIME = new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' });

function parse(value: string): Date | null {
  const time = new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  return Number.isNaN(time.getTime()) ? null : time;
}

/** "1 December 2026"; a value that is not a date is shown as it is. */
export function formatDate(value: string): string {
  const time = parse(value);
  return time ? DATE.format(time) : value;
}

/** "1 December 2026 at 14:05 UTC" (a bare date stays a date). */
export function formatDateTime(value: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return formatDate(value);
  const time = parse(value);
  return time ? `${DATE_TIME.format(time)} UTC` : value;
}

/** A text's paragraphs: its lines, trimmed, without the empty ones. */
export function paragraphs(text: string): string[] {
  return text
    .split(/\r\n|\r|\n|\u2029/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
}

export const PAGE_FORMAT = { date: formatDate, dateTime: formatDateTime, paragraphs };
