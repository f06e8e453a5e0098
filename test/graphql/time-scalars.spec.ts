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

/**
 * Issue 14 follow-up (outside attacker): a four-digit year with an offset can fall outside UTC years 0000-9999
 * (0000-01-01T00:00:00+01:00 was accepted, then served as -000001-12-31T23:00:00.000Z and refused when sent back);
 * lower-case t/z, valid RFC 3339, were refused.
 */
describe('DateTime: what is accepted is served in a form that is accepted again', () => {
  /** Any date-time text of years 0000-9999 as written, with any offset and either case of T and Z: valid or not as an instant. */
  const anyWritten = fc
    .record({
      year: fc.oneof(fc.integer({ min: 0, max: 9999 }), fc.constantFrom(0, 1, 9998, 9999)),
      month: fc.integer({ min: 1, max: 12 }),
      day: fc.integer({ min: 1, max: 28 }).chain((d) => fc.constantFrom(d, 1, 28, 31)),
      hour: fc.constantFrom(0, 1, 12, 22, 23),
      minute: fc.integer({ min: 0, max: 59 }),
      second: fc.integer({ min: 0, max: 59 }),
      offsetMinutes: fc.integer({ min: -(23 * 60 + 59), max: 23 * 60 + 59 }),
      zone: fc.constantFrom('Z', 'z', 'offset'),
      t: fc.constantFrom('T', 't'),
    })
    .map(({ year, month, day, hour, minute, second, offsetMinutes, zone, t }) => {
      const offset = zone === 'offset' ? `${offsetMinutes < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(offsetMinutes) / 60))}:${pad(Math.abs(offsetMinutes) % 60)}` : zone;
      return `${pad(year, 4)}-${pad(month)}-${pad(day)}${t}${pad(hour)}:${pad(minute)}:${pad(second)}${offset}`;
    });

  it('any accepted input serialises to RFC 3339 with a four-digit year, which is accepted again for the same instant', () => {
    fc.assert(
      fc.property(anyWritten, (text) => {
        let stored: string;
        try {
          stored = DateTimeScalar.parseValue(text) as string;
        } catch {
          return; // refused: nothing to serve
        }
        const served = DateTimeScalar.serialize(stored) as string;
        expect(served).toMatch(/^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z$/);
        expect(DateTimeScalar.parseValue(served)).toBe(served);
        expect(parseIsoInstant(served)?.ms).toBe(parseIsoInstant(stored)?.ms);
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses an instant outside UTC years 0000-9999, however its year is written', () => {
    for (const bad of ['0000-01-01T00:00:00+01:00', '0000-01-01T00:59:59.999+01:00', '9999-12-31T23:59:59-00:01', '9999-12-31T12:00:00-23:59', '0000-01-01t00:00:00+00:01']) {
      expect(() => DateTimeScalar.parseValue(bad)).toThrow(/DateTime must be .*in UTC years 0000-9999/);
    }
    expect(DateTimeScalar.parseValue('0000-01-01T00:00:00Z')).toBe('0000-01-01T00:00:00Z');
    expect(DateTimeScalar.parseValue('0000-01-01T01:00:00+01:00')).toBe('0000-01-01T01:00:00+01:00');
    expect(DateTimeScalar.parseValue('9999-12-31T23:59:59.999Z')).toBe('9999-12-31T23:59:59.999Z');
    expect(DateTimeScalar.serialize('9999-12-31T23:59:59.999Z')).toBe('9999-12-31T23:59:59.999Z');
  });

  it('never serves a signed six-digit year, even for an out-of-range instant stored before the rule: the nearest instant inside', () => {
    expect(DateTimeScalar.serialize('0000-01-01T00:00:00+01:00')).toBe('0000-01-01T00:00:00.000Z');
    expect(DateTimeScalar.serialize('9999-12-31T23:00:00-02:00')).toBe('9999-12-31T23:59:59.999Z');
    expect(DateTimeScalar.serialize(new Date(Date.UTC(10000, 0, 1)))).toBe('9999-12-31T23:59:59.999Z');
  });

  it('takes lower-case t and z (RFC 3339 §5.6), stored upper case; refuses the leap second 23:59:60', () => {
    expect(DateTimeScalar.parseValue('2025-06-28t10:00:00z')).toBe('2025-06-28T10:00:00Z');
    expect(DateTimeScalar.parseValue('2025-06-28t12:00:00.5+02:00')).toBe('2025-06-28T12:00:00.5+02:00');
    expect(DateTimeScalar.serialize(DateTimeScalar.parseValue('2025-06-28t10:00:00z'))).toBe('2025-06-28T10:00:00.000Z');
    for (const bad of ['2016-12-31T23:59:60Z', '2016-12-31t23:59:60z', '2025-06-28x10:00:00z', '2025-06-28T10:00:00y']) {
      expect(() => DateTimeScalar.parseValue(bad)).toThrow(/DateTime must be/);
    }
  });
});
