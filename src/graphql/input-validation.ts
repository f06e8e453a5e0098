import { ValidationError, ValidationPipe } from '@nestjs/common';
import { GraphQLError } from 'graphql';

export interface FieldProblem {
  field: string;
  problems: string[];
}

/** Flattens class-validator's tree into "claimant.name", "appearances.0.url" and so on. */
export function fieldProblems(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, problems: Object.values(error.constraints) }] : [];
    return [...own, ...fieldProblems(error.children ?? [], field)];
  });
}

/**
 * Validates every decorated GraphQL input before a resolver sees it. A bad input becomes one
 * BAD_USER_INPUT error naming each offending field, and nothing reaches the command handler.
 */
export function inputValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    transform: true,
    forbidUnknownValues: false,
    exceptionFactory: (errors) => {
      const fields = fieldProblems(errors);
      const message = `Invalid input: ${fields.map((f) => `${f.field}: ${f.problems.join(', ')}`).join('; ')}`;
      return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', fields } });
    },
  });
}
