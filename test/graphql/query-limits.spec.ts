import fc from 'fast-check';
import { buildSchema, GraphQLError, parse, validate } from 'graphql';
import { formatError, INTERNAL_MESSAGE } from '../../src/graphql/error-format';
import { ListBounds, limitProblems, measureDocument, QUERY_LIMITS, queryLimitsRule } from '../../src/graphql/query-limits';

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

// ---- The estimate of an answer's size (issue #11, amplification): lists count their bounds ----

const listSchema = buildSchema(`
  type Query { items(first: Int): ItemConnection! item: Item tags: [String!]! }
  type ItemConnection { edges: [ItemEdge!]! totalCount: Int! }
  type ItemEdge { cursor: String! node: Item! }
  type Item { id: ID! name: String! tags: [String!]! parts: [Item!]! grid: [[Int!]!]! items(first: Int): ItemConnection! }
`);
const listBounds: ListBounds = {
  fields: { 'Query.tags': 5, 'Item.tags': 7, 'Item.parts': 3 },
  pages: { 'Query.items': { default: 10, max: 50 }, 'Item.items': { default: 2, max: 20 } },
  fallback: 11,
};
const nodesOf = (source: string, bounds = listBounds) => measureDocument(parse(source), { schema: listSchema, bounds }).nodes;

describe('a JSON document counts for the values it holds (weights)', () => {
  it('a weighted scalar multiplies with the lists above it; unweighted scalars count one', () => {
    const weighted: ListBounds = { ...listBounds, weights: { 'Item.name': 40 } };
    expect(nodesOf('{ item { name } }', weighted)).toBe(1 + 40);
    expect(nodesOf('{ item { id } }', weighted)).toBe(1 + 1);
    // Ten items of a page, each with a 40-value document: 10 * (1 + 1 + 40) below the page, and the page field itself.
    expect(nodesOf('{ items(first: 10) { edges { node { name } } } }', weighted)).toBe(nodesOf('{ items(first: 10) { edges { node { id } } } }', weighted) + 10 * 39);
  });
});

/** A selection on Item, as data: rendered with each page's `first` (or none) so it can be raised. */
type Sel = { kind: 'leaf'; name: 'id' | 'name' | 'tags' | 'grid' } | { kind: 'parts'; sub: Sel[] } | { kind: 'page'; first: number | null; sub: Sel[] };
const selections: fc.Arbitrary<Sel[]> = fc.letrec<{ sels: Sel[]; sel: Sel }>((tie) => ({
  sel: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom<Sel>({ kind: 'leaf', name: 'id' }, { kind: 'leaf', name: 'name' }, { kind: 'leaf', name: 'tags' }, { kind: 'leaf', name: 'grid' }),
    fc.record({ kind: fc.constant('parts' as const), sub: tie('sels') }),
    fc.record({ kind: fc.constant('page' as const), first: fc.option(fc.integer({ min: 1, max: 30 }), { nil: null }), sub: tie('sels') }),
  ),
  sels: fc.array(tie('sel'), { minLength: 1, maxLength: 3 }),
})).sels;
const render = (sels: Sel[], raise = 0): string =>
  sels
    .map((s) => {
      if (s.kind === 'leaf') return s.name;
      if (s.kind === 'parts') return `parts { ${render(s.sub, raise)} }`;
      return `items${s.first === null ? '' : `(first: ${s.first + raise})`} { totalCount edges { cursor node { ${render(s.sub, raise)} } } }`;
    })
    .join(' ');
/** The product rule, written out: each field counts once per element of every list above it (and its own). */
const productRule = (sels: Sel[], above: number): number =>
  sels.reduce((sum, s) => {
    if (s.kind === 'leaf') return sum + above * (s.name === 'tags' ? 7 : s.name === 'grid' ? 11 * 11 : 1);
    if (s.kind === 'parts') return sum + above * 3 + productRule(s.sub, above * 3);
    const page = Math.min(s.first ?? 2, 20);
    // items, totalCount: once; edges: page times, each with its cursor and node.
    return sum + above * 2 + above * page * 3 + productRule(s.sub, above * page);
  }, 0);

