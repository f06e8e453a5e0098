import { GraphQLObjectType, GraphQLString, GraphQLNonNull, GraphQLInputObjectType, GraphQLError, buildSchema, execute, parse } from 'graphql';
import { DeskError } from '../../src/claims/domain/desk-error';
import { formatError, inputProblems, pathOf } from '../../src/graphql/error-format';
import { problemsAt } from '../../src/graphql/refusal.filter';
import { InvalidArgument } from '../../src/shared/refusal';

const Input = new GraphQLInputObjectType({ name: 'Input', fields: { statement: { type: GraphQLString } } });
const Mutation = new GraphQLObjectType({
  name: 'Mutation',
  fields: {
    submitClaim: { type: GraphQLString, args: { input: { type: new GraphQLNonNull(Input) } } },
    claims: { type: GraphQLString, args: { first: { type: GraphQLString } } },
  },
});
const silent = () => undefined;

describe('BAD_USER_INPUT fields', () => {
  it('a path from a dotted field: indexes are numbers', () => {
    expect(pathOf('appearances.0.url')).toEqual(['appearances', 0, 'url']);
    expect(pathOf('')).toEqual([]);
    expect(pathOf('ids[1]')).toEqual(['ids', 1]);
    expect(pathOf('claims[2].appearances[0].url')).toEqual(['claims', 2, 'appearances', 0, 'url']);
  });

  it("graphql-js's own variable-coercion errors (what graphql-ws hands over, uncoded) are BAD_USER_INPUT, not logged as faults", () => {
    const schema = buildSchema('type Query { claims(first: Int): Int, claim(id: ID!): Int }');
    const logged: unknown[] = [];
    for (const [query, variables, path] of [
      ['query($n: Int) { claims(first: $n) }', { n: 'x' }, ['n']],
      ['query($id: ID!) { claim(id: $id) }', {}, ['id']],
    ] as const) {
      const [error] = (execute({ schema, document: parse(query), variableValues: variables }) as { errors: GraphQLError[] }).errors;
      const formatted = formatError(error.toJSON(), error, (entry) => void logged.push(entry));
      expect(formatted.extensions).toEqual({ code: 'BAD_USER_INPUT', fields: [{ path, message: expect.any(String) }] });
    }
    expect(logged).toEqual([]);
  });

  it("the domain's INCOMPLETE_DETAILS is answered as BAD_USER_INPUT under the mutation's input, keeping its message and the deprecated field", () => {
    const refusal = new DeskError('INCOMPLETE_DETAILS', 'claimant.kind must be PERSON or ORGANIZATION', { field: 'claimant.kind' });
    const fields = problemsAt(refusal, { parentType: Mutation, fieldName: 'submitClaim' });
    expect(fields).toEqual([{ path: ['input', 'claimant', 'kind'], message: 'claimant.kind must be PERSON or ORGANIZATION' }]);
    const formatted = formatError({ message: refusal.message }, new DeskError(refusal.code, refusal.message, { ...refusal.details, fields }), silent);
    expect(formatted).toEqual({ message: refusal.message, extensions: { code: 'BAD_USER_INPUT', field: 'claimant.kind', fields } });
  });

  it("a resolver's refusal that names one of the field's arguments keeps that path", () => {
    expect(problemsAt(new InvalidArgument('first must be between 1 and 100', { field: 'first' }), { parentType: Mutation, fieldName: 'claims' })).toEqual([
      { path: ['first'], message: 'first must be between 1 and 100' },
    ]);
  });

  it('a refusal raised outside a resolver, with nothing to point at, is about the whole request', () => {
    expect(formatError({ message: 'x' }, new InvalidArgument('Bad request'), silent).extensions).toEqual({ code: 'BAD_USER_INPUT', fields: [{ path: [], message: 'Bad request' }] });
  });

  it("reads the place out of graphql-js's coercion messages, even when the value printed holds quotes and semicolons", () => {
    expect(inputProblems({}, 'Variable "$input" got invalid value "a at \\"x.y\\"; b" at "input.appearances[2].url"; String cannot represent a non string value')).toEqual([
      { path: ['input', 'appearances', 2, 'url'], message: 'String cannot represent a non string value' },
    ]);
    expect(inputProblems({}, 'Variable "$in" got invalid value {}; Field "statement" of required type "String!" was not provided.')[0].path).toEqual(['in', 'statement']);
    expect(inputProblems({}, 'Variable "$id" of non-null type "ID!" must not be null.')[0].path).toEqual(['id']);
  });

  it("Apollo's persisted-query hash mismatch has its own code", () => {
    const formatted = formatError({ message: 'provided sha does not match query', extensions: { code: 'INTERNAL_SERVER_ERROR' } }, new GraphQLError('provided sha does not match query'), silent);
    expect(formatted.extensions?.code).toBe('PERSISTED_QUERY_HASH_MISMATCH');
  });
});
