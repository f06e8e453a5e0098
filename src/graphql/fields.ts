import { applyDecorators } from '@nestjs/common';
import { Field, FieldOptions as GraphQLFieldOptions, ID, Int, ReturnTypeFunc } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsEnum,
  IsInt,
  IsISO8601,
  IsString,
  IsUrl,
  Matches,
  MaxLength,
  Min,
  ValidateBy,
  ValidateNested,
} from 'class-validator';
import { latestLocalDate } from '../shared/calendar';
import { HTTP_URL_OPTIONS, ID_MAX_LENGTH, LANGUAGE_TAG, URL_MAX_LENGTH } from '../shared/input-rules';
import { Optional } from './optional';

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

const NOT_BLANK = /\S/;
const SAFE_ID = /^[A-Za-z0-9_-]+$/;

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

function notBlank(rule: NotBlank | undefined, each = false): PropertyDecorator[] {
  if (!rule) return [];
  return [Matches(NOT_BLANK, { each, message: `${rule === true ? '$property' : rule} must not be blank` })];
}

/** Text of at most `max` characters; `notBlank` refuses text that is only white space. */
export function TextField(max: number, options: FieldOptions & { notBlank?: NotBlank } = {}): PropertyDecorator {
  return graphql(() => String, options, IsString(), MaxLength(max), ...notBlank(options.notBlank));
}

/**
 * An id. `safe` limits it to letters, digits, "-" and "_" (ids the service will put in stream names);
 * `type: String` for ids that are not the GraphQL ID of anything (a client's mutationId).
 */
export function IdField(
  options: FieldOptions & { safe?: boolean; notBlank?: NotBlank; type?: typeof String; max?: number | null } = {},
): PropertyDecorator {
  const max = options.max === undefined ? ID_MAX_LENGTH : options.max;
  return graphql(
    () => options.type ?? ID,
    options,
    IsString(),
    ...(max === null ? [] : [MaxLength(max)]),
    ...(options.safe ? [Matches(SAFE_ID, { message: '$property may contain letters, digits, "-" and "_" only' })] : []),
    ...notBlank(options.notBlank),
  );
}

/** An absolute http(s) URL. */
export function UrlField(options: FieldOptions = {}): PropertyDecorator {
  return graphql(
    () => String,
    options,
    IsString(),
    MaxLength(URL_MAX_LENGTH),
    IsUrl(HTTP_URL_OPTIONS, { message: '$property must be an http(s) URL' }),
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

/** A date that has happened: ISO 8601 (a date, or a date-time), not after today in any time zone. */
export function PastDateField(options: FieldOptions = {}): PropertyDecorator {
  return graphql(() => String, options, IsISO8601({ strict: true }, { message: '$property must be an ISO 8601 date, e.g. 2025-06-28' }), NotInFuture());
}

/** A bound of a date range in a filter: an ISO 8601 date or date-time. Without `message`, class-validator's own. */
export function DateTimeFilterField(options: FieldOptions & { message?: string } = {}): PropertyDecorator {
  return graphql(() => String, options, IsISO8601({ strict: true }, options.message ? { message: options.message } : undefined));
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
  /** At most this many items. */
  maxItems?: number;
  /** At least one item, with this message (e.g. "$property must name at least one citation"). */
  atLeastOne?: string;
  defaultValue?: unknown[];
}

function list(options: ListOptions): PropertyDecorator[] {
  return [
    IsArray(),
    ...(options.atLeastOne ? [ArrayMinSize(1, { message: options.atLeastOne })] : []),
    ...(options.maxItems === undefined ? [] : [ArrayMaxSize(options.maxItems)]),
  ];
}

/** A list of nested input objects. */
export function ObjectListField(type: () => new () => object, options: ListOptions = {}): PropertyDecorator {
  return graphql(() => [type()], options, ...list(options), ValidateNested({ each: true }), Type(type));
}

/** A list of texts, each at most `maxLength` characters. */
export function TextListField(maxLength: number, options: ListOptions & { notBlank?: NotBlank } = {}): PropertyDecorator {
  return graphql(() => [String], options, ...list(options), IsString({ each: true }), MaxLength(maxLength, { each: true }), ...notBlank(options.notBlank, true));
}

/** A list of ids. */
export function IdListField(options: ListOptions = {}): PropertyDecorator {
  return graphql(() => [ID], options, ...list(options), IsString({ each: true }), MaxLength(ID_MAX_LENGTH, { each: true }));
}

export function EnumListField(enumType: object, options: ListOptions = {}): PropertyDecorator {
  return graphql(() => [enumType], options, ...list(options), IsEnum(enumType, { each: true }));
}
