/**
 * Text hygiene: the one place that says what a text input may hold. Used by the GraphQL fields
 * (src/graphql/fields.ts), the input pipe (NFC), the domain's own checks and the case-file validator,
 * so that nothing the API accepts is refused on import or the other way round.
 */

/** Unicode NFC: a decomposed "é" (e + U+0301) and a composed one are stored, searched and compared alike. */
export function normaliseText(text: string): string {
  return text.normalize('NFC');
}

/**
 * What shows nothing on a page: white space of every Unicode kind, default-ignorable code points
 * (zero-width space, joiners, word joiner, BOM, soft hyphen, variation selectors, fillers...),
 * other control and format characters, combining marks (alone, they mark nothing), surrogates,
 * and the Braille blank, which renders as a space.
 */
const INVISIBLE = /^[\p{White_Space}\p{Default_Ignorable_Code_Point}\p{M}\p{Cc}\p{Cf}\p{Cs}\p{Z}\u2800]*$/u;

/** Whether the text has at least one character a reader would see: "blank" means it has none. */
/**
 * Characters as the limits count them: Unicode code points, as the API's validators do, so an emoji
 * or a CJK extension character is one character, not two UTF-16 units.
 */
export function characterCount(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

export function hasVisibleCharacter(text: string): boolean {
  return !INVISIBLE.test(text);
}

/**
 * Bidi embeddings, overrides and isolates: they reorder what a reader sees (U+202A–U+202E, U+2066–U+2069).
 * The direction marks (U+200E, U+200F, U+061C) stay allowed: they only set the direction of neutral
 * characters, and Arabic, Persian and Hebrew text uses them to place punctuation right.
 */
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/u;
/** A lone UTF-16 surrogate: not a character; it cannot be stored as UTF-8. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** Control characters, except tab and newline. */
const CONTROL_IN_TEXT = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/u;
/** In one line: no control character, and no line or paragraph separator (U+2028, U+2029), which break it like a newline. */
const CONTROL_IN_LINE = /[\p{Cc}\p{Zl}\p{Zp}]/u;

export type TextKind = 'text' | 'line';

/**
 * Why `text` may not be stored, or null when it may. `text` (statements, excerpts, notes) may hold
 * newlines and tabs but no other control character; `line` (names, outlets, titles) holds no control
 * character at all, and no bidi control that would make it read as something else.
 */
export function textProblem(text: string, kind: TextKind = 'text'): string | null {
  if (LONE_SURROGATE.test(text)) return 'must not contain a lone surrogate (invalid UTF-16)';
  if (kind === 'line') {
    const control = CONTROL_IN_LINE.exec(text);
    if (control) return `must not contain control characters (found ${codePoint(control[0])})`;
    const bidi = BIDI_CONTROL.exec(text);
    if (bidi) return `must not contain bidirectional control characters (found ${codePoint(bidi[0])})`;
    return null;
  }
  const control = CONTROL_IN_TEXT.exec(text);
  if (control) return `must not contain control characters other than newline and tab (found ${codePoint(control[0])})`;
  return null;
}

/** "U+202E", for messages: the character itself could be invisible or reorder the message. */
export function codePoint(char: string): string {
  return `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * The ids of people: what a token's subject (sub) may be, and so what reviewer ids, actor ids and
 * the id filters accept. Letters and digits of ASCII, and `_ - . @ : | +` (e-mail addresses,
 * `auth0|abc`, `urn:x:y`, UUIDs); no spaces, no control, bidi or invisible characters.
 */
export const ACTOR_ID = /^[A-Za-z0-9][A-Za-z0-9_.@:|+-]*$/;
export const ACTOR_ID_MAX_LENGTH = 200;
export const ACTOR_ID_RULE = `at most ${ACTOR_ID_MAX_LENGTH} characters: ASCII letters, digits and _ - . @ : | +, starting with a letter or digit`;

export function isActorId(value: unknown): value is string {
  return typeof value === 'string' && value.length <= ACTOR_ID_MAX_LENGTH && ACTOR_ID.test(value);
}

/** Ids the service makes or puts in stream names (claims, citations, verdicts, mutation ids). */
export const SAFE_ID = /^[A-Za-z0-9_-]+$/;

/** Control, format (bidi controls, zero-width characters, BOM...), line/paragraph separators and other default-ignorables. */
const URL_HIDDEN = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}]/u;

/**
 * Why `value` is not an acceptable link, or null: an absolute http(s) URL, with a host, and without
 * credentials (`https://user:pass@host/` would publish a password, or pass a phishing host off as
 * another), and without control, bidi or invisible characters, which would make it read as another link. This is the WHATWG parser's reading, the one browsers follow.
 */
export function urlProblem(value: string): string | null {
  // Before parsing: the parser would percent-encode a U+202E in the path, yet readers of the raw
  // link see "https://example.com/\u202Egnp.exe" as ".../exe.png".
  const hidden = URL_HIDDEN.exec(value);
  if (hidden) return `must not contain control, bidirectional or invisible format characters (found ${codePoint(hidden[0])})`;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'must be an http(s) URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'must be an http(s) URL';
  if (url.hostname === '') return 'must be an http(s) URL';
  if (url.username !== '' || url.password !== '') return 'must not contain a user name or password';
  return null;
}
