import fc from 'fast-check';
import { CaseFileEncodingError, decodeCaseFile, firstInvalidUtf8 } from '../../src/case-file/case-file.decode';
import { loadCaseFile } from '../../src/case-file/case-file.load';
import { ratingScale } from '../../src/claims/domain/rating-scale';
import { smallCase } from '../support/small-case';

const utf8 = (text: string) => new TextEncoder().encode(text);
const BOM8 = Uint8Array.of(0xef, 0xbb, 0xbf);
const concat = (...parts: Uint8Array[]) => Uint8Array.from(parts.flatMap((p) => [...p]));

function utf16(text: string, endian: 'LE' | 'BE', bom: boolean): Uint8Array {
  const out: number[] = bom ? (endian === 'LE' ? [0xff, 0xfe] : [0xfe, 0xff]) : [];
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (endian === 'LE') out.push(unit & 0xff, unit >> 8);
    else out.push(unit >> 8, unit & 0xff);
  }
  return Uint8Array.from(out);
}

function utf32(text: string, endian: 'LE' | 'BE', bom: boolean): Uint8Array {
  const out: number[] = [];
  for (const cp of [...(bom ? '\uFEFF' : '') + text].map((c) => c.codePointAt(0)!)) {
    const bytes = [cp & 0xff, (cp >> 8) & 0xff, (cp >> 16) & 0xff, 0];
    out.push(...(endian === 'LE' ? bytes : bytes.reverse()));
  }
  return Uint8Array.from(out);
}

/** Windows-1251 for ASCII and the Russian alphabet: А–я are 0xC0–0xFF, Ё 0xA8, ё 0xB8. */
function windows1251(text: string): Uint8Array {
  return Uint8Array.from([...text].map((c) => {
    const cp = c.codePointAt(0)!;
    if (cp < 0x80) return cp;
    if (cp >= 0x410 && cp <= 0x44f) return cp - 0x410 + 0xc0;
    if (c === 'Ё') return 0xa8;
    if (c === 'ё') return 0xb8;
    throw new Error(`no Windows-1251 byte for ${c} in this table`);
  }));
}

function refusal(bytes: Uint8Array, name?: string): CaseFileEncodingError {
  try {
    decodeCaseFile(bytes, name);
  } catch (error) {
    if (error instanceof CaseFileEncodingError) return error;
    throw error;
  }
  throw new Error('the bytes were decoded, not refused');
}

const RUSSIAN = '{"title": "Рейды в Екатеринбурге", "statement": "Задержаны десятки выходцев из Азербайджана; ещё двое погибли."}';

