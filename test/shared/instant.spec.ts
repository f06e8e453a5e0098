import fc from 'fast-check';
import { isIsoDateTime, parseIsoInstant, utcBound } from '../../src/shared/instant';

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** Instants whose every spelling (any offset) has a four-digit year: 0100-01-02 to 9998-12-31. */
const instant = fc.integer({ min: Date.UTC(100, 0, 2), max: Date.UTC(9998, 11, 31) });
/** Real offsets: −12:00 to +14:00, in quarter hours (Nepal is +05:45, Chatham +12:45). */
const offsetMinutes = fc.integer({ min: -48, max: 56 }).map((q) => q * 15);
const precision = fc.constantFrom('minutes', 'seconds', 'tenths', 'hundredths', 'millis');

/** The instant `ms` as local time at `offset` minutes from UTC, in the strict spelling. */
function spell(ms: number, offset: number, how: string): string {
  const local = new Date(ms + offset * 60_000);
  let text = `${pad(local.getUTCFullYear(), 4)}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}`;
  if (how !== 'minutes') text += `:${pad(local.getUTCSeconds())}`;
  const millis = pad(local.getUTCMilliseconds(), 3);
  if (how === 'tenths') text += `.${millis.slice(0, 1)}`;
  if (how === 'hundredths') text += `.${millis.slice(0, 2)}`;
  if (how === 'millis') text += `.${millis}`;
  const sign = offset < 0 ? '-' : '+';
  return text + (offset === 0 && how !== 'millis' ? 'Z' : `${sign}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`);
}

/** What the spelling keeps of the instant (it may drop seconds or milliseconds). */
function truncate(ms: number, how: string): number {
  const unit = { minutes: 60_000, seconds: 1000, tenths: 100, hundredths: 10, millis: 1 }[how]!;
  return ms - (((ms % unit) + unit) % unit);
}

const validDateTime = fc.tuple(instant, offsetMinutes, precision).map(([ms, offset, how]) => ({ ms: truncate(ms, how), text: spell(ms, offset, how) }));

describe('parseIsoInstant', () => {
  it('accepts exactly what new Date(x).toISOString() round-trips, for generated dates, times and offsets', () => {
    fc.assert(
      fc.property(validDateTime, ({ ms, text }) => {
        const parsed = parseIsoInstant(text);
        expect(parsed).toEqual({ kind: 'date-time', ms });
        expect(new Date(text).toISOString()).toBe(new Date(ms).toISOString());
      }),
      { numRuns: 2000 },
    );
  });

  it('accepts real calendar dates as the start of that UTC day, leap days included', () => {
    fc.assert(
      fc.property(fc.integer({ min: new Date('0000-01-01T00:00:00Z').getTime(), max: Date.UTC(9999, 11, 31) }), (ms) => {
        const date = new Date(ms).toISOString().slice(0, 10);
        const parsed = parseIsoInstant(date);
        expect(parsed).toEqual({ kind: 'date', date, ms: new Date(`${date}T00:00:00.000Z`).getTime() });
      }),
    );
    expect(parseIsoInstant('2024-02-29')).not.toBeNull();
    expect(parseIsoInstant('2000-02-29')).not.toBeNull();
    expect(parseIsoInstant('1900-02-29')).toBeNull();
    expect(parseIsoInstant('0000-01-01')).toEqual({ kind: 'date', date: '0000-01-01', ms: new Date('0000-01-01T00:00:00Z').getTime() });
  });

  it('refuses days that do not exist in their month', () => {
    const badDay = fc
      .tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 29, max: 99 }))
      .filter(([y, m, d]) => d > new Date(Date.UTC(2000, m, 0)).getUTCDate() - (m === 2 && !((y % 4 === 0 && y % 100 !== 0) || y % 400 === 0) ? 1 : 0))
      .map(([y, m, d]) => `${pad(y, 4)}-${pad(m)}-${pad(d)}`);
    fc.assert(fc.property(badDay, fc.boolean(), (date, withTime) => parseIsoInstant(withTime ? `${date}T00:00:00Z` : date) === null));
    fc.assert(fc.property(fc.integer({ min: 0, max: 9999 }), fc.constantFrom(0, 13, 20, 99), fc.integer({ min: 1, max: 28 }), (y, m, d) => parseIsoInstant(`${pad(y, 4)}-${pad(m)}-${pad(d)}`) === null));
    expect(parseIsoInstant('2025-02-30T00:00:00Z')).toBeNull();
    expect(parseIsoInstant('2025-04-31')).toBeNull();
    expect(parseIsoInstant('2025-01-00')).toBeNull();
  });

  it('refuses hours from 24, minutes and seconds from 60, offsets beyond 23:59', () => {
    fc.assert(
      fc.property(validDateTime, fc.constantFrom('hour', 'minute', 'second', 'offset'), fc.integer({ min: 0, max: 75 }), ({ text }, part, extra) => {
        const m = /^(.{10}T)(\d{2}):(\d{2})(:\d{2})?(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.exec(text)!;
        const [, day, hh, mm, ss = ':00', frac = '', zone] = m;
        const hostile = {
          hour: `${day}${24 + (extra % 76)}:${mm}${ss}${frac}${zone}`,
          minute: `${day}${hh}:${60 + (extra % 40)}${ss}${frac}${zone}`,
          second: `${day}${hh}:${mm}:${60 + (extra % 40)}${frac}${zone}`,
          offset: `${day}${hh}:${mm}${ss}${frac}+${24 + (extra % 76)}:00`,
        }[part];
        expect(parseIsoInstant(hostile)).toBeNull();
      }),
    );
    expect(parseIsoInstant('2025-06-28T24:00:00Z')).toBeNull();
    expect(parseIsoInstant('2025-06-28T23:59:60Z')).toBeNull();
  });

  it('refuses non-ASCII digits, extra spaces and anything around or inside the value', () => {
    // Arabic-Indic, extended Arabic-Indic, Devanagari, full-width and mathematical digits: \d in other engines.
    const zeros = [0x0660, 0x06f0, 0x0966, 0xff10, 0x1d7ce];
    const foreignDigit = fc.tuple(fc.constantFrom(...zeros), fc.integer({ min: 0, max: 9 })).map(([zero, d]) => String.fromCodePoint(zero + d));
    fc.assert(
      fc.property(validDateTime, foreignDigit, fc.nat(), ({ text }, digit, at) => {
        const digits = [...text].map((c, i) => (/[0-9]/.test(c) ? i : -1)).filter((i) => i >= 0);
        const i = digits[at % digits.length];
        expect(parseIsoInstant(text.slice(0, i) + digit + text.slice(i + 1))).toBeNull();
      }),
    );
    const space = fc.constantFrom(' ', '\t', '\n', '\u00A0', '\u2003', '\u200B', '\uFEFF');
    fc.assert(
      fc.property(validDateTime, space, fc.nat(), ({ text }, s, at) => {
        const i = at % (text.length + 1);
        expect(parseIsoInstant(text.slice(0, i) + s + text.slice(i))).toBeNull();
      }),
    );
    for (const text of ['٢٠٢٥-01-01', '12/01/2026', 'Mon, 01 Dec 2026 09:52:22 GMT', '2025', '  2026-12-01  ', '2026-12-01T09:00:00', '2026-12-01 09:00:00Z',
      '2026-12-01T09Z', '20261201', '2026-W01', '2026-001', '2026-12-01t09:00:00z', '2026-12-01T09:00:00.1234Z', '2026-12-01T09:00:00+1400', '+002026-12-01', '', '2026-1-1']) {
      expect(parseIsoInstant(text)).toBeNull();
    }
    expect(parseIsoInstant(12345)).toBeNull();
    expect(parseIsoInstant('2'.repeat(100_000))).toBeNull();
  });

  it('a bare date is not a date-time', () => {
    expect(isIsoDateTime('2026-12-01')).toBe(false);
    expect(isIsoDateTime('2026-12-01T09:00Z')).toBe(true);
  });
});

