import { parseValue, valueFromASTUntyped } from 'graphql';
import { JsonScalar } from '../../src/graphql/json.scalar';

describe('JSON scalar', () => {
  it('serializes JSON values as they are', () => {
    const doc = { '@type': 'ClaimReview', list: [1, 'two', null, { nested: true }], n: 2.5 };
    expect(JsonScalar.serialize(doc)).toBe(doc);
    expect(JsonScalar.serialize(null)).toBeNull();
    expect(() => JsonScalar.serialize(undefined)).toThrow(/JSON cannot represent undefined/);
  });

  it('parses literals and variables into plain values', () => {
    const ast = parseValue('{ a: 1, b: [true, "x", null, 2.5], c: { d: $v }, e: SOME_ENUM }');
    expect(JsonScalar.parseLiteral(ast, { v: 'from variable' })).toEqual({ a: 1, b: [true, 'x', null, 2.5], c: { d: 'from variable' }, e: 'SOME_ENUM' });
    expect(JsonScalar.parseLiteral(parseValue('[1, 2]'), {})).toEqual(valueFromASTUntyped(parseValue('[1, 2]')));
    expect(JsonScalar.parseValue({ a: [1] })).toEqual({ a: [1] });
  });
});
