/**
 * JSON for a `<script type="application/ld+json">` element, which is where ClaimReview is pasted:
 * `<`, `>` and `&` are written `\u003c`, `\u003e`, `\u0026`, so no text in it (a statement holding
 * `</script><script>…`, an `<!--`) can close the element or start markup; U+2028 and U+2029 are
 * written `\u2028`, `\u2029` for older JavaScript parsers. The output is still JSON, and parses to
 * the same value as `JSON.stringify`'s.
 */
const UNSAFE = /[<>&\u2028\u2029]/g;

function escape(char: string): string {
  return `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

export function serialiseJsonLd(value: unknown): string {
  // Outside strings JSON has no such characters, so replacing them everywhere only touches strings,
  // where a \uXXXX escape means the same character.
  return (JSON.stringify(value) ?? 'null').replace(UNSAFE, escape);
}
