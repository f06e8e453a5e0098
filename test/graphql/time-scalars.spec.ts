import fc from 'fast-check';
import { GraphQLDateTime } from 'graphql-scalars';
import { DateScalar, DateTimeScalar } from '../../src/graphql/scalars';
import { isIsoDateOrDateTime, parseIsoInstant } from '../../src/shared/instant';

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** Any instant of years 0001-9999 written as RFC 3339 (seconds required) with a Z or an offset, and 0 to 3 digits of fraction. */
const rfc3339 = fc
  .record({
    ms: fc.integer({ min: -62135596800000, max: Date.UTC(9999, 11, 30) }),
    offsetMinutes: fc.integer({ min: -(23 * 60 + 59), max: 23 * 60 + 59 }),
    zulu: fc.boolean(),
    fraction: fc.constantFrom(0, 1, 2, 3),
  })
  .map(({ ms, offsetMinutes, zulu, fraction }) => {
    const offset = zulu ? 0 : offsetMinutes;
    const local = new Date(ms + offset * 60_000);
    const year = local.getUTCFullYear();
    const time = `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}`;
    const secs = `:${pad(local.getUTCSeconds())}${fraction > 0 ? `.${pad(local.getUTCMilliseconds(), 3).slice(0, fraction)}` : ''}`;
    const zone = zulu ? 'Z' : `${offset < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
    return `${pad(year, 4)}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}T${time}${secs}${zone}`;
  });

/** Any real calendar day of years 0001-9999. */
const calendarDay = fc.integer({ min: -62135596800000, max: Date.UTC(9999, 11, 31) }).map((ms) => new Date(ms).toISOString().slice(0, 10));

describe('DateTime and Date inputs reach the desk in the form it stores', () => {
  it('any valid DateTime string round-trips: the text the desk takes and stores, the same instant graphql-scalars reads, served in UTC', () => {
    fc.assert(
      fc.property(rfc3339, (text) => {
        const stored = DateTimeScalar.parseValue(text) as string;
        expect(stored).toBe(text);
        expect(isIsoDateOrDateTime(stored)).toBe(true);
        const instant = (GraphQLDateTime.parseValue(text) as Date).getTime();
        expect(parseIsoInstant(stored)).toEqual({ kind: 'date-time', ms: instant });
        const served = DateTimeScalar.serialize(stored);
        expect(served).toBe(new Date(instant).toISOString());
        // What is served is itself a valid input, for the same instant.
        expect(parseIsoInstant(DateTimeScalar.parseValue(served) as string)?.ms).toBe(instant);
      }),
      { numRuns: 500 },
    );
  });

  it('any valid Date string round-trips unchanged, in and out; a DateTime input takes it as that whole UTC day', () => {
    fc.assert(
      fc.property(calendarDay, (day) => {
        expect(DateScalar.parseValue(day)).toBe(day);
        expect(DateScalar.serialize(DateScalar.parseValue(day))).toBe(day);
        expect(DateTimeScalar.parseValue(day)).toBe(day);
        expect(DateTimeScalar.serialize(day)).toBe(`${day}T00:00:00.000Z`);
      }),
      { numRuns: 500 },
    );
  });

  it('refuses what is not a strict date or date-time, naming the rule', () => {
    for (const bad of ['2026', '12/01/2026', '2026-12-01T09:00:00', '2025-02-30', '٢٠٢٥-01-01', ' 2026-12-01', '20261201', '2025-06-28T24:00:00Z', 'Mon, 01 Dec 2026 09:52:22 GMT', '2025-06-28T10:00:00.1234Z', '2025-06-28T10:00Z']) {
      expect(() => DateTimeScalar.parseValue(bad)).toThrow(/DateTime must be an RFC 3339 date-time with its offset/);
    }
    for (const bad of ['2025-06-28T10:00:00Z', '28/06/2025', '2025-13-01', '2025-6-1']) expect(() => DateScalar.parseValue(bad)).toThrow(/Date must be a calendar day YYYY-MM-DD/);
    for (const bad of [20250628, null, {}, true]) {
      expect(() => DateTimeScalar.parseValue(bad)).toThrow(/DateTime must be/);
      expect(() => DateScalar.parseValue(bad)).toThrow(/Date must be/);
    }
  });

  it('serves what the desk stored before issue 14 in any spelling it took then, never failing the field', () => {
    expect(DateScalar.serialize('2025-06-28T23:30:00-05:00')).toBe('2025-06-28');
    expect(DateTimeScalar.serialize('2025-06-28T10:00Z')).toBe('2025-06-28T10:00:00.000Z');
    expect(DateTimeScalar.serialize('2025-06-28T12:00+02:00')).toBe('2025-06-28T10:00:00.000Z');
    expect(DateTimeScalar.serialize('2025-06-28')).toBe('2025-06-28T00:00:00.000Z');
    expect(DateTimeScalar.serialize(new Date('2025-06-28T10:00:00Z'))).toBe('2025-06-28T10:00:00.000Z');
  });
});
