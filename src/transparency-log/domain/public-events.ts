/**
 * Which events of a claim's stream (`claim-<id>`) are public in the transparency log's proof bundles.
 *
 * These three, because their data is exactly what the fact-check's public page and its ClaimReview
 * publish: the verdict and summary as published, each correction, the retraction and its note. Every
 * other event of the claim (submission details, assignments, citations, verdicts, internal notes...)
 * is private: it is a leaf of the tree like any event, but a bundle names only its leaf index (so a
 * reader can see how many private steps there were), never its entry, type or content.
 *
 * Plain strings rather than the claims domain's types: this module is the transparency log's own
 * pure rule, and the names are the stored event types (what the leaves commit to).
 */
export const PUBLIC_FACT_CHECK_EVENT_TYPES: readonly string[] = Object.freeze(['FactCheckPublished', 'FactCheckCorrected', 'FactCheckRetracted']);

export function isPublicFactCheckEvent(type: string): boolean {
  return PUBLIC_FACT_CHECK_EVENT_TYPES.includes(type);
}
