import Database from 'better-sqlite3';
import fc from 'fast-check';
import { CLAIMS_SCHEMA } from '../../src/claims/read-model/claims.projection';
import { ftsQuery } from '../../src/claims/read-model/claims.read-model';
import { languageKey, languageMatches } from '../../src/shared/language-tag';
import { foldForSearch, searchWords } from '../../src/shared/search-folding';

/** Any code point, astral planes and lone surrogates included (what JSON can carry). */
const anyText = fc.string({ unit: 'binary', maxLength: 40 });

/** Letters of the desk's languages, with their capitals, diacritics, Arabic forms and marks, plus digits. */
const ALPHABET = [
  ...'abcçdeəfgğhxıijkqlmnoöprsştuüvyzABCÇDEƏFGĞHXIİJKQLMNOÖPRSŞTUÜVYZ',
  ...'абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯәҹјһөүғ',
  ...'ابتثجحخدذرزسشصضطظعغفقكلمنهويءأإآٱؤئىةـًٌٍَُِّْٰ',
  ...'éèêëàâäåñõøßæœłđΩωάέήίόύώ0123456789٠١٢٣٤٥٦٧٨٩',
  '\u0301', '\u0308', '\u0327', '\u0306', '\u0307', '\u00AD',
];
const word = fc.array(fc.constantFrom(...ALPHABET), { minLength: 1, maxLength: 12 }).map((chars) => chars.join(''));
const sentence = fc.array(word, { minLength: 1, maxLength: 8 });

/** Real words of the case, as the press wrote them, and how a reader might type them. */
const REAL: [string, string][] = [
  ['самолёт', 'самолет'],
  ['Бакы', 'БАКЫ'],
  ['Bakı', 'Baki'],
  ['Bakı', 'BAKI'],
  ['Azərbaycan', 'Azerbaycan'],
  ['təyyarə', 'teyyare'],
  ['İlham Əliyev', 'ilham əliyev'],
  ['İstanbul', 'ISTANBUL'],
  ['uçağı düştü', 'ucagi dustu'],
  ['müdahale', 'MÜDAHALE'],
  ['أسقطت', 'اسقطت'],
  ['مطار', 'المطار'],
  ['المطار', 'مطار'],
  ['الطائرة', 'للطائره'],
  ['الدفاعات', 'والدفاعات'],
  ['مُسَافِرِينَ', 'مسافرين'],
  ['مطـــار', 'مطار'],
  ['٢٠٢٤', '2024'],
  ['Straße', 'strasse'],
  ['ﬁnal', 'final'],
];

