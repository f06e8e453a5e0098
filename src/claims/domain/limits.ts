import { ID_MAX_LENGTH, URL_MAX_LENGTH } from '../../shared/input-rules';

/** Limits a newsroom can live with: long enough for real statements, short enough to keep the log sane. */
export const LIMITS = {
  statement: 4000,
  excerpt: 4000,
  rationale: 8000,
  summary: 4000,
  note: 4000,
  reason: 2000,
  name: 300,
  title: 500,
  url: URL_MAX_LENGTH,
  id: ID_MAX_LENGTH,
  rating: 40,
  topic: 60,
  topics: 20,
  appearances: 50,
  citationIds: 50,
  reviewers: 20,
} as const;
