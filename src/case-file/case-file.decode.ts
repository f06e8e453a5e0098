/**
 * A case file's bytes to its text. Case files are UTF-8, nothing else: a UTF-8 byte-order mark is
 * tolerated (and dropped), a UTF-16 or UTF-32 file and a file that is not valid UTF-8 (Windows-1251,
 * Latin-1, …) are refused with what was found and the `iconv` command that converts it. A file is never
 * decoded with replacement characters: text lost that way cannot be recovered after the import.
 * The text is normalised to NFC.
 */

/** Why a case file's bytes were refused; `message` says what was found and how to convert the file. */
export class CaseFileEncodingError extends Error {
  constructor(
    message: string,
    /** What the file looks like: `UTF-16LE`, `UTF-32BE`, `WINDOWS-1251`, … */
    readonly found: string,
    /** The command that converts the file to UTF-8. */
    readonly convert: string,
    /** For a file that is not valid UTF-8: where its first bad byte is (offset from 0, line and column from 1). */
    readonly at?: { offset: number; line: number; column: number },
  ) {
    super(message);
    this.name = 'CaseFileEncodingError';
  }
}

const hex = (byte: number) => `0x${byte.toString(16).toUpperCase().padStart(2, '0')}`;
const quoted = (name: string) => (/^[\w./-]+$/.test(name) ? name : `'${name.replace(/'/g, `'\\''`)}'`);
const iconv = (from: string, name: string) => `iconv -f ${from} -t UTF-8 ${quoted(name)} > ${quoted(name.replace(/(\.json)?$/i, '.utf8.json'))}`;

/**
 * Decodes a case file strictly as UTF-8 and returns its text in NFC. `name` (the file's name) is used only
 * in the conversion command of a refusal. Throws {@link CaseFileEncodingError}.
 */
export function decodeCaseFile(bytes: Uint8Array, name = 'case.json'): string {
  const wide = wideEncoding(bytes);
  if (wide) {
    const how = wide.bom ? `byte-order mark ${wide.bom}` : 'NUL bytes between its characters';
    const from = wide.bom ? wide.encoding.replace(/(LE|BE)$/, '') : wide.encoding;
    const convert = iconv(from, name);
    throw new CaseFileEncodingError(`the file is ${wide.encoding} (${how}), not UTF-8: case files must be UTF-8. Convert it with: ${convert}`, wide.encoding, convert);
  }
  const body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  const bad = firstInvalidUtf8(body);
  if (bad !== undefined) {
    const offset = bad + (body === bytes ? 0 : 3);
    const { line, column } = lineAndColumn(body, bad);
    const guess = guessSingleByte(body);
    const convert = iconv(guess.encoding, name);
    throw new CaseFileEncodingError(
      `the file is not valid UTF-8: byte ${hex(bytes[offset])} at offset ${offset} (line ${line}, column ${column}) cannot start or continue a UTF-8 character; ` +
        `it looks like ${guess.label}. Case files must be UTF-8. Convert it with: ${convert}`,
      guess.encoding,
      convert,
      { offset, line, column },
    );
  }
  return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body).normalize('NFC');
}

/** A UTF-16 or UTF-32 file: by its byte-order mark, or by the NUL bytes that ASCII characters leave in it. */
function wideEncoding(bytes: Uint8Array): { encoding: string; bom?: string } | undefined {
  const [a, b, c, d] = bytes;
  // FF FE 00 00 is also UTF-16LE's mark before a U+0000: UTF-32 only when the whole file is UTF-32 units.
  const utf32le = (u: Uint8Array) => u.length === 4 && u[3] === 0 && u[2] <= 0x10;
  const utf32be = (u: Uint8Array) => u.length === 4 && u[0] === 0 && u[1] <= 0x10;
  if (a === 0xff && b === 0xfe && c === 0 && d === 0 && everyUnit(bytes, 4, utf32le)) return { encoding: 'UTF-32LE', bom: 'FF FE 00 00' };
  if (a === 0 && b === 0 && c === 0xfe && d === 0xff && everyUnit(bytes, 4, utf32be)) return { encoding: 'UTF-32BE', bom: '00 00 FE FF' };
  if (a === 0xff && b === 0xfe) return { encoding: 'UTF-16LE', bom: 'FF FE' };
  if (a === 0xfe && b === 0xff) return { encoding: 'UTF-16BE', bom: 'FE FF' };
  // No byte-order mark. A NUL byte never occurs in a JSON text (it is a control character, refused even in a
  // string), so any NUL means a wide encoding: by the units' pattern, as RFC 4627 detects JSON's encoding.
  const first = bytes.indexOf(0);
  if (first < 0) return undefined;
  if (bytes[1] === 0 && everyUnit(bytes, 4, utf32le)) return { encoding: 'UTF-32LE' };
  if (bytes[2] === 0 && everyUnit(bytes, 4, utf32be)) return { encoding: 'UTF-32BE' };
  let even = 0;
  let odd = 0;
  for (let i = first; i < bytes.length; i++) if (bytes[i] === 0) (i % 2 === 0 ? even++ : odd++);
  return { encoding: odd >= even ? 'UTF-16LE' : 'UTF-16BE' };
}

function everyUnit(bytes: Uint8Array, size: number, test: (unit: Uint8Array) => boolean): boolean {
  for (let i = 0; i < bytes.length; i += size) if (!test(bytes.subarray(i, i + size))) return false;
  return true;
}

/** The offset of the first byte that is not part of a well-formed UTF-8 sequence (Unicode Table 3-7), if any. */
export function firstInvalidUtf8(bytes: Uint8Array): number | undefined {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i];
    if (lead < 0x80) {
      i++;
      continue;
    }
    let length: number;
    let low = 0x80;
    let high = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) length = 2;
    else if (lead >= 0xe0 && lead <= 0xef) {
      length = 3;
      if (lead === 0xe0) low = 0xa0;
      if (lead === 0xed) high = 0x9f;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      length = 4;
      if (lead === 0xf0) low = 0x90;
      if (lead === 0xf4) high = 0x8f;
    } else return i;
    for (let k = 1; k < length; k++) {
      const byte = bytes[i + k];
      const [min, max] = k === 1 ? [low, high] : [0x80, 0xbf];
      // A sequence cut short: the lead byte is where the text stops being UTF-8.
      if (byte === undefined || byte < min || byte > max) return i;
    }
    i += length;
  }
  return undefined;
}

/** Line and column (both from 1; the column in characters) of a byte offset in a file valid UTF-8 up to it. */
function lineAndColumn(bytes: Uint8Array, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      start = i + 1;
    }
  }
  const before = new TextDecoder('utf-8').decode(bytes.subarray(start, offset));
  return { line, column: [...before].length + 1 };
}

/**
 * Which single-byte encoding a file that is not UTF-8 most likely is. Russian in Windows-1251 is words made
 * of bytes 0xC0–0xFF (and 0xA8/0xB8 for Ё/ё) side by side; Western text in ISO-8859-1 / Windows-1252 has an
 * accented letter here and there between ASCII letters.
 */
function guessSingleByte(bytes: Uint8Array): { encoding: string; label: string } {
  const letter = (b: number | undefined) => b !== undefined && ((b >= 0xc0 && b <= 0xff) || b === 0xa8 || b === 0xb8);
  let high = 0;
  let inRuns = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (!letter(bytes[i])) continue;
    high++;
    if (letter(bytes[i - 1]) || letter(bytes[i + 1])) inRuns++;
  }
  return high > 0 && inRuns * 2 > high
    ? { encoding: 'WINDOWS-1251', label: 'Windows-1251 (Cyrillic)' }
    : { encoding: 'WINDOWS-1252', label: 'ISO-8859-1 / Windows-1252 (Western European)' };
}
