import { ASTNode, getNamedType, GraphQLError, GraphQLInputType, GraphQLScalarType, Kind, ValidationContext, ValidationRule, ValueNode, visitInParallel } from 'graphql';
import { GraphQLDate, GraphQLDateTime } from 'graphql-scalars';
import { clampToFourDigitYears, inFourDigitYears, parseIsoInstant } from '../shared/instant';

/**
 * The schema's two time scalars, from graphql-scalars: `DateTime` is an RFC 3339 instant (always serialised in
 * UTC with a `Z`), `Date` a calendar day (`YYYY-MM-DD`, as a claim's date is). Every time field and argument uses
 * one of them; use `@Field(() => DateTimeScalar)` rather than `String`.
 *
 * graphql-scalars checks the spelling (and src/shared/instant.ts the desk's stricter reading); what a resolver
 * receives is the text the desk's commands, validators and filters have always taken, not graphql-scalars' JS Date.
 * The conversion happens here, once, for every argument and input field:
 *   DateTime  `2025-07-01T14:00:00+02:00` -> `2025-07-01T14:00:00+02:00` (as written: the desk stores it so, and its
 *                                            JSON-LD and reports show it so; GraphQL serves it as 2025-07-01T12:00:00.000Z)
 *             `2025-07-01`                -> `2025-07-01` (a whole UTC day: the rule of the desk's filters, where a
 *                                            `to` bound covers that day to its end, and of a source's date)
 *   Date      `2025-07-01`                -> `2025-07-01`
 */

export const DATE_TIME_RULE =
  'an RFC 3339 date-time with its offset, e.g. 2025-07-01T12:00:00Z (seconds required, no leap second, in UTC years 0000-9999), or a day YYYY-MM-DD (that whole day, in UTC)';
const DATE_RULE = 'a calendar day YYYY-MM-DD, e.g. 2025-07-01';

const BARE_DATE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;

function describe(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value) : `a ${value === null ? 'null' : typeof value}`;
}

/** The stored text of a DateTime input, or null when graphql-scalars (or the desk's stricter reading) refuses it. */
export function dateTimeInput(input: unknown): string | null {
  if (typeof input !== 'string') return null;
  if (BARE_DATE.test(input)) return dateInput(input);
  // RFC 3339 §5.6 lets the `T` and `Z` be lower case: taken, and stored upper case (the only letters a valid value has).
  const value = /^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9:.]+(?:[Zz]|[+-][0-9:]+)$/.test(input) ? input.toUpperCase() : input;
  let parsed: Date;
  try {
    parsed = GraphQLDateTime.parseValue(value) as Date;
  } catch {
    return null;
  }
  // The desk's own reading as well (four-digit years, real times, at most milliseconds), and the same instant.
  const instant = parseIsoInstant(value);
  if (instant?.kind !== 'date-time' || instant.ms !== parsed.getTime()) return null;
  // In UTC years 0000–9999 too, or it could not be served back as RFC 3339 (0000-01-01T00:00:00+01:00 is year -1 in UTC).
  if (!inFourDigitYears(instant.ms)) return null;
  // As written: the desk stores and exports (ClaimReview JSON-LD, the standards report) the text it was given.
  return value;
}

/** The stored text of a Date input (YYYY-MM-DD), or null when it is not a real calendar day. */
export function dateInput(value: unknown): string | null {
  if (typeof value !== 'string' || !BARE_DATE.test(value)) return null;
  try {
    GraphQLDate.parseValue(value);
  } catch {
    return null;
  }
  return parseIsoInstant(value)?.kind === 'date' ? value : null;
}

/**
 * Where each time literal of a document sits (argument and input fields, e.g. ["filter", "claimDateFrom"]), noted by
 * timeLiteralsRule as validation enters the argument or field: graphql's own check of the literal then calls
 * parseLiteral with the value alone, and the refusal can still name what was wrong.
 */
const LITERAL_PATHS = new WeakMap<ValueNode, (string | number)[]>();

function refuseLiteral(ast: ValueNode, rule: string, got: unknown): never {
  const path = LITERAL_PATHS.get(ast);
  const problem = `must be ${rule}; got ${describe(got)}`;
  const message = path ? `${path.join('.')} ${problem}` : `${ast.kind === Kind.STRING ? 'The value' : 'The value, a string,'} ${problem}`;
  throw new GraphQLError(message, { nodes: ast, extensions: { code: 'BAD_USER_INPUT', fields: [{ path: (path ?? []).map(String), message }] } });
}

function literal(ast: ValueNode, rule: string): unknown {
  if (ast.kind !== Kind.STRING) refuseLiteral(ast, rule, ast.kind === Kind.NULL ? null : 'value' in ast ? ast.value : ast.kind);
  return ast.value;
}

function isTimeType(type: GraphQLInputType | null | undefined): boolean {
  const named = type ? getNamedType(type) : undefined;
  return named === DateTimeScalar || named === DateScalar;
}

