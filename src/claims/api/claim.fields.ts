import { IdField, TextField } from '../../graphql/fields';
import { LIMITS } from '../domain/limits';
import type { FieldOptions } from '../../graphql/fields';

export { LIMITS };

/** The `reason` every revision, retraction, rejection and reopening carries into the history. */
export function ReasonField(description?: string): PropertyDecorator {
  return TextField(LIMITS.reason, { description: description ?? 'Why; kept in the claim\'s history.', notBlank: true });
}

/** A key of the desk's rating scale; whether it is one is the desk's rule, checked in the domain. */
export function RatingField(options: FieldOptions = {}): PropertyDecorator {
  return TextField(LIMITS.rating, { ...options, line: true });
}

/** The claim a mutation is about: its id ends up in a stream name, so only safe characters. */
export function ClaimIdField(): PropertyDecorator {
  return IdField({ description: 'The claim\'s id.' });
}

/** The client's own id for a mutation, for idempotent retries: not the ID of anything in the schema. */
export function MutationIdField(description: string): PropertyDecorator {
  return IdField({ nullable: true, description, type: String });
}
