/**
 * A value the caller gave, as a refusal may quote it: cut to `max` characters
 * (with "…"), and with every character that could hide or reorder text escaped as `\uXXXX`: control
 * characters (NUL, newline, escape...), bidi controls (U+202E would make the rest read backwards),
 * other format characters (zero-width space, BOM...), line and paragraph separators, lone surrogates,
 * and the backslash itself (so `\u0000` as sent and an escaped NUL read differently). So a message
 * holds no raw control character and stays short, whatever was sent. Ids of the service's own
 * pattern come out unchanged.
 */
export const QUOTE_MAX_LENGTH = 100;

const UNSAFE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\\]/gu;

function escape(char: string): string {
  if (char === '\\') return '\\\\';
  return `\\u${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
}

export function quote(value: unknown, max = QUOTE_MAX_LENGTH): string {
  const text = typeof value === 'string' ? value : String(value);
  // Cut by code points, so a pair is not split into a lone surrogate.
  const points = Array.from(text);
  const shown = points.length > max ? `${points.slice(0, max).join('')}…` : text;
  return shown.replace(UNSAFE, escape);
}