describe('foldForSearch', () => {
  it('folds the real spellings of the case alike', () => {
    for (const [written, typed] of REAL) expect(foldForSearch(typed)).toBe(foldForSearch(written));
    expect(foldForSearch('İlham Əliyev')).toBe('ilham eliyev');
    expect(foldForSearch('أسقطت الدفاعات')).toBe('اسقطت دفاعات');
    expect(foldForSearch('çşğöü ÇŞĞÖÜ')).toBe('csgou csgou');
  });

  it('keeps letters whose marks belong to them outside Latin and Greek', () => {
    expect(foldForSearch('й ї ў')).toBe('й ї ў');
    expect(foldForSearch('हिन्दी')).toBe('हिन्दी');
    // A short word starting like the article keeps it: "الم" is not "م".
    expect(foldForSearch('الم')).toBe('الم');
  });

  it('is idempotent', () => {
    fc.assert(fc.property(anyText, (text) => foldForSearch(foldForSearch(text)) === foldForSearch(text)), { numRuns: 5000 });
    fc.assert(fc.property(sentence, (words) => foldForSearch(foldForSearch(words.join(' '))) === foldForSearch(words.join(' '))), { numRuns: 5000 });
  });

  it('folds NFC, NFD, NFKC and NFKD forms alike', () => {
    const forms = (text: string) => ['NFC', 'NFD', 'NFKC', 'NFKD'].map((form) => foldForSearch(text.normalize(form)));
    fc.assert(fc.property(anyText, (text) => new Set(forms(text)).size === 1), { numRuns: 5000 });
    fc.assert(fc.property(sentence, (words) => new Set(forms(words.join(' '))).size === 1), { numRuns: 5000 });
  });

  it('never produces FTS syntax: only words of letters, digits and marks, single spaces between', () => {
    fc.assert(
      fc.property(fc.oneof(anyText, sentence.map((w) => w.join(' '))), (text) => {
        const folded = foldForSearch(text);
        return folded === '' || /^[\p{L}\p{N}\p{M}]+( [\p{L}\p{N}\p{M}]+)*$/u.test(folded);
      }),
      { numRuns: 3000 },
    );
    expect(foldForSearch('"bakı" OR NEAR(a*, b) ^c {statement}: d-e + f')).toBe('baki or near a b c statement d e f');
  });

  describe('against the claims full-text index itself', () => {
    const db = new Database(':memory:');
    db.exec(CLAIMS_SCHEMA);
    const insert = db.prepare('INSERT INTO claims_fts (rowid, statement, claimant, excerpts, published, desk_excerpts) VALUES (1, ?, \'\', \'\', \'\', \'\')');
    const match = db.prepare('SELECT rowid FROM claims_fts WHERE claims_fts MATCH ?');
    const finds = (query: string) => match.all(ftsQuery(query)).length === 1;
    afterAll(() => db.close());

    it('a word always finds the text it is in: as written, in upper case, decomposed, and by any prefix of its folded form', () => {
      fc.assert(
        fc.property(sentence, fc.nat(), (words, pick) => {
          db.exec('DELETE FROM claims_fts');
          insert.run(foldForSearch(words.join(' ')));
          const chosen = words[pick % words.length];
          if (searchWords(chosen).length === 0) return true;
          if (!finds(chosen) || !finds(chosen.toUpperCase()) || !finds(chosen.normalize('NFD')) || !finds(chosen.toLowerCase().normalize('NFKD'))) return false;
          const [first] = searchWords(chosen);
          const points = [...first];
          return points.every((_, i) => finds(points.slice(0, i + 1).join('')));
        }),
        { numRuns: 1000 },
      );
    });

    it('finds the real spellings of the case, whichever is indexed', () => {
      for (const [written, typed] of REAL) {
        for (const [indexed, query] of [[written, typed], [typed, written]]) {
          db.exec('DELETE FROM claims_fts');
          insert.run(foldForSearch(`Aktau ${indexed} 2024`));
          expect([indexed, query, finds(query)]).toEqual([indexed, query, true]);
        }
      }
    });

    it('any search either is refused or is a query FTS5 runs (no syntax gets through)', () => {
      db.exec('DELETE FROM claims_fts');
      insert.run('baki');
      fc.assert(
        fc.property(fc.oneof(anyText, fc.constantFrom('"', '*', 'NEAR(', 'a OR b', '^x', '{statement}:', 'a - b', 'AND NOT', '(((', '+"')), (text) => {
          let query: string;
          try {
            query = ftsQuery(text);
          } catch (error) {
            return /search (needs at least one|may have at most)/.test((error as Error).message);
          }
          match.all(query);
          return true;
        }),
        { numRuns: 3000 },
      );
    });
  });
});

describe('language tags (BCP 47 basic filtering)', () => {
  it.each([
    ['az', 'az', true],
    ['AZ', 'az-Latn', true],
    ['az', 'az-AZ', true],
    ['az-Latn', 'az-Latn-AZ', true],
    ['az-latn', 'AZ-LATN', true],
    ['az-Latn', 'az-Cyrl', false],
    ['az-Latn', 'az', false],
    ['a', 'az', false],
    ['az-L', 'az-Latn', false],
    ['en_GB', 'en-GB', true],
  ])('%s against %s: %s', (filter, tag, expected) => {
    expect(languageMatches(filter, tag)).toBe(expected);
  });

  it('a tag matches itself and every tag that extends it by subtags, in any case', () => {
    const subtag = fc.stringMatching(/^[a-zA-Z0-9]{1,8}$/);
    fc.assert(
      fc.property(fc.array(subtag, { minLength: 1, maxLength: 4 }), fc.array(subtag, { maxLength: 3 }), (tag, more) => {
        const base = tag.join('-');
        const longer = [...tag, ...more].join('-');
        return languageMatches(base, longer) && languageMatches(base.toUpperCase(), longer.toLowerCase()) && languageKey(longer) === longer.toLowerCase();
      }),
    );
  });
});
