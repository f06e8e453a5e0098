import { applyDecorators } from '@nestjs/common';
import { Field, FieldOptions as GraphQLFieldOptions, ID, Int, ReturnTypeFunc } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsEnum,
  IsInt,
  IsString,
  isURL,
  Matches,
  MaxLength,
  Min,
  ValidateBy,
  ValidateNested,
} from 'class-validator';
import { latestLocalDate } from '../shared/calendar';
import { ISO_DATE_OR_DATE_TIME_RULE, isIsoDateOrDateTime, parseIsoInstant } from '../shared/instant';
import { HTTP_URL_OPTIONS, ID_MAX_LENGTH, LANGUAGE_TAG, URL_MAX_LENGTH } from '../shared/input-rules';
import { ACTOR_ID, ACTOR_ID_MAX_LENGTH, ACTOR_ID_RULE, hasVisibleCharacter, SAFE_ID, TextKind, textProblem, urlProblem } from '../shared/text';
import { Optional } from './optional';
import { DateScalar, DateTimeScalar } from './scalars';

/**
 * One decorator per kind of input field: its GraphQL type and nullability, its description and its
 * class-validator rules together, so two fields of the same kind cannot drift apart. Messages use
 * class-validator's `$property`, which names the field the decorator sits on.
 */

export interface FieldOptions {
  /** Leave it out, or give a value: nullable in the schema, `null` refused (see Optional). */
  nullable?: boolean;
  description?: string;
}

/** `true` for "$property must not be blank", or the name to use instead (e.g. "claimant.name"). */
type NotBlank = boolean | string;

/**
 * Decorators in the order they would be written one above the other. applyDecorators applies its
 * arguments first to last, a written stack bottom to top; reversing keeps the validation metadata
 * (and so the order of problems in an error) as it was when the inputs spelled out each stack.
 */
export function stack(...decorators: PropertyDecorator[]): PropertyDecorator {
  return applyDecorators(...decorators.reverse());
}

/** The GraphQL side of a field, and Optional when it may be left out. */
function graphql(type: ReturnTypeFunc, options: FieldOptions & { defaultValue?: unknown }, ...rules: PropertyDecorator[]): PropertyDecorator {
  // Only the options given: an explicit `description: undefined` is not the same as none to every printer.
  const field: { nullable?: true; description?: string; defaultValue?: unknown } = {};
  if (options.nullable) field.nullable = true;
  if (options.description) field.description = options.description;
  if (options.defaultValue !== undefined) field.defaultValue = options.defaultValue;
  return stack(Field(type, field as GraphQLFieldOptions), ...(options.nullable ? [Optional()] : []), ...rules);
}

/** "Blank" means no visible character: white space, zero-width characters and lone combining marks are blank. */
function notBlank(rule: NotBlank | undefined, each = false): PropertyDecorator[] {
  if (!rule) return [];
  return [
    ValidateBy({
      name: 'notBlank',
      validator: { validate: (value: unknown) => typeof value !== 'string' || hasVisibleCharacter(value), defaultMessage: () => `${rule === true ? '$property' : rule} must not be blank` },
    }, { each }),
  ];
}

/** No control characters but newline and tab (`text`); none at all, and no bidi controls (`line`). */
function cleanText(kind: TextKind, each = false): PropertyDecorator {
  return ValidateBy({
    name: 'cleanText',
    validator: {
      validate: (value: unknown) => typeof value !== 'string' || textProblem(value, kind) === null,
      defaultMessage: (args) => `$property ${textProblem(String(args?.value ?? ''), kind) ?? 'must be clean text'}`,
    },
  }, { each });
}

/**
 * Text of at most `max` characters; `notBlank` refuses text without a visible character. `line: true`
 * for names, outlets and titles: one line, with no control or bidi characters at all.
 */
export function TextField(max: number, options: FieldOptions & { notBlank?: NotBlank; line?: boolean } = {}): PropertyDecorator {
  return graphql(() => String, options, IsString(), MaxLength(max), cleanText(options.line ? 'line' : 'text'), ...notBlank(options.notBlank));
}