describe('query limits: the estimate of an answer counts list sizes', () => {
  it('multiplies a page by first, a plain list by its bound, an unknown list by the fallback', () => {
    expect(nodesOf('{ tags }')).toBe(5);
    expect(nodesOf('{ items(first: 30) { edges { node { id } } } }')).toBe(1 + 30 * (1 + 1 + 1));
    expect(nodesOf('{ items { edges { node { id } } } }')).toBe(1 + 10 * 3);
    expect(nodesOf('query($n: Int) { items(first: $n) { edges { node { id } } } }')).toBe(1 + 50 * 3);
    expect(nodesOf('{ items(first: 5000) { edges { node { id } } } }')).toBe(1 + 50 * 3);
    expect(nodesOf('{ item { parts { tags } } }')).toBe(1 + 3 * (1 + 7));
    expect(nodesOf('{ item { grid } }')).toBe(1 + 11 * 11);
    // Spread or inline, a fragment costs what it selects, wherever it is.
    expect(nodesOf('{ item { ...P } } fragment P on Item { parts { ... on Item { tags } } }')).toBe(1 + 3 * (1 + 7));
    expect(nodesOf('{ ...C } fragment C on Query { items(first: 4) { ...E } } fragment E on ItemConnection { edges { node { id } } }')).toBe(1 + 4 * 3);
  });

  it('equals the product rule on generated nested lists and pages', () => {
    fc.assert(
      fc.property(selections, (sels) => {
        expect(nodesOf(`{ item { ${render(sels)} } }`)).toBe(1 + productRule(sels, 1));
      }),
      { numRuns: 300 },
    );
  });

  it('is monotone: adding fields or raising first never lowers it', () => {
    fc.assert(
      fc.property(selections, selections, fc.integer({ min: 0, max: 40 }), (sels, more, raise) => {
        const base = nodesOf(`{ item { ${render(sels)} } }`);
        expect(nodesOf(`{ item { ${render(sels)} ${render(more)} } }`)).toBeGreaterThanOrEqual(base);
        expect(nodesOf(`{ item { ${render([...sels, { kind: 'parts', sub: more }])} } }`)).toBeGreaterThanOrEqual(base);
        expect(nodesOf(`{ item { ${render(sels, raise)} } }`)).toBeGreaterThanOrEqual(base);
        expect(nodesOf(`{ item { ${render(sels)} } }`, { ...listBounds, fallback: listBounds.fallback + raise })).toBeGreaterThanOrEqual(base);
      }),
      { numRuns: 300 },
    );
  });

  it('a document is refused exactly when its estimate is over maxNodes, naming the estimate and the maximum', () => {
    const limits = { ...QUERY_LIMITS, maxNodes: 2000 };
    fc.assert(
      fc.property(selections, (sels) => {
        const source = `{ item { ${render(sels)} } }`;
        const nodes = nodesOf(source);
        const errors = validate(listSchema, parse(source), [queryLimitsRule(limits, listBounds)]).filter((e) => /values/.test(e.message));
        expect(errors.length).toBe(nodes > limits.maxNodes ? 1 : 0);
        if (errors.length) {
          expect(errors[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
          expect(errors[0].message).toContain(Math.round(nodes).toLocaleString('en-US'));
          expect(errors[0].message).toContain('2,000');
        }
      }),
      { numRuns: 300 },
    );
  });

  it('stays linear in the document: pages of fragments that each spread the previous one twice', () => {
    const levels = 30;
    const fragments = ['fragment F0 on Item { id }'];
    for (let i = 1; i <= levels; i++) fragments.push(`fragment F${i} on Item { parts { ...F${i - 1} } items(first: 20) { edges { node { ...F${i - 1} } } } }`);
    const measure = measureDocument(parse(`{ item { ...F${levels} } } ${fragments.join(' ')}`), { schema: listSchema, bounds: listBounds });
    // Six selections a fragment, two in the operation and F0's one: each looked at twice at most (the scan, the costing).
    expect(measure.visits).toBeLessThanOrEqual(2 * (6 * levels + 3));
    expect(measure.nodes).toBeGreaterThan(1e30);
    expect(limitProblems(measure.operations[0]).join(' ')).toMatch(/could return about too many values|could return about [\d,]+ values/);
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
