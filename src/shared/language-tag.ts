/**
 * BCP 47 language tags as the claims filter compares them (RFC 4647 "basic filtering"): tags are
 * case-insensitive, so a tag is kept in lower case (with "_", as some tools write it, read as "-"),
 * and a filter matches a tag equal to it or starting with it followed by "-": `az` matches `az-Latn`
 * and `az-AZ`, `az-Latn` matches `az-Latn-AZ` but not `az-Cyrl`.
 */
export function languageKey(tag: string): string {
  return tag.trim().replace(/_/g, '-').toLowerCase();
}

/** Whether a stored tag falls under a language filter (the read model asks SQLite the same, with an index range). */
export function languageMatches(filter: string, tag: string): boolean {
  const range = languageRange(filter);
  const key = languageKey(tag);
  return key === range.exact || (key >= range.from && key < range.to);
}

/** The filter as SQLite compares it: the exact key, or a key in [from, to) (its subtags: "az-" up to "az."). */
export function languageRange(filter: string): { exact: string; from: string; to: string } {
  const exact = languageKey(filter);
  // "-" is U+002D and "." U+002E: every key that starts with `${exact}-` sorts between the two.
  return { exact, from: `${exact}-`, to: `${exact}.` };
}