/**
 * An id. By default one the service makes or puts in stream names (claims, citations, verdicts):
 * letters, digits, "-" and "_". `actor: true` for the id of a person, as a token's subject carries
 * it (src/shared/text.ts ACTOR_ID); `type: String` for ids that are not the GraphQL ID of anything
 * (a client's mutationId).
 */
export function IdField(options: FieldOptions & { actor?: boolean; notBlank?: NotBlank; type?: typeof String } = {}): PropertyDecorator {
  return graphql(() => options.type ?? ID, options, IsString(), ...idRules(options.actor ?? false), ...notBlank(options.notBlank));
}

function idRules(actor: boolean, each = false): PropertyDecorator[] {
  return actor
    ? [MaxLength(ACTOR_ID_MAX_LENGTH, { each }), Matches(ACTOR_ID, { each, message: `$property must be a person's id: ${ACTOR_ID_RULE}` })]
    : [MaxLength(ID_MAX_LENGTH, { each }), Matches(SAFE_ID, { each, message: '$property may contain letters, digits, "-" and "_" only' })];
}

/** An absolute http(s) URL. */
export function UrlField(options: FieldOptions = {}): PropertyDecorator {
  return graphql(
    () => String,
    options,
    IsString(),
    MaxLength(URL_MAX_LENGTH),
    // One rule, as the case-file validator applies it: class-validator's URL syntax and the WHATWG
    // reading (http(s), a host, no user name or password).
    ValidateBy({
      name: 'httpUrl',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && isURL(value, HTTP_URL_OPTIONS) && urlProblem(value) === null,
        defaultMessage: (args) => `$property ${(typeof args?.value === 'string' && urlProblem(args.value)) || 'must be an http(s) URL'}`,
      },
    }),
  );
}

/** Dates of things that already happened: a claim made, or published, tomorrow is a typo. */
function NotInFuture(): PropertyDecorator {
  return ValidateBy({
    name: 'notInFuture',
    validator: {
      validate: (value: unknown) => typeof value !== 'string' || Number.isNaN(Date.parse(value)) || value.slice(0, 10) <= latestLocalDate(new Date()),
      defaultMessage: () => '$property must not be in the future',
    },
  });
}

/**
 * A time that has passed: a calendar day (`kind: 'date'`, the Date scalar, e.g. the day a claim was made) or an
 * instant (`'date-time'`, the DateTime scalar, which also takes a bare day: e.g. a source's publication), not
 * after today in any time zone. The scalars check the spelling and hand over the stored text (src/graphql/scalars.ts).
 */
export function PastDateField(options: FieldOptions & { kind: 'date' | 'date-time' }): PropertyDecorator {
  const scalar = options.kind === 'date' ? DateScalar : DateTimeScalar;
  const message = options.kind === 'date' ? '$property must be a calendar day YYYY-MM-DD, e.g. 2025-06-28' : `$property must be ${ISO_DATE_OR_DATE_TIME_RULE}`;
  const valid = options.kind === 'date' ? (value: unknown) => parseIsoInstant(value)?.kind === 'date' : isIsoDateOrDateTime;
  return graphql(() => scalar, options, ValidateBy({ name: 'isPastDate', validator: { validate: valid, defaultMessage: () => message } }), NotInFuture());
}

/**
 * A bound of a range in a filter: an instant (DateTime; a bare day there is that whole UTC day, from its start for a
 * lower bound, to its end for an upper one) or, with `kind: 'date'`, a calendar day (Date). Without `message`, the
 * rule's own.
 */
export function DateTimeFilterField(options: FieldOptions & { message?: string; kind?: 'date' | 'date-time' } = {}): PropertyDecorator {
  // The scalar has checked the spelling; this rule stays for the domain's strict reading (years 0000-9999).
  const message = options.message ?? `$property must be ${ISO_DATE_OR_DATE_TIME_RULE}`;
  return graphql(() => (options.kind === 'date' ? DateScalar : DateTimeScalar), options, ValidateBy({ name: 'isIsoDateOrDateTime', validator: { validate: isIsoDateOrDateTime, defaultMessage: () => message } }));
}

/** A BCP 47 language tag such as en, ru or pt-BR. */
export function LanguageField(options: FieldOptions = {}): PropertyDecorator {
  return graphql(() => String, options, Matches(LANGUAGE_TAG, { message: '$property must be a language tag such as en, ru or pt-BR' }));
}

