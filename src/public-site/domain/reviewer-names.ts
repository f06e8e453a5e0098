import { hasVisibleCharacter } from '../../shared/text';

/**
 * How a reviewer is named on the public pages (PUBLIC_REVIEWER_NAMES). Fact-checkers are targets of
 * harassment, so the default is initials and a desk opts into full names.
 */
export type ReviewerNamePolicy = 'FULL' | 'INITIALS' | 'NONE';

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
/** A grapheme that is a letter (with whatever combining marks follow it). */
const LETTER = /^\p{L}/u;

/**
 * The first letter of each word of a name, each followed by a dot ("Ayşe Gül Yılmaz" → "A. G. Y.").
 * Graphemes, not code units: "Émile" written with a combining accent keeps its accent, and no
 * surrogate pair is cut. Letters are kept as written (no case change, no script-specific rule).
 * Leading punctuation of a word is skipped ("(Nadia)" → "N."); a word without a letter gives nothing.
 */
function initialsOf(name: string): string | null {
  const initials: string[] = [];
  for (const word of name.split(/[\s\p{Z}]+/u)) {
    for (const { segment } of graphemes.segment(word)) {
      if (LETTER.test(segment)) {
        initials.push(`${segment}.`);
        break;
      }
    }
  }
  return initials.length > 0 ? initials.join(' ') : null;
}

/** The reviewer's name as the policy lets the public see it; null when nothing is to be shown. */
export function publicName(person: { id: string; name: string }, policy: ReviewerNamePolicy): string | null {
  const name = person.name.trim();
  // Blank (white space, zero-width characters) is no name at all, under any policy.
  if (!hasVisibleCharacter(name) || policy === 'NONE') return null;
  return policy === 'FULL' ? name : initialsOf(name);
}
