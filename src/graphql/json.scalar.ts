import { GraphQLError, GraphQLScalarType, Kind, ValueNode } from 'graphql';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function literal(ast: ValueNode, variables: Record<string, unknown> | null | undefined): Json {
  switch (ast.kind) {
    case Kind.NULL:
      return null;
    case Kind.BOOLEAN:
    case Kind.STRING:
    case Kind.ENUM:
      return ast.value;
    case Kind.INT:
    case Kind.FLOAT:
      return Number(ast.value);
    case Kind.LIST:
      return ast.values.map((v) => literal(v, variables));
    case Kind.OBJECT:
      return Object.fromEntries(ast.fields.map((f) => [f.name.value, literal(f.value, variables)]));
    case Kind.VARIABLE:
      return (variables?.[ast.name.value] ?? null) as Json;
  }
}

/**
 * Any JSON value, sent as is (not as a string to parse again): used for JSON-LD documents such as
 * `Claim.claimReview`. A minimal stand-in for graphql-type-json, which this project does not depend on.
 */
export const JsonScalar = new GraphQLScalarType({
  name: 'JSON',
  description: 'Any JSON value (object, array, string, number, boolean or null), sent as JSON rather than as a string.',
  serialize: (value) => {
    if (value === undefined || typeof value === 'function' || typeof value === 'symbol' || typeof value === 'bigint') {
      throw new GraphQLError(`JSON cannot represent ${typeof value} values`);
    }
    return value;
  },
  parseValue: (value) => value,
  parseLiteral: (ast, variables) => literal(ast, variables),
});