describe('utcBound', () => {
  /** Stored times: toISOString() of any instant in years 0000–9999. */
  const stored = fc.integer({ min: new Date('0000-01-01T00:00:00Z').getTime(), max: new Date('9999-12-31T23:59:59.999Z').getTime() }).map((ms) => new Date(ms).toISOString());

  it('compares as text with stored UTC times as the instants compare, whatever the offset of the bound', () => {
    fc.assert(
      fc.property(validDateTime, fc.oneof(stored.map((at) => () => at), fc.integer({ min: -2000, max: 2000 }).map((d) => (ms: number) => new Date(ms + d).toISOString())), ({ ms, text }, near) => {
        // Any stored time, or one within two seconds of the bound (where a text comparison would go wrong).
        const at = near(ms);
        expect(at >= utcBound(text, 'from')!).toBe(new Date(at).getTime() >= ms);
        expect(at <= utcBound(text, 'to')!).toBe(new Date(at).getTime() <= ms);
      }),
      { numRuns: 2000 },
    );
  });

  it('answers the same for two spellings of one instant', () => {
    fc.assert(
      fc.property(instant, offsetMinutes, offsetMinutes, fc.constantFrom('from', 'to' as const), (ms, a, b, side) => {
        expect(utcBound(spell(ms, a, 'millis'), side)).toBe(utcBound(spell(ms, b, 'millis'), side));
      }),
    );
    expect(utcBound('2026-12-01T09:00:00Z', 'from')).toBe(utcBound('2026-12-01T23:00:00+14:00', 'from'));
  });

  it('keeps a bare date meaning the whole UTC day: from its start, to its end inclusive', () => {
    expect(utcBound('2026-12-01', 'from')).toBe('2026-12-01');
    expect(utcBound('2026-12-01', 'to')).toBe('2026-12-01T23:59:59.999Z');
    fc.assert(
      fc.property(stored, (at) => {
        const day = at.slice(0, 10);
        return at >= utcBound(day, 'from')! && at <= utcBound(day, 'to')!;
      }),
    );
  });

  it('clamps a bound whose UTC instant leaves years 0000–9999, where text order would break', () => {
    expect(utcBound('9999-12-31T23:00:00-14:00', 'to')).toBe('9999-12-31T23:59:59.999Z');
    expect(utcBound('0000-01-01T00:00:00+14:00', 'from')).toBe('0000-01-01T00:00:00.000Z');
    expect(utcBound('not a date', 'from')).toBeNull();
  });
});
