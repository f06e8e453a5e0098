/**
 * Which way a language's text runs, for `<html lang dir>`. The script comes from the tag itself
 * ("az-Arab") or, when the tag names none, from the language's likely script (ICU's likely subtags:
 * "ar" → Arab, "fa" → Arab, "he" → Hebr, "az" → Latn), so a desk writing "ug-Cyrl" gets left to right.
 */

/** ISO 15924 scripts written right to left (those with a living or liturgical readership). */
const RIGHT_TO_LEFT_SCRIPTS = new Set(['Adlm', 'Arab', 'Aran', 'Hebr', 'Mand', 'Mend', 'Nkoo', 'Rohg', 'Samr', 'Syrc', 'Thaa', 'Yezi']);

export type TextDirection = 'ltr' | 'rtl';

export function scriptOf(languageTag: string): string | null {
  try {
    return new Intl.Locale(languageTag).maximize().script ?? null;
  } catch {
    return null; // not a well-formed tag: the stored claims are validated, so only old data gets here
  }
}

export function directionOf(languageTag: string): TextDirection {
  const script = scriptOf(languageTag);
  return script !== null && RIGHT_TO_LEFT_SCRIPTS.has(script) ? 'rtl' : 'ltr';
}
