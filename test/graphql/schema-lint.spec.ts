import { INestApplicationContext } from '@nestjs/common';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { buildSchema, GraphQLSchema } from 'graphql';
import { createApp } from '../../src/bootstrap';
import { loadConfig } from '../../src/config/app-config';
import { JsonLogger } from '../../src/logging/json-logger';
import { lintSchema, looksLikeRole, looksLikeTime } from '../support/schema-lint';
import { makeTempDir } from '../support/temp-dir';

/**
 * The schema as `npm run schema:generate` builds it (the app booted on a throwaway store, not listening), held to
 * what a client must be able to rely on: every type, field, argument, input field and enum value described, every
 * time typed DateTime or Date, every role typed Role. On failure the list says what to fix.
 */
describe('schema lint', () => {
  let app: INestApplicationContext;
  let schema: GraphQLSchema;
  const dir = makeTempDir('factcheck-lint-');

  beforeAll(async () => {
    const config = loadConfig({ NODE_ENV: 'development', DATA_DIR: dir.path, AUTH_JWT_SECRET: 'x'.repeat(32) });
    app = await createApp(config, new JsonLogger('error', () => undefined));
    await app.init();
    schema = app.get(GraphQLSchemaHost).schema;
  });
  afterAll(async () => {
    await app.close();
    dir.remove();
  });

  it('the served schema has no undescribed member, no time that is not DateTime/Date, no role that is not Role', () => {
    expect(lintSchema(schema)).toEqual([]);
  });

  it('every time-like name it checks is one the schema has (the rule is not vacuous)', () => {
    const timeFields = Object.values(schema.getTypeMap())
      .flatMap((type) => ('getFields' in type ? Object.values(type.getFields()).map((field) => ({ type: type.name, field })) : []))
      .filter(({ field }) => looksLikeTime(field.name));
    // addedAt, claimDate, publishedAt, from/to... more than the 31 String times the issue counted.
    expect(timeFields.length).toBeGreaterThan(31);
  });

  it('finds each kind of problem, with where it is', () => {
    const bad = buildSchema(`
      """Described."""
      type Query {
        """Described."""
        claim(id: ID!, at: String): Claim
      }
      type Claim {
        addedAt: String
        """Described."""
        claimDate: Int!
        """Described."""
        actorRoles: [String!]!
        """Described."""
        roles: [Role!]!
      }
      """Described."""
      enum Role { EDITOR }
      """Described."""
      input Filter {
        """Described."""
        submittedFrom: String
        """Described."""
        after: String
      }
    `);
    expect(lintSchema(bad)).toEqual([
      'Claim.actorRoles: a role typed String (use Role)',
      'Claim.addedAt: a time typed String (use DateTime or Date)',
      'Claim.addedAt: field without a description',
      'Claim.claimDate: a time typed Int (use DateTime or Date)',
      'Claim: type without a description',
      'Filter.submittedFrom: a time typed String (use DateTime or Date)',
      'Query.claim(at): a time typed String (use DateTime or Date)',
      'Query.claim(at): argument without a description',
      'Query.claim(id): argument without a description',
      'Role.EDITOR: enum value without a description',
    ]);
  });

  it('reads time and role names as the issue spells them; cursors are not times', () => {
    for (const name of ['at', 'from', 'to', 'since', 'until', 'addedAt', 'claimDate', 'claimDateFrom', 'publishedTo', 'submittedFrom', 'expiresAt']) expect(looksLikeTime(name)).toBe(true);
    for (const name of ['first', 'after', 'before', 'replyTo', 'awaitingVerdictFrom', 'statement', 'status', 'format']) expect(looksLikeTime(name)).toBe(false);
    for (const name of ['role', 'roles', 'actorRoles']) expect(looksLikeRole(name)).toBe(true);
    for (const name of ['reviewer', 'reviewers', 'controls']) expect(looksLikeRole(name)).toBe(false);
  });
});
