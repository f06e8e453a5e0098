import { ID_MAX_LENGTH, IdField, TextField, URL_MAX_LENGTH } from '../../graphql/fields';
import type { FieldOptions } from '../../graphql/fields';

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

/** The `reason` every revision, retraction, rejection and reopening carries into the history. */
export function ReasonField(description?: string): PropertyDecorator {
  return TextField(LIMITS.reason, { description, notBlank: true });
}

/** A key of the desk's rating scale; whether it is one is the desk's rule, checked in the domain. */
export function RatingField(options: FieldOptions = {}): PropertyDecorator {
  return TextField(LIMITS.rating, options);
}

/** The claim a mutation is about: its id ends up in a stream name, so only safe characters. */
export function ClaimIdField(): PropertyDecorator {
  return IdField({ safe: true });
}

/** The client's own id for a mutation, for idempotent retries: not the ID of anything in the schema. */
export function MutationIdField(description: string): PropertyDecorator {
  return IdField({ nullable: true, description, type: String, safe: true });
}
