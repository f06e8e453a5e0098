/**
 * Strict ISO 8601 dates and date-times, read as instants. Only two spellings are accepted:
 *
 *   YYYY-MM-DD                                   a calendar date (its meaning is the caller's: a UTC day)
 *   YYYY-MM-DDThh:mm[:ss[.f{1,3}]](Z|±hh:mm)     a date-time with its offset from UTC
 *
 * ASCII digits only, real calendar dates (no 30 February) and real times (no 24:00, no second 60),
 * nothing around the value. Everything else (`2025`, `12/01/2026`, RFC 1123 dates, local times without
 * an offset, Arabic-Indic digits, spaces) is refused rather than read as some other moment, which is
 * what `new Date(text)` does.
 */

export type IsoInstant =
  | { kind: 'date'; /** YYYY-MM-DD as given */ date: string; /** UTC midnight of that date */ ms: number }
  | { kind: 'date-time'; /** the instant, in milliseconds since the epoch */ ms: number };

export const ISO_DATE_TIME_RULE = 'YYYY-MM-DDThh:mm[:ss[.fff]] followed by Z or an offset ±hh:mm, e.g. 2025-07-01T12:00:00Z';
export const ISO_DATE_OR_DATE_TIME_RULE = `YYYY-MM-DD, or ${ISO_DATE_TIME_RULE}`;

/** Longer than any accepted spelling ("2025-07-01T12:00:00.000+14:00" is 29 characters). */
const MAX_LENGTH = 29;

const PATTERN =
  /^([0-9]{4})-([0-9]{2})-([0-9]{2})(?:T([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:\.([0-9]{1,3}))?)?(?:(Z)|([+-])([0-9]{2}):([0-9]{2})))?$/;

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** UTC milliseconds of a date and time; years 0–99 are years 0–99, not 1900–1999 as in Date.UTC. */
function utc(year: number, month: number, day: number, hour = 0, minute = 0, second = 0, millis = 0): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, millis);
  return date.getTime();
}

/** The date or instant `value` spells, or null when it is not one of the two strict spellings. */
export function parseIsoInstant(value: unknown): IsoInstant | null {
  if (typeof value !== 'string' || value.length > MAX_LENGTH) return null;
  const m = PATTERN.exec(value);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, f, z, sign, oh, om] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (h === undefined) return { kind: 'date', date: value, ms: utc(year, month, day) };
  // A time needs its offset: a local time without one would be read in the server's time zone.
  if (z === undefined && sign === undefined) return null;
  const hour = Number(h);
  const minute = Number(mi);
  const second = s === undefined ? 0 : Number(s);
  if (hour > 23 || minute > 59 || second > 59) return null;
  const millis = f === undefined ? 0 : Number(f.padEnd(3, '0'));
  let offset = 0;
  if (sign !== undefined) {
    const offsetHours = Number(oh);
    const offsetMinutes = Number(om);
    if (offsetHours > 23 || offsetMinutes > 59) return null;
    offset = (sign === '+' ? 1 : -1) * (offsetHours * 60 + offsetMinutes) * 60_000;
  }
  return { kind: 'date-time', ms: utc(year, month, day, hour, minute, second, millis) - offset };
}

export function isIsoDateOrDateTime(value: unknown): value is string {
  return parseIsoInstant(value) !== null;
}

export function isIsoDateTime(value: unknown): value is string {
  return parseIsoInstant(value)?.kind === 'date-time';
}

/** The earliest and latest instants that `toISOString()` writes with a four-digit year. */
const MIN_MS = utc(0, 1, 1);
const MAX_MS = utc(9999, 12, 31, 23, 59, 59, 999);

/**
 * Whether an instant lies in UTC years 0000–9999, where `toISOString()` writes it as RFC 3339. A four-digit
 * year with an offset can still fall outside (`0000-01-01T00:00:00+01:00` is 31 December of year -1 in UTC,
 * `-000001-12-31T23:00:00.000Z`): such an instant cannot be served back as RFC 3339.
 */
export function inFourDigitYears(ms: number): boolean {
  return ms >= MIN_MS && ms <= MAX_MS;
}

/** `ms` clamped to UTC years 0000–9999 (see inFourDigitYears). */
export function clampToFourDigitYears(ms: number): number {
  return Math.min(MAX_MS, Math.max(MIN_MS, ms));
}

/**
 * A bound of a range, as stored times (`toISOString()`, UTC) compare with it as text. A date-time bound
 * becomes its UTC instant, so `2026-12-01T23:00:00+14:00` and `2026-12-01T09:00:00Z` select alike; it is
 * clamped to years 0000–9999, where the text order of ISO strings is the order of time. A bare date
 * keeps its meaning: from the start of that UTC day (`from`), to its end inclusive (`to`).
 * Null when `value` is not a strict ISO date or date-time.
 */
export function utcBound(value: string, side: 'from' | 'to'): string | null {
  const parsed = parseIsoInstant(value);
  if (!parsed) return null;
  if (parsed.kind === 'date') return side === 'from' ? parsed.date : `${parsed.date}T23:59:59.999Z`;
  return new Date(clampToFourDigitYears(parsed.ms)).toISOString();
}
