/**
 * Search folding: the one function that says when two spellings are "the same word" for search and
 * for the claimant filter. The claims projection folds what it indexes with it, and the read model
 * folds what a person typed with it, so both sides always agree (README, "Search and filters").
 *
 * Pure and idempotent (folding folded text changes nothing); composed and decomposed input fold
 * alike; the result holds only letters, digits, combining marks kept on non-Latin scripts, and
 * single spaces between words, so it can never carry FTS5 query syntax.
 */

/** Letters that have no Unicode decomposition but a plain form a person types instead (after lower-casing). */
const LETTERS: Readonly<Record<string, string>> = {
  // Turkish and Azerbaijani: dotless ı (and I, İ through lower-casing) are i; ə is findable as e.
  'ı': 'i',
  'ə': 'e',
  // Cyrillic ё is written е in most Russian text.
  'ё': 'е',
  // Latin letters whose stroke or ligature is not a combining mark.
  'ß': 'ss',
  'ø': 'o',
  'ł': 'l',
  'đ': 'd',
  'ħ': 'h',
  'æ': 'ae',
  'œ': 'oe',
  // Greek final sigma is sigma.
  'ς': 'σ',
  // Arabic: alef wasla, alef maqsura, teh marbuta; Persian yeh and keheh typed for Arabic yeh and kaf.
  'ٱ': 'ا',
  'ى': 'ي',
  'ة': 'ه',
  'ی': 'ي',
  'ک': 'ك',
  // Arabic tatweel (kashida) only stretches a word.
  'ـ': '',
};
const LETTER_PATTERN = new RegExp(`[${Object.keys(LETTERS).join('')}]`, 'gu');

/** Arabic-Indic and Eastern Arabic-Indic digits are the digits 0-9. */
const ARABIC_DIGITS = /[\u0660-\u0669\u06F0-\u06F9]/gu;

/** Arabic harakat, Quranic annotation marks, superscript alef, and the hamza/madda marks NFD splits from أ إ آ ؤ ئ. */
const ARABIC_MARK = /[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06DC\u06DF-\u06E8\u06EA-\u06ED]/u;
const MARK = /\p{M}/u;
/** Scripts whose diacritics are dropped (é as e, ş as s, ά as α); marks on other scripts (Cyrillic й, Indic vowel signs) are letters' parts. */
const DIACRITIC_SCRIPT = /[\p{Script=Latin}\p{Script=Greek}]/u;
const LETTER = /\p{L}/u;
/** Stress marks (acute, grave) on Cyrillic vowels, as dictionaries and textbooks print them. */
const CYRILLIC = /\p{Script=Cyrillic}/u;
const STRESS = /[\u0300\u0301]/u;
const DIAERESIS = '\u0308';

/** Arabic article and the prefixes it combines with: wa-l, bi-l, fa-l, ka-l, al, li-l (longest first). */
const ARABIC_ARTICLES = ['وال', 'بال', 'فال', 'كال', 'ال', 'لل'];
/** A word keeps at least this many letters once its article is taken off (so "الم" stays as it is). */
const MIN_STEM = 2;
const ARABIC_WORD = /^\p{Script=Arabic}/u;

/** Format characters (soft hyphen, zero-width joiners, direction marks) vanish; they never split a word. */
const FORMAT = /\p{Cf}/gu;
/** Anything but letters, digits and marks separates words. */
const SEPARATORS = /[^\p{L}\p{N}\p{M}]+/gu;

function dropDiacritics(text: string): string {
  let out = '';
  let base = '';
  for (const ch of text.normalize('NFD')) {
    if (MARK.test(ch)) {
      // A mark on Latin or Greek, an Arabic haraka, a Cyrillic stress mark, the diaeresis of ё, or one on no letter at all: removed.
      if (ARABIC_MARK.test(ch) || !LETTER.test(base) || DIACRITIC_SCRIPT.test(base) || (STRESS.test(ch) && CYRILLIC.test(base)) || (ch === DIAERESIS && base === 'е')) continue;
    } else {
      base = ch;
    }
    out += ch;
  }
  return out.normalize('NFC');
}

function stripArabicArticle(word: string): string {
  if (!ARABIC_WORD.test(word)) return word;
  // To a fixed point, so that folding folded text changes nothing.
  for (;;) {
    // What is left must start with a letter (not a mark the article carried) and keep MIN_STEM characters.
    const article = ARABIC_ARTICLES.find((a) => word.startsWith(a) && LETTER.test(word.charAt(a.length)) && [...word].length - a.length >= MIN_STEM);
    if (!article) return word;
    word = word.slice(article.length);
  }
}

/**
 * Folds text for search: NFKC; lower case, with İ, I and ı all i; ё as е, ə as e; diacritics of Latin
 * and Greek letters removed (ç c, ş s, ğ g, ö o, ü u, é e), and ß ss, ø o, ł l, đ d, æ ae, œ oe; Arabic
 * hamza and alef forms as bare alef, waw or yeh (أ إ آ ٱ ا, ؤ و, ئ ى ي), ة as ه, tatweel and harakat
 * removed, Arabic-Indic digits as 0-9, and the article (ال, وال, بال, فال, كال, لل) taken off a word;
 * punctuation and spaces become single spaces.
 */
export function foldForSearch(text: string): string {
  const lower = text.normalize('NFKC').replace(FORMAT, '').toLowerCase();
  // Letters are replaced before and after the marks go: "ǿ" is "ø" only once its acute is gone.
  const folded = replaceLetters(dropDiacritics(replaceLetters(lower)));
  return folded
    .split(SEPARATORS)
    .filter((word) => word.length > 0)
    .map(stripArabicArticle)
    .join(' ');
}

function replaceLetters(text: string): string {
  return text.replace(LETTER_PATTERN, (ch) => LETTERS[ch]).replace(ARABIC_DIGITS, (d) => String(d.codePointAt(0)! & 0xf));
}

/** The words of a search as folded: what the full-text query asks for, each as a prefix. */
export function searchWords(text: string): string[] {
  const folded = foldForSearch(text);
  return folded === '' ? [] : folded.split(' ');
}
