/**
 * RFC 4180 CSV: comma-separated, CRLF line ends, a field quoted when it holds a comma, a quote, a
 * line break or leading/trailing space, quotes doubled inside. Text cells that a spreadsheet would
 * run as a formula (starting with = + - @, a tab or a carriage return: OWASP's list) get a leading
 * apostrophe, so a claim's statement can never execute in an editor's spreadsheet; numbers are
 * written as numbers and never altered.
 */
export type CsvCell = string | number | boolean | null;

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

/** The cell as written: null is empty, booleans are true/false, text is neutralised and quoted as needed. */
export function csvField(cell: CsvCell): string {
  if (cell === null) return '';
  if (typeof cell === 'number') return Number.isFinite(cell) ? String(cell) : '';
  if (typeof cell === 'boolean') return cell ? 'true' : 'false';
  const text = FORMULA_START.test(cell) ? `'${cell}` : cell;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A header row and the records, each line ended by CRLF. */
export function writeCsv(header: readonly string[], records: readonly (readonly CsvCell[])[]): string {
  for (const record of records) {
    if (record.length !== header.length) throw new Error(`A CSV record has ${record.length} fields; the header has ${header.length}`);
  }
  return [header, ...records].map((record) => `${record.map(csvField).join(',')}\r\n`).join('');
}
