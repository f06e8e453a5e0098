/**
 * The desk's rating scale. Each rating has a stable key (stored in events), a label for readers
 * and a numeric value (exported in ClaimReview as ratingValue). Ratings outside the true-to-false
 * axis (e.g. UNVERIFIABLE) sit off the scale: `onScale: false`.
 */
export interface Rating {
  key: string;
  label: string;
  value: number;
  onScale: boolean;
}

export interface RatingScale {
  ratings: Rating[];
  best: number;
  worst: number;
}

export const DEFAULT_RATINGS: Rating[] = [
  { key: 'TRUE', label: 'True', value: 5, onScale: true },
  { key: 'MOSTLY_TRUE', label: 'Mostly true', value: 4, onScale: true },
  { key: 'MIXED', label: 'Mixed', value: 3, onScale: true },
  { key: 'MOSTLY_FALSE', label: 'Mostly false', value: 2, onScale: true },
  { key: 'FALSE', label: 'False', value: 1, onScale: true },
  { key: 'MISLEADING', label: 'Misleading', value: 2, onScale: true },
  { key: 'UNVERIFIABLE', label: 'Unverifiable', value: 0, onScale: false },
];

/** Builds a scale, refusing one that a desk could not use. */
export function ratingScale(ratings: Rating[] = DEFAULT_RATINGS): RatingScale {
  if (ratings.length < 2) throw new Error('A rating scale needs at least two ratings');
  const keys = new Set<string>();
  for (const r of ratings) {
    if (!/^[A-Z][A-Z0-9_]{0,39}$/.test(r.key)) throw new Error(`Rating key "${r.key}" must be UPPER_SNAKE_CASE, at most 40 characters`);
    if (keys.has(r.key)) throw new Error(`Rating key "${r.key}" appears twice`);
    if (typeof r.label !== 'string' || r.label.trim() === '') throw new Error(`Rating "${r.key}" needs a label`);
    if (typeof r.value !== 'number' || !Number.isFinite(r.value)) throw new Error(`Rating "${r.key}" needs a numeric value`);
    keys.add(r.key);
  }
  const onScale = ratings.filter((r) => r.onScale !== false);
  if (onScale.length === 0) throw new Error('A rating scale needs at least one rating on the scale');
  return {
    ratings: ratings.map((r) => ({ ...r, onScale: r.onScale !== false })),
    best: Math.max(...onScale.map((r) => r.value)),
    worst: Math.min(...onScale.map((r) => r.value)),
  };
}

export function findRating(scale: RatingScale, key: string): Rating | undefined {
  return scale.ratings.find((r) => r.key === key);
}

/** How a rating reads on a scale; a key the scale does not hold reads from the key ("SORT_OF_TRUE" -> "Sort of true"). */
export function ratingLabel(scale: RatingScale, key: string): string {
  return findRating(scale, key)?.label ?? labelOfKey(key);
}

export function labelOfKey(key: string): string {
  const words = key.toLowerCase().replace(/_+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