describe('decoding a case file (UTF-8 only)', () => {
  it('any string\'s UTF-8 bytes, with or without a BOM, decode to its NFC form', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.boolean(), (text, bom) => {
        const bytes = bom ? concat(BOM8, utf8(text)) : utf8(text);
        // A NUL byte is refused (it marks UTF-16/32, and JSON cannot hold it unescaped).
        fc.pre(!text.includes('\u0000'));
        expect(decodeCaseFile(bytes)).toBe(text.normalize('NFC'));
      }),
      { numRuns: 300 },
    );
  });

  it('decomposed text comes out composed (NFC)', () => {
    expect(decodeCaseFile(utf8('"Бакы\u0301 и\u0306"'))).toBe('"Бакы\u0301 й"');
    expect(decodeCaseFile(utf8('"Azərbaycan e\u0301"'))).toBe('"Azərbaycan é"');
  });

  it('any UTF-16 encoding of a non-empty string (with a BOM) is refused naming UTF-16 and iconv', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', minLength: 1 }), fc.constantFrom('LE' as const, 'BE' as const), (text, endian) => {
        // FF FE then U+0000 and only U+0000–U+10FFFF-shaped units is also a UTF-32LE file (its mark is FF FE 00 00).
        fc.pre(!text.startsWith('\u0000'));
        const error = refusal(utf16(text, endian, true), 'case.json');
        expect(error.found).toBe(`UTF-16${endian}`);
        expect(error.message).toContain(`UTF-16${endian}`);
        expect(error.message).toContain('iconv -f UTF-16 -t UTF-8 case.json > case.utf8.json');
      }),
      { numRuns: 200 },
    );
  });

  it('a UTF-16 JSON text without a BOM is refused by its NUL bytes, naming UTF-16 and its byte order', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.constantFrom('LE' as const, 'BE' as const), (value, endian) => {
        const error = refusal(utf16(JSON.stringify({ statement: value }), endian, false));
        expect(error.found).toBe(`UTF-16${endian}`);
        expect(error.message).toContain(`iconv -f UTF-16${endian} -t UTF-8`);
      }),
      { numRuns: 200 },
    );
  });

  it('UTF-32 is refused naming UTF-32, with a BOM or without', () => {
    for (const endian of ['LE', 'BE'] as const) {
      for (const bom of [true, false]) {
        const error = refusal(utf32(RUSSIAN, endian, bom));
        expect(error.found).toBe(`UTF-32${endian}`);
        expect(error.message).toContain('UTF-32');
        expect(error.message).toContain('iconv -f UTF-32');
      }
    }
  });

  it('random invalid byte sequences are refused with the offset of the first bad byte, inside the input', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 60 }), (bytes) => {
        const nul = bytes.indexOf(0) >= 0 || (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
        let valid = true;
        try {
          new TextDecoder('utf-8', { fatal: true }).decode(bytes);
        } catch {
          valid = false;
        }
        fc.pre(!valid && !nul);
        const error = refusal(bytes);
        expect(error.at).toBeDefined();
        expect(error.at!.offset).toBeGreaterThanOrEqual(0);
        expect(error.at!.offset).toBeLessThan(bytes.length);
        expect(error.message).toContain(`at offset ${error.at!.offset}`);
        // Everything before the bad byte is valid UTF-8: it is the first one.
        const skip = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
        expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(skip, error.at!.offset))).not.toThrow();
      }),
      { numRuns: 500 },
    );
  });

  it('the first invalid byte agrees with a strict decoder on any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) => {
        let valid = true;
        try {
          new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
        } catch {
          valid = false;
        }
        expect(firstInvalidUtf8(bytes) === undefined).toBe(valid);
      }),
      { numRuns: 1000 },
    );
  });

  it('Russian text in Windows-1251 is refused at its first Cyrillic byte, guessed as Windows-1251', () => {
    const bytes = windows1251(`{\n  "slug": "ekb",\n  ${RUSSIAN.slice(1)}`);
    const first = bytes.findIndex((b) => b >= 0x80);
    const error = refusal(bytes, 'ekb case.json');
    expect(error.at).toEqual({ offset: first, line: 3, column: 13 });
    expect(first).toBe(bytes.indexOf(0xd0)); // Р
    expect(error.message).toContain(`byte 0xD0 at offset ${first} (line 3, column 13)`);
    expect(error.message).toContain('looks like Windows-1251');
    expect(error.message).toContain(`iconv -f WINDOWS-1251 -t UTF-8 'ekb case.json' > 'ekb case.utf8.json'`);
  });

  it('Latin-1 text is refused and guessed as ISO-8859-1 / Windows-1252', () => {
    const bytes = Uint8Array.from([...'{"t": "Caf\u00e9 cr\u00e8me, S\u00e3o Paulo"}'].map((c) => c.charCodeAt(0)));
    const error = refusal(bytes);
    expect(error.at).toEqual({ offset: 10, line: 1, column: 11 });
    expect(error.message).toContain('looks like ISO-8859-1 / Windows-1252');
    expect(error.message).toContain('iconv -f WINDOWS-1252 -t UTF-8');
  });

  it('the column counts characters, not bytes, of the valid text before the bad byte', () => {
    const bytes = concat(utf8('{"a": "ёж'), Uint8Array.of(0xff), utf8('"}'));
    expect(refusal(bytes).at).toEqual({ offset: 11, line: 1, column: 10 });
  });

  it('loadCaseFile takes the bytes: a BOM file loads, a refused encoding is a problem with its place', () => {
    const scale = ratingScale();
    expect(loadCaseFile(concat(BOM8, utf8(JSON.stringify(smallCase()))), scale, 2).ok).toBe(true);
    const refused = loadCaseFile(windows1251(`{"title": "Рейды"}`), scale, 2, new Date(), 'x.json');
    expect(refused).toEqual({ ok: false, problems: [{ path: 'line 1, column 12', message: expect.stringContaining('looks like Windows-1251') }] });
  });
});
