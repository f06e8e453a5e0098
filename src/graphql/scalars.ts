import { GraphQLDate, GraphQLDateTime } from 'graphql-scalars';

/**
 * The schema's two time scalars, from graphql-scalars: `DateTime` is an RFC 3339 instant (always serialised in
 * UTC with a `Z`), `Date` a calendar day (`YYYY-MM-DD`, as a claim's date is). Every time field and argument uses
 * one of them; use `@Field(() => DateTimeScalar)` rather than `String`.
 */
export const DateTimeScalar = GraphQLDateTime;
export const DateScalar = GraphQLDate;
