import fc from 'fast-check';
import { median } from '../../src/standards-report/domain/standards';
import { csvField, CsvCell, writeCsv } from '../../src/standards-report/api/csv';

/**
 * A strict RFC 4180 reader, written for these tests (no CSV parser is installed): every record ends
 * with CRLF; a field is bare (no quote, comma, CR or LF in it) or quoted with quotes doubled inside.
 * Anything else (a stray quote, a bare CR or LF, a missing final CRLF) throws, so a writer that
 * relies on a lenient reader fails here.
 */
function readCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let i = 0;
  for (;;) {
    let field = '';
    if (text[i] === '"') {
      i += 1;
      for (;;) {
        if (i >= text.length) throw new Error('unterminated quoted field');
        if (text[i] === '"') {
          if (text[i + 1] === '"') (field += '"'), (i += 2);
          else break;
        } else field += text[i++];
      }
      i += 1;
    } else {
      while (i < text.length && !',\r\n"'.includes(text[i])) field += text[i++];
      if (text[i] === '"') throw new Error(`a quote inside a bare field at ${i}`);
    }
    record.push(field);
    if (text[i] === ',') {
      i += 1;
      continue;
    }
    if (text.slice(i, i + 2) !== '\r\n') throw new Error(`expected CRLF at ${i}`);
    i += 2;
    records.push(record);
    record = [];
    if (i === text.length) return records;
  }
}

const FORMULA = /^[=+\-@\t\r]/;
/** Text likely to break a writer: separators, quotes, line breaks, formula starters, spaces, non-ASCII. */
const nastyText = fc.string({ unit: fc.constantFrom('a', 'Ж', 'ə', '😀', ',', '"', '\r', '\n', ' ', '=', '+', '-', '@', '\t', "'", '1'), maxLength: 12 });
const cell: fc.Arbitrary<CsvCell> = fc.oneof(nastyText, fc.string(), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null));

/** What a cell reads back as. */
const expected = (c: CsvCell): string => (c === null ? '' : typeof c === 'string' ? (FORMULA.test(c) ? `'${c}` : c) : String(c));

describe('the standards report CSV writer (property-based)', () => {
  it('round-trips through a strict reader: same shape, every cell as written (text neutralised only where a formula could start)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }).chain((width) => fc.tuple(fc.array(nastyText, { minLength: width, maxLength: width }), fc.array(fc.array(cell, { minLength: width, maxLength: width }), { maxLength: 8 }))), ([header, records]) => {
        const read = readCsv(writeCsv(header, records));
        expect(read).toEqual([header.map(expected), ...records.map((r) => r.map(expected))]);
      }),
      { numRuns: 500 },
    );
  });

  it('no text cell reads back starting with = + - @, a tab or a CR; numbers are never altered, negative ones included', () => {
    fc.assert(
      fc.property(nastyText, fc.integer({ min: -1e9, max: 1e9 }), (text, n) => {
        const [[textCell, numberCell]] = readCsv(writeCsv(['t', 'n'], [[text, n]])).slice(1);
        expect(FORMULA.test(textCell)).toBe(false);
        expect(numberCell).toBe(String(n));
      }),
      { numRuns: 500 },
    );
  });

  it('examples: a formula is defused, a quote doubled, a line break quoted', () => {
    expect(csvField('=HYPERLINK("http://evil")')).toBe('"\'=HYPERLINK(""http://evil"")"');
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(-3)).toBe('-3');
    expect(() => writeCsv(['a', 'b'], [['only one']])).toThrow(/1 fields; the header has 2/);
  });
});

describe('median (property-based)', () => {
  const values = fc.array(fc.integer({ min: 0, max: 1e9 }), { minLength: 1, maxLength: 50 });

  it('at most half the values lie below it and at most half above it', () => {
    fc.assert(
      fc.property(values, (xs) => {
        const m = median(xs) as number;
        expect(xs.filter((x) => x < m).length).toBeLessThanOrEqual(xs.length / 2);
        expect(xs.filter((x) => x > m).length).toBeLessThanOrEqual(xs.length / 2);
      }),
    );
  });

  it('does not depend on the order of the values, and lies between the least and the greatest', () => {
    fc.assert(
      fc.property(values, fc.integer(), (xs, seed) => {
        const shuffled = [...xs].sort((a, b) => ((a * 31 + seed) % 97) - ((b * 31 + seed) % 97));
        expect(median(shuffled)).toBe(median(xs));
        const m = median(xs) as number;
        expect(m).toBeGreaterThanOrEqual(Math.min(...xs));
        expect(m).toBeLessThanOrEqual(Math.max(...xs));
      }),
    );
  });

  it('for an odd count is one of the values; for an even count the mean of the two middle ones', () => {
    fc.assert(
      fc.property(values, (xs) => {
        const sorted = [...xs].sort((a, b) => a - b);
        const mid = Math.floor(xs.length / 2);
        expect(median(xs)).toBe(xs.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2);
      }),
    );
    expect(median([])).toBeNull();
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('leaves its input as it was', () => {
    fc.assert(
      fc.property(values, (xs) => {
        const copy = [...xs];
        median(xs);
        expect(xs).toEqual(copy);
      }),
    );
  });
});
