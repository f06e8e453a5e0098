import fc from 'fast-check';
import { buildSchema, GraphQLError, parse, validate } from 'graphql';
import { formatError, INTERNAL_MESSAGE } from '../../src/graphql/error-format';
import { limitProblems, measureDocument, QUERY_LIMITS, queryLimitsRule } from '../../src/graphql/query-limits';

const schema = buildSchema('type Query { a: Int b: Int q: Query }');

/** The doubling document of issue #11: each fragment spreads the previous one twice. */
function doubling(levels: number, last = '...Missing'): string {
  const fragments = [`fragment F0 on Query { ${last} }`];
  for (let i = 1; i <= levels; i++) fragments.push(`fragment F${i} on Query { ...F${i - 1} ...F${i - 1} }`);
  return `query { ...F${levels} } ${fragments.join(' ')}`;
}

const refusals = (source: string) => validate(schema, parse(source), [queryLimitsRule()]);

describe('query limits: cost linear in the document', () => {
  it('refuses the 24-level doubling document with an unknown fragment after a bounded number of visits, naming it', () => {
    const source = doubling(24);
    expect(source.length).toBeLessThan(1100);
    const measure = measureDocument(parse(source));
    expect(measure.unknownFragments).toEqual(['Missing']);
    expect(measure.visits).toBeLessThanOrEqual(2 * 25 + 1);
    const errors = refusals(source);
    expect(errors).toHaveLength(1);
    expect(errors[0].message).toMatch(/"Missing"/);
  });

  it('counts the doubling document with known fragments as 2^levels fields, visiting each selection once', () => {
    const measure = measureDocument(parse(doubling(24, 'a')));
    expect(measure.fields).toBe(2 ** 24);
    expect(measure.visits).toBeLessThanOrEqual(2 * (2 * 24 + 2));
    expect(refusals(doubling(24, 'a')).map((e) => e.extensions.code)).toContain('QUERY_TOO_COMPLEX');
    // A thousand levels: the count saturates to Infinity, still refused, still linear.
    const huge = measureDocument(parse(doubling(1000, 'a')));
    expect(huge.fields).toBeGreaterThan(QUERY_LIMITS.maxFields);
    expect(huge.visits).toBeLessThanOrEqual(2 * (2 * 1000 + 2));
  });

  it('counts inline fragments and spreads toward the top-level limit', () => {
    const aliases = Array.from({ length: 40 }, (_, i) => `a${i}: __typename`).join(' ');
    expect(measureDocument(parse(`{ ... on Query { ${aliases} } }`)).rootFields).toBe(40);
    expect(refusals(`{ ... on Query { ${aliases} } }`)[0].message).toMatch(/40 top-level fields/);
    expect(refusals(`{ ...R } fragment R on Query { ${aliases} }`)[0].message).toMatch(/40 top-level fields/);
  });

  it('limits aliases and directives', () => {
    const many = Array.from({ length: 101 }, (_, i) => `x${i}: a`).join(' ');
    expect(refusals(`{ q { ${many} } }`).map((e) => e.message)).toContainEqual(expect.stringMatching(/more than 100 aliases/));
    const directives = Array.from({ length: 51 }, () => '@include(if: true)').join(' ');
    expect(refusals(`{ a ${directives} }`).map((e) => e.message)).toContainEqual(expect.stringMatching(/more than 50 directives/));
  });

  it('a fragment cycle neither loops nor throws', () => {
    expect(() => measureDocument(parse('{ ...A } fragment A on Query { ...B } fragment B on Query { ...A a }'))).not.toThrow();
  });
});

/** A random fragment graph: fragment i spreads only fragments < i (a DAG), plus some fields and inline fragments. */
const fragmentGraph = fc
  .array(
    fc.record({
      fields: fc.array(fc.constantFrom('a', 'b', 'x: a', 'q { a }', 'q { q { b } }', '... on Query { a }', 'a @include(if: true)'), { maxLength: 4 }),
      spreads: fc.array(fc.nat(), { maxLength: 3 }),
    }),
    { minLength: 1, maxLength: 12 },
  )
  .map((defs) => {
    const fragments = defs.map((d, i) => {
      const spreads = i === 0 ? [] : d.spreads.map((s) => `...F${s % i}`);
      const body = [...d.fields, ...spreads];
      return `fragment F${i} on Query { ${body.length ? body.join(' ') : 'a'} }`;
    });
    return `query { ...F${defs.length - 1} b } ${fragments.join(' ')}`;
  });

