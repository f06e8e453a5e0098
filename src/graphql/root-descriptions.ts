import { GraphQLSchema } from 'graphql';

/**
 * Descriptions of the three root types, which code-first decorators cannot give: every type of the schema
 * says what it is for (issue 14). Set on the built schema, which is then served and printed as it is.
 */
export function describeRootTypes(schema: GraphQLSchema): GraphQLSchema {
  const query = schema.getQueryType();
  const mutation = schema.getMutationType();
  const subscription = schema.getSubscriptionType();
  if (query) query.description = 'What may be read: claims and their lists, history, diffs and internal notes, the rating scale, correction requests, reports.';
  if (mutation) mutation.description = 'What may be done: each mutation is one command of the desk, refused with a coded error when its rules do not allow it.';
  if (subscription) subscription.description = 'Live updates over graphql-ws at /graphql (not over HTTP), once the read models include each change.';
  return schema;
}
