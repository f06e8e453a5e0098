import { ValidateIf } from 'class-validator';

/**
 * An optional input field: leave it out, or give a value. Unlike class-validator's IsOptional,
 * `null` is refused: an event keeps what it is given forever (a claim without a language, a citation
 * without a title would break every reader), and a null filter means nothing.
 */
export function Optional(): PropertyDecorator {
  return ValidateIf((_object, value) => value !== undefined);
}