/** The naive expansion the rule must agree with (small graphs only). */
function naive(source: string) {
  const doc = parse(source);
  const frags = new Map(doc.definitions.flatMap((d) => (d.kind === 'FragmentDefinition' ? [[d.name.value, d] as const] : [])));
  let fields = 0;
  let aliases = 0;
  const walk = (set: import('graphql').SelectionSetNode): number => {
    let depth = 0;
    for (const s of set.selections) {
      if (s.kind === 'Field') {
        fields += 1;
        if (s.alias) aliases += 1;
        depth = Math.max(depth, 1 + (s.selectionSet ? walk(s.selectionSet) : 0));
      } else if (s.kind === 'InlineFragment') depth = Math.max(depth, walk(s.selectionSet));
      else depth = Math.max(depth, walk(frags.get(s.name.value)!.selectionSet));
    }
    return depth;
  };
  const op = doc.definitions.find((d) => d.kind === 'OperationDefinition') as import('graphql').OperationDefinitionNode;
  const depth = walk(op.selectionSet);
  return { fields, aliases, depth };
}

describe('query limits: properties over generated documents', () => {
  it('agrees with the naive expansion, visits each selection at most twice, and never throws', () => {
    fc.assert(
      fc.property(fragmentGraph, (source) => {
        const doc = parse(source);
        const measure = measureDocument(doc);
        const expected = naive(source);
        expect({ fields: measure.fields, aliases: measure.aliases, depth: measure.depth }).toEqual(expected);
        const selections = (source.match(/\.\.\.|[A-Za-z_]\w*(?=\s*(?:[{}@]|$|\s))/g) ?? []).length;
        expect(measure.visits).toBeLessThanOrEqual(2 * selections + 2);
      }),
      { numRuns: 300 },
    );
  });

  it('a document within every limit is never refused; one over a limit always is', () => {
    const small = { ...QUERY_LIMITS, maxFields: 40, maxDepth: 4, maxRootFields: 6, maxAliases: 3, maxDirectives: 2 };
    fc.assert(
      fc.property(fragmentGraph, (source) => {
        const measure = measureDocument(parse(source));
        const over = limitProblems(measure.operations[0], small).length > 0;
        const errors = validate(schema, parse(source), [queryLimitsRule(small)]);
        expect(errors.length > 0).toBe(over);
        if (over) expect(errors.every((e) => e.extensions.code === 'QUERY_TOO_COMPLEX')).toBe(true);
        // And the rule's verdict matches the measure against each bound.
        const exceeds =
          measure.fields > small.maxFields || measure.depth > small.maxDepth || measure.rootFields > small.maxRootFields || measure.aliases > small.maxAliases || measure.directives > small.maxDirectives;
        expect(over).toBe(exceeds);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on arbitrary parseable text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        let doc;
        try {
          doc = parse(text);
        } catch {
          return;
        }
        expect(() => validate(schema, doc, [queryLimitsRule()])).not.toThrow();
      }),
    );
  });
});

describe('formatError: no raw internal text reaches a client', () => {
  it('answers a TypeError as INTERNAL_SERVER_ERROR with a reference, and logs the detail under the same reference', () => {
    const logged: Record<string, unknown>[] = [];
    const thrown = new TypeError("Cannot read properties of undefined (reading 'statement') at /srv/app/dist/x.js");
    const error = new GraphQLError(thrown.message, { path: ['claim'], originalError: thrown });
    const formatted = formatError({ ...error.toJSON(), extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: ['x'] } }, error, (entry) => logged.push(entry));
    expect(formatted.message).toBe(INTERNAL_MESSAGE);
    expect(JSON.stringify(formatted)).not.toMatch(/statement|TypeError|dist/);
    expect(formatted.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR', reference: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ reference: formatted.extensions!.reference, error: expect.stringContaining('TypeError: Cannot read') });
  });

  it('keeps the message of what the client caused', () => {
    const logged: unknown[] = [];
    const parseError = new GraphQLError('Syntax Error: Expected Name, found <EOF>.');
    const formatted = formatError({ message: parseError.message, extensions: { code: 'GRAPHQL_PARSE_FAILED' } }, parseError, (e) => logged.push(e));
    expect(formatted).toMatchObject({ message: parseError.message, extensions: { code: 'GRAPHQL_PARSE_FAILED' } });
    expect(logged).toEqual([]);
  });
});