export function EnumField(enumType: object, options: FieldOptions = {}): PropertyDecorator {
  return graphql(() => enumType, options, IsEnum(enumType));
}

export function BooleanField(options: FieldOptions & { defaultValue?: boolean } = {}): PropertyDecorator {
  return graphql(() => Boolean, options, IsBoolean());
}

export function IntField(options: FieldOptions & { min?: number } = {}): PropertyDecorator {
  return graphql(() => Int, options, IsInt(), ...(options.min === undefined ? [] : [Min(options.min)]));
}

/** A nested input object, validated with its own rules. */
export function ObjectField(type: () => new () => object, options: FieldOptions = {}): PropertyDecorator {
  return graphql(type, options, ValidateNested(), Type(type));
}

interface ListOptions extends FieldOptions {
  /** At most this many items: every list has a maximum (bounded work and memory for any request). */
  maxItems: number;
  /**
   * What a repeated item means. `dedupe`: the same as once (a filter's set of values): removed
   * silently, after validation. `refuse`: a mistake the sender should hear of (lists that go into an
   * event): BAD_USER_INPUT naming the field. For lists of objects, `refuse` compares `key` of each.
   */
  repeats: 'dedupe' | 'refuse';
  /** At least one item, with this message (e.g. "$property must name at least one citation"). */
  atLeastOne?: string;
  defaultValue?: unknown[];
}

/** Property names per input class whose lists are de-duplicated after validation (see dedupeLists). */
const DEDUPED = new Map<Function, Set<string>>();

function Deduped(): PropertyDecorator {
  return (target, property) => {
    const names = DEDUPED.get(target.constructor) ?? new Set<string>();
    names.add(String(property));
    DEDUPED.set(target.constructor, names);
  };
}

/** Removes repeated items, in place, from every `repeats: 'dedupe'` list of a validated input (and of its nested inputs). */
export function dedupeLists(value: unknown, depth = 0): void {
  if (depth > 8 || value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) return value.forEach((item) => dedupeLists(item, depth + 1));
  const record = value as Record<string, unknown>;
  for (let proto = Object.getPrototypeOf(value); proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
    for (const name of DEDUPED.get(proto.constructor) ?? []) {
      const list = record[name];
      if (Array.isArray(list)) record[name] = [...new Set(list)];
    }
  }
  for (const child of Object.values(record)) if (child !== null && typeof child === 'object') dedupeLists(child, depth + 1);
}

function list(options: ListOptions, key?: (item: never) => unknown): PropertyDecorator[] {
  const max = options.maxItems;
  return [
    IsArray(),
    ...(options.atLeastOne ? [ArrayMinSize(1, { message: options.atLeastOne })] : []),
    ArrayMaxSize(max, { message: `$property may have at most ${max} entries` }),
    ...(options.repeats === 'refuse'
      ? [ArrayUnique(key ?? ((item: unknown) => item), { message: '$property must not name the same entry twice' })]
      : [Deduped()]),
  ];
}

/** A list of nested input objects; `key` tells two entries apart for `repeats: 'refuse'` (e.g. a reviewer's id). */
export function ObjectListField<T extends object>(type: () => new () => T, options: ListOptions & { key?: (item: T) => unknown }): PropertyDecorator {
  return graphql(() => [type()], options, ...list(options, options.key as (item: never) => unknown), ValidateNested({ each: true }), Type(type));
}

/** A list of texts, each at most `maxLength` characters. */
export function TextListField(maxLength: number, options: ListOptions & { notBlank?: NotBlank; line?: boolean }): PropertyDecorator {
  return graphql(
    () => [String],
    options,
    ...list(options),
    IsString({ each: true }),
    MaxLength(maxLength, { each: true }),
    cleanText(options.line ? 'line' : 'text', true),
    ...notBlank(options.notBlank, true),
  );
}

/** A list of ids the service made (citations, verdicts). */
export function IdListField(options: ListOptions): PropertyDecorator {
  return graphql(() => [ID], options, ...list(options), IsString({ each: true }), ...idRules(false, true));
}

export function EnumListField(enumType: object, options: ListOptions): PropertyDecorator {
  return graphql(() => [enumType], options, ...list(options), IsEnum(enumType, { each: true }));
}
