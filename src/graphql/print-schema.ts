import { INestApplicationContext } from '@nestjs/common';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { lexicographicSortSchema, printSchema } from 'graphql';

export const SCHEMA_FILE = 'schema.gql';

const HEADER = `# The fact-check desk's GraphQL schema, printed from the code (code-first).
# Do not edit: run \`npm run schema:generate\` after changing resolvers or models.
`;

/** The schema the running app serves, printed in a stable order: what schema.gql must contain. */
export function printApiSchema(app: INestApplicationContext): string {
  const { schema } = app.get(GraphQLSchemaHost);
  return `${HEADER}\n${printSchema(lexicographicSortSchema(schema))}\n`;
}
