import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
// class-transformer's own registry of @Type()s, as @nestjs/mapped-types reads it (the types sit beside the cjs build).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { defaultMetadataStorage } = require('class-transformer/cjs/storage') as typeof import('class-transformer/types/storage');
import { getMetadataStorage } from 'class-validator';
import { GraphQLError } from 'graphql';
import { normaliseText } from '../shared/text';
import { InputProblem, pathOf } from './error-format';
import { dedupeLists } from './fields';

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
 * One BAD_USER_INPUT error for every problem found, each at its path from the field's arguments
 * (`argument` is the name of the `@Args('input')` validated; `@Args()` of an ArgsType has none).
 */
function badUserInput(problems: FieldProblem[], argument?: string): GraphQLError {
  const message = `Invalid input: ${problems.map((f) => `${f.field}: ${f.problems.join(', ')}`).join('; ')}`;
  const fields: InputProblem[] = problems.flatMap((f) => f.problems.map((problem) => ({ path: [...(argument ? [argument] : []), ...pathOf(f.field)], message: problem })));
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', fields } });
}

/**
 * What pipes are told `@Args()` is: Nest maps GqlParamtype.ARGS (3, RouteParamtypes.BODY) to "body";
 * the context, info and root arrive as "custom" and are left alone.
 */
const GRAPHQL_ARGS = 'body';

/** Deeper than any input of the schema: a bound for the walks below, not a rule. */
const MAX_DEPTH = 8;

/**
 * Every text of an input in Unicode NFC, before anything validates or stores it: a decomposed "é"
 * (e + U+0301) and a composed one are then the same text, in an event, a filter and a search.
 * Returns a copy; plain objects and arrays only (what GraphQL hands a resolver).
 */
export function normaliseInput(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return normaliseText(value);
  if (depth > MAX_DEPTH || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => normaliseInput(item, depth + 1));
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, normaliseInput(item, depth + 1)]));
}

/**
 * The first list of `value` longer than its field's ArrayMaxSize, found before class-validator walks
 * (and reports on) each of its entries: an oversize list costs one comparison, not one error per entry.
 */
export function oversizeList(value: unknown, type: Function | undefined, parent = '', depth = 0): FieldProblem | null {
  if (!type || depth > MAX_DEPTH || value === null || typeof value !== 'object' || Array.isArray(value)) return null;
  const record = value as Record<string, unknown>;
  const metadatas = getMetadataStorage().getTargetValidationMetadatas(type, '', true, false);
  for (const meta of metadatas) {
    const field = parent ? `${parent}.${meta.propertyName}` : meta.propertyName;
    const item = record[meta.propertyName];
    if (meta.name === 'arrayMaxSize' && Array.isArray(item) && item.length > Number(meta.constraints[0])) {
      return { field, problems: [`${meta.propertyName} may have at most ${meta.constraints[0]} entries (it has ${item.length})`] };
    }
  }
  for (const [name, item] of Object.entries(record)) {
    const nested = defaultMetadataStorage.findTypeMetadata(type, name)?.typeFunction() as Function | undefined;
    if (!nested || item === null || typeof item !== 'object') continue;
    const items: unknown[] = Array.isArray(item) ? item : [item];
    for (let i = 0; i < items.length; i++) {
      const found = oversizeList(items[i], nested, Array.isArray(item) ? `${parent ? `${parent}.` : ''}${name}.${i}` : parent ? `${parent}.${name}` : name, depth + 1);
      if (found) return found;
    }
  }
  return null;
}

/**
 * Filters and query arguments (`ClaimFilterInput`, `StandardsReportArgs`...) are read, never stored: a
 * typed client sends `null` for an empty search box or an unset bound, and there it means what leaving
 * the field out means. Mutation inputs keep refusing `null` (see Optional): an event keeps what it is given.
 */
const READ_INPUT = /(FilterInput|Args)$/;

function withoutNulls(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== null));
}

/**
 * Validates every decorated GraphQL input before a resolver sees it: texts to NFC first, oversize
 * lists refused before their entries are looked at, then class-validator, then the repeats of
 * set-like lists (filters) removed. A bad input becomes one BAD_USER_INPUT error naming each
 * offending field, and nothing reaches the command handler.
 */
class InputValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type !== GRAPHQL_ARGS) return super.transform(value, metadata);
    const normalised = READ_INPUT.test(metadata.metatype?.name ?? '') ? withoutNulls(normaliseInput(value)) : normaliseInput(value);
    const oversize = oversizeList(normalised, metadata.metatype);
    if (oversize) throw badUserInput([oversize], metadata.data);
    const result = await super.transform(normalised, metadata).catch((error: unknown) => {
      // The exceptionFactory does not know which argument it validated; the paths start with it.
      if (error instanceof GraphQLError && metadata.data && Array.isArray(error.extensions.fields)) {
        const fields = (error.extensions.fields as InputProblem[]).map((f) => ({ ...f, path: [metadata.data!, ...f.path] }));
        throw new GraphQLError(error.message, { extensions: { ...error.extensions, fields } });
      }
      throw error;
    });
    dedupeLists(result);
    return result;
  }
}

export function inputValidationPipe(): ValidationPipe {
  return new InputValidationPipe({
    transform: true,
    forbidUnknownValues: false,
    exceptionFactory: (errors) => badUserInput(fieldProblems(errors)),
  });
}