/** The argument and input-field names from the operation down to `ancestors`' last node, with list indices. */
function literalPath(ancestors: readonly (ASTNode | readonly ASTNode[])[], keys: readonly (string | number)[]): (string | number)[] {
  const path: (string | number)[] = [];
  ancestors.forEach((ancestor, i) => {
    if (Array.isArray(ancestor)) return;
    const node = ancestor as ASTNode;
    if (node.kind === Kind.ARGUMENT || node.kind === Kind.OBJECT_FIELD) path.push(node.name.value);
    if (node.kind === Kind.LIST && typeof keys[i + 1] === 'number') path.push(keys[i + 1]);
  });
  return path;
}

/**
 * Notes the path of every DateTime and Date literal of a document (see LITERAL_PATHS), so that a bad one is refused
 * as BAD_USER_INPUT naming it (`filter.claimDateFrom must be a calendar day...`). It refuses nothing itself.
 */
export const timeLiteralsRule: ValidationRule = (context: ValidationContext) => {
  const note = (value: ValueNode, ancestors: readonly (ASTNode | readonly ASTNode[])[], keys: readonly (string | number)[], name: string) => {
    if (value.kind === Kind.VARIABLE) return;
    const path = [...literalPath(ancestors, keys), name];
    if (value.kind === Kind.LIST) value.values.forEach((item, i) => LITERAL_PATHS.set(item, [...path, i]));
    else LITERAL_PATHS.set(value, path);
  };
  return {
    Argument(node, key, _parent, keys, ancestors) {
      if (isTimeType(context.getArgument()?.type)) note(node.value, ancestors, keys, node.name.value);
    },
    ObjectField(node, key, _parent, keys, ancestors) {
      if (isTimeType(context.getInputType())) note(node.value, ancestors, keys, node.name.value);
    },
  };
};

/** DateTime: RFC 3339 out (UTC, `Z`); in, a date-time with its offset or a whole UTC day (see above). */
export const DateTimeScalar = new GraphQLScalarType({
  name: 'DateTime',
  description:
    'An instant, RFC 3339 (graphql-scalars DateTime). Served in UTC with milliseconds, e.g. 2025-07-01T12:00:00.000Z. ' +
    'Accepted: a date-time with seconds and its offset (Z or ±hh:mm; no local times; T and Z in either case; no leap second 23:59:60; ' +
    'its instant in UTC years 0000-9999), or a bare day YYYY-MM-DD meaning that whole UTC day ' +
    '(its start, or for a range\'s upper bound its end). A value recorded as a bare day is served as 00:00 UTC of that day.',
  specifiedByURL: 'https://scalars.graphql.org/andimarek/date-time',
  serialize(value: unknown): string {
    // Stored texts in any spelling the desk ever took (a bare day, minutes without seconds, an offset): its instant.
    // Always RFC 3339 with a four-digit year: an instant outside UTC years 0000–9999 (stored before inputs were held
    // to them) is served as the nearest one inside, never as toISOString()'s signed six-digit year.
    const stored = typeof value === 'string' ? parseIsoInstant(value) : null;
    if (stored) return new Date(clampToFourDigitYears(stored.ms)).toISOString();
    return new Date(clampToFourDigitYears((GraphQLDateTime.serialize(value) as Date).getTime())).toISOString();
  },
  parseValue(value: unknown): string {
    const stored = dateTimeInput(value);
    if (stored === null) throw new GraphQLError(`DateTime must be ${DATE_TIME_RULE}; got ${describe(value)}`);
    return stored;
  },
  parseLiteral(ast: ValueNode): string {
    const value = literal(ast, DATE_TIME_RULE);
    return dateTimeInput(value) ?? refuseLiteral(ast, DATE_TIME_RULE, value);
  },
  extensions: GraphQLDateTime.extensions,
});

/** Date: a calendar day, YYYY-MM-DD in and out. */
export const DateScalar = new GraphQLScalarType({
  name: 'Date',
  description: 'A calendar day, YYYY-MM-DD (RFC 3339 full-date, graphql-scalars Date), with no time and no time zone: e.g. the day a claim was made.',
  specifiedByURL: 'https://datatracker.ietf.org/doc/html/rfc3339#section-5.6',
  serialize(value: unknown): string {
    // A day recorded with a time (claims of before issue 14 could be): the day as it was written.
    if (typeof value === 'string' && parseIsoInstant(value)?.kind === 'date-time') return value.slice(0, 10);
    const served = GraphQLDate.serialize(value);
    return typeof served === 'string' ? served : String(served);
  },
  parseValue(value: unknown): string {
    const stored = dateInput(value);
    if (stored === null) throw new GraphQLError(`Date must be ${DATE_RULE}; got ${describe(value)}`);
    return stored;
  },
  parseLiteral(ast: ValueNode): string {
    const value = literal(ast, DATE_RULE);
    return dateInput(value) ?? refuseLiteral(ast, DATE_RULE, value);
  },
  extensions: GraphQLDate.extensions,
});

/** `rule` and timeLiteralsRule as one rule, for a server that takes a single extra rule (graphql-ws, websocket.ts). */
export function withTimeLiterals(rule: ValidationRule): ValidationRule {
  return (context) => visitInParallel([rule(context), timeLiteralsRule(context)]);
}
