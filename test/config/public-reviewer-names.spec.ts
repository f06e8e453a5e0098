import fc from 'fast-check';
import { loadConfig } from '../../src/config/app-config';
import { publicName, type ReviewerNamePolicy } from '../../src/public-site/domain/reviewer-names';
import { problemsOf } from './config-problems';

const person = (name: string) => ({ id: 'rita', name });
const graphemes = (text: string) => [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text)].map((s) => s.segment);

/** Letters of several scripts, some with a combining mark after them: one grapheme each. */
const letter = fc.constantFrom('a', 'Z', 'ş', 'ı', 'İ', 'ü', 'e\u0301', 'n\u0303', 'ж', 'Я', 'م', 'ع', 'ي', 'א', 'ש', 'ह', 'क्', '中', '王', 'ß', 'ǅ', 'Ω', '𝒜');
const word = fc.array(letter, { minLength: 1, maxLength: 8 }).map((letters) => letters.join(''));
const separator = fc.constantFrom(' ', '  ', '\t', '\u00A0', '\u3000', '\u2009');
/** A name of 1 to 5 words of letters, with white space of any kind between and around them. */
const name = fc
  .tuple(fc.array(fc.tuple(word, separator), { minLength: 1, maxLength: 5 }), separator, fc.boolean())
  .map(([parts, lead, padded]) => `${padded ? lead : ''}${parts.map(([w, s]) => w + s).join('').trimEnd()}`);
const wordsOf = (text: string) => text.split(/[\s\p{Z}]+/u).filter((w) => w !== '');
const policy = fc.constantFrom<ReviewerNamePolicy>('FULL', 'INITIALS', 'NONE');

describe('PUBLIC_REVIEWER_NAMES: the setting', () => {
  it('defaults to INITIALS: a desk opts into full names', () => {
    expect(loadConfig({}).PUBLIC_REVIEWER_NAMES).toBe('INITIALS');
    expect(loadConfig({ PUBLIC_REVIEWER_NAMES: '' }).PUBLIC_REVIEWER_NAMES).toBe('INITIALS');
  });

  it.each([
    ['FULL', 'FULL'],
    ['INITIALS', 'INITIALS'],
    ['NONE', 'NONE'],
    [' full ', 'FULL'],
    ['None', 'NONE'],
  ])('reads %j as %s', (value, expected) => {
    expect(loadConfig({ PUBLIC_REVIEWER_NAMES: value }).PUBLIC_REVIEWER_NAMES).toBe(expected);
  });

  it.each(['YES', 'initial', 'FULL,NONE', 'ANONYMOUS'])('refuses %j, naming the setting, its values and what it got', (value) => {
    expect(problemsOf({ PUBLIC_REVIEWER_NAMES: value })).toEqual([`PUBLIC_REVIEWER_NAMES must be one of FULL, INITIALS, NONE (got "${value.toUpperCase()}")`]);
  });
});

describe('publicName: a reviewer as the public pages show them', () => {
  it.each([
    ['Ayşe Gül Yılmaz', 'A. G. Y.'],
    ['Мария Петрова', 'М. П.'],
    ['محمد علي', 'م. ع.'],
    ['Nadia', 'N.'],
    ['  Rustam   Sadykhov ', 'R. S.'],
    ['E\u0301lodie Durand', 'E\u0301. D.'],
    ['bell hooks', 'b. h.'],
    ['Jean-Pierre (desk) 2nd', 'J. d. n.'],
    ['王小明', '王.'],
  ])('INITIALS of %j is %j', (full, initials) => {
    expect(publicName(person(full), 'INITIALS')).toBe(initials);
  });

  it('FULL is the name; NONE is nothing; a blank name is nothing under any policy', () => {
    expect(publicName(person('Nadia Lindqvist'), 'FULL')).toBe('Nadia Lindqvist');
    expect(publicName(person('Nadia Lindqvist'), 'NONE')).toBeNull();
    for (const p of ['FULL', 'INITIALS', 'NONE'] as const) {
      for (const blank of ['', '   ', '\t\n', '\u200B\u200D', '\u3000']) expect(publicName(person(blank), p)).toBeNull();
    }
    expect(publicName(person('123 456'), 'INITIALS')).toBeNull();
  });

  it('INITIALS never contains a word of the name longer than one grapheme', () => {
    fc.assert(
      fc.property(name, (full) => {
        const initials = publicName(person(full), 'INITIALS');
        expect(initials).not.toBeNull();
        for (const w of wordsOf(full)) if (graphemes(w).length > 1) expect(initials).not.toContain(w);
      }),
    );
  });

  it('INITIALS is one initial per word, each the first grapheme of its word, in order', () => {
    fc.assert(
      fc.property(name, (full) => {
        expect(publicName(person(full), 'INITIALS')).toBe(wordsOf(full).map((w) => `${graphemes(w)[0]}.`).join(' '));
      }),
    );
  });

  it('FULL returns the name (without surrounding white space)', () => {
    fc.assert(fc.property(name, (full) => publicName(person(full), 'FULL') === full.trim()));
  });

  it('is deterministic, and never throws, on any text whatever', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), policy, (text, p) => {
        const first = publicName(person(text), p);
        expect(publicName(person(text), p)).toBe(first);
        expect(publicName({ id: 'someone-else', name: text }, p)).toBe(first);
      }),
    );
  });
});
