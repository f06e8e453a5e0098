import {
  ASTVisitor,
  DocumentNode,
  FieldNode,
  FragmentDefinitionNode,
  getNamedType,
  GraphQLError,
  GraphQLField,
  GraphQLNamedType,
  GraphQLSchema,
  GraphQLType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  OperationDefinitionNode,
  ParseOptions,
  SelectionSetNode,
  ValidationContext,
  ValidationRule,
} from 'graphql';

/**
 * Bounds on what one GraphQL document may ask for, so a single request cannot occupy the
 * service (thousands of aliases of a 100-item list, fragments spread into fragments...). Fields
 * are counted with fragments expanded, so spreading one fragment many times costs what it asks for;
 * the expansion is computed, never walked: each fragment's cost is measured once per document.
 */
export const QUERY_LIMITS = {
  /** Fields in one operation, fragments expanded. */
  maxFields: 1500,
  /** Nesting depth of selections. */
  maxDepth: 15,
  /** Top-level fields of one operation, inline fragments and spreads expanded (aliases of `claims(first: 100)` multiply the work). */
  maxRootFields: 10,
  /** Aliased fields in one operation, fragments expanded. */
  maxAliases: 100,
  /** Directives in one operation, fragments expanded. */
  maxDirectives: 50,
  /** Characters in one document, on every transport (checked before parsing). */
  maxQueryLength: 100_000,
  /** Lexical tokens in one document: graphql's parser stops there (a bound on parse work and AST size). */
  maxTokens: 10_000,
  /**
   * Estimated values in one answer (QUERY_MAX_NODES): each field counts once for every element of
   * the lists above it, a list counting its size bound (see ListBounds). Bounds the answer's size
   * where counting fields cannot (ten aliases of `claims(first: 100)` with every appearance).
   */
  maxNodes: 50_000,
};

export type QueryLimits = typeof QUERY_LIMITS;

/**
 * The largest message the service reads: an HTTP JSON body, a WebSocket frame. Room for the largest
 * valid input (a claim with 50 appearances of 2 KB URLs, a 4,000-character statement), not more.
 */
export const MAX_MESSAGE_BYTES = 512 * 1024;

/**
 * How long each list in an answer can be, for the estimate of an answer's size. Lists of a field
 * with a `first` argument (a connection) are pages: its `edges` and `nodes` count `first` (its
 * literal value, the page maximum when it comes from a variable, the default when absent).
 */
export interface ListBounds {
  /** Bounds of plain list fields, by `Type.field`. */
  fields: Readonly<Record<string, number>>;
  /** Page sizes of paginated fields, by `Type.field`. */
  pages: Readonly<Record<string, { default: number; max: number }>>;
  /** Any list without a known bound (and any page without a known size). */
  fallback: number;
  /** Values one scalar field stands for, by `Type.field`, when it is a whole JSON document (a ClaimReview, an event's data). */
  weights?: Readonly<Record<string, number>>;
}

/** No known bound: every list counts the conservative fallback. */
export const NO_LIST_BOUNDS: ListBounds = { fields: {}, pages: {}, fallback: 100 };

/** The options every parse of a client document uses (Apollo's `parseOptions`, graphql-ws's `parse`). */
export function parseOptions(limits: Pick<QueryLimits, 'maxTokens'> = QUERY_LIMITS): ParseOptions {
  return { maxTokens: limits.maxTokens };
}

/** What one selection set (or fragment, or operation) costs once every fragment in it is expanded. */
export interface Cost {
  fields: number;
  /** Levels of fields below (1 for a set of leaves). */
  depth: number;
  /** Fields at the set's own level, inline fragments and spreads expanded. */
  rootFields: number;
  aliases: number;
  directives: number;
  /** Estimated values in the answer (lists multiplied by their bounds); see QueryLimits.maxNodes. */
  nodes: number;
  /** Values below a page list (`edges`, `nodes`) of this level, per element of the page: multiplied by the parent's `first`. */
  paged: number;
}

export interface OperationMeasure extends Cost {
  operation: OperationDefinitionNode;
}

/** The largest of each cost over the document's operations (each is executed on its own). */
export interface DocumentMeasure extends Omit<Cost, 'paged'> {
  /** Selections looked at, in all; linear in the document's size whatever it spreads. */
  visits: number;
  /** Fragments spread but never defined: when there are any, nothing is measured. */
  unknownFragments: string[];
  operations: OperationMeasure[];
}

const ZERO: Cost = { fields: 0, depth: 0, rootFields: 0, aliases: 0, directives: 0, nodes: 0, paged: 0 };

/** What the size estimate needs: the schema's types and the bounds of its lists. */
export interface SizeModel {
  schema: GraphQLSchema;
  bounds: ListBounds;
}

/** What one introspection value weighs in the estimate, against one of the desk's values (statements, URLs...). */
export const INTROSPECTION_WEIGHT = 0.25;

const INTROSPECTION_BOUNDS = new WeakMap<GraphQLSchema, Record<string, number>>();

/**
 * The introspection lists are as long as the schema makes them: `__Schema.types` its number of
 * types, the lists of one type or field their average length over the schema (so the standard
 * introspection query is estimated at about its real size, and nesting `fields { type { fields ... } } }`
 * still multiplies).
 */
function introspectionBounds(schema: GraphQLSchema): Record<string, number> {
  const known = INTROSPECTION_BOUNDS.get(schema);
  if (known) return known;
  const types = Object.values(schema.getTypeMap());
  const average = (counts: number[]) => Math.max(1, Math.ceil(counts.reduce((a, b) => a + b, 0) / Math.max(1, counts.length)));
  const fields: number[] = [];
  const args: number[] = [];
  const values: number[] = [];
  const members: number[] = [];
  for (const type of types) {
    if ('getFields' in type) {
      const all = Object.values(type.getFields()) as { args?: readonly unknown[] }[];
      fields.push(all.length);
      for (const field of all) args.push(field.args?.length ?? 0);
    }
    if ('getValues' in type) values.push(type.getValues().length);
    if ('getTypes' in type) members.push(type.getTypes().length);
    if ('getInterfaces' in type) members.push(type.getInterfaces().length);
  }
  const directives = schema.getDirectives();
  const bounds = {
    '__Schema.types': types.length,
    '__Schema.directives': directives.length,
    '__Type.fields': average(fields),
    '__Type.inputFields': average(fields),
    '__Type.interfaces': average(members),
    '__Type.possibleTypes': average(members),
    '__Type.enumValues': average(values),
    '__Field.args': average(args),
    '__Directive.args': average(directives.map((d) => d.args.length)),
    '__Directive.locations': 20,
  };
  INTROSPECTION_BOUNDS.set(schema, bounds);
  return bounds;
}

/** The page size a paginated field's `first` asks for. */
function pageSize(field: FieldNode, page: { default: number; max: number }): number {
  const first = field.arguments?.find((a) => a.name.value === 'first');
  if (!first) return page.default;
  if (first.value.kind === Kind.INT) return Math.max(0, Math.min(Number(first.value.value), page.max));
  if (first.value.kind === Kind.NULL) return page.default;
  return page.max; // a variable: the largest page it may ask for
}

/**
 * Measures a document in time linear in its size: first a scan for fragments spread but not
 * defined (a document spreading one is refused before any expansion), then each selection set is
 * costed once, a fragment's cost memoised the first time it is needed. Cycles cost nothing here
 * (graphql's NoFragmentCycles rule refuses them). Never throws.
 */
export function measureDocument(document: DocumentNode, model?: SizeModel): DocumentMeasure {
  let visits = 0;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION && !fragments.has(definition.name.value)) fragments.set(definition.name.value, definition);
  }

  // 1. Unknown fragments, without expanding anything (an explicit stack: no recursion on hostile nesting).
  const unknown = new Set<string>();
  const stack: SelectionSetNode[] = [];
  for (const definition of document.definitions) {
    if (definition.kind === Kind.OPERATION_DEFINITION || definition.kind === Kind.FRAGMENT_DEFINITION) stack.push(definition.selectionSet);
  }
  while (stack.length > 0) {
    for (const selection of stack.pop()!.selections) {
      visits += 1;
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        if (!fragments.has(selection.name.value)) unknown.add(selection.name.value);
      } else if (selection.selectionSet) {
        stack.push(selection.selectionSet);
      }
    }
  }
  if (unknown.size > 0) return { ...ZERO, visits, unknownFragments: [...unknown], operations: [] };

  // 2. Costs, each fragment once.
  const memo = new Map<string, Cost>();
  const inProgress = new Set<string>();
  const add = (into: Cost, part: Cost, extraDirectives: number): void => {
    into.fields += part.fields;
    into.depth = Math.max(into.depth, part.depth);
    into.rootFields += part.rootFields;
    into.aliases += part.aliases;
    into.directives += part.directives + extraDirectives;
    into.nodes += part.nodes;
    into.paged += part.paged;
  };
  const schema = model?.schema;
  const bounds = model?.bounds ?? NO_LIST_BOUNDS;
  const introspection = schema ? introspectionBounds(schema) : {};
  const typeNamed = (name: string | undefined): GraphQLNamedType | undefined => (schema && name ? schema.getType(name) : undefined);
  const fieldOf = (parent: GraphQLNamedType | undefined, name: string): GraphQLField<unknown, unknown> | undefined => {
    if (!schema) return undefined;
    if (name === '__schema') return schema.getQueryType() === parent ? ({ type: schema.getType('__Schema'), args: [] } as never) : undefined;
    if (name === '__type') return schema.getQueryType() === parent ? ({ type: schema.getType('__Type'), args: [] } as never) : undefined;
    return parent && (isObjectType(parent) || isInterfaceType(parent)) ? parent.getFields()[name] : undefined;
  };
  /** The product of the bounds of a field's list wrappers (1 when it is no list); undefined for a page list. */
  const listFactor = (parent: GraphQLNamedType | undefined, name: string, type: GraphQLType): number | 'page' => {
    let factor = 1;
    let outer = true;
    let t: GraphQLType = type;
    while (isNonNullType(t) || isListType(t)) {
      if (isListType(t)) {
        const key = `${parent?.name}.${name}`;
        if (outer && parent && /Connection$/.test(parent.name) && (name === 'edges' || name === 'nodes')) return 'page';
        factor *= outer ? (bounds.fields[key] ?? introspection[key] ?? bounds.fallback) : bounds.fallback;
        outer = false;
      }
      t = t.ofType;
    }
    return factor * (bounds.weights?.[`${parent?.name}.${name}`] ?? 1);
  };
  const fragmentCost = (name: string): Cost => {
    const known = memo.get(name);
    if (known) return known;
    if (inProgress.has(name)) return ZERO; // a cycle: refused by NoFragmentCycles
    inProgress.add(name);
    const fragment = fragments.get(name)!;
    const cost = setCost(fragment.selectionSet, typeNamed(fragment.typeCondition.name.value));
    cost.directives += fragment.directives?.length ?? 0;
    inProgress.delete(name);
    memo.set(name, cost);
    return cost;
  };
  const setCost = (set: SelectionSetNode, parent: GraphQLNamedType | undefined): Cost => {
    const cost: Cost = { ...ZERO };
    for (const selection of set.selections) {
      visits += 1;
      const directives = selection.directives?.length ?? 0;
      if (selection.kind === Kind.FIELD) {
        const definition = fieldOf(parent, selection.name.value);
        const below = selection.selectionSet ? setCost(selection.selectionSet, definition ? getNamedType(definition.type) : undefined) : ZERO;
        // One element of this field: itself and what is selected below it, pages multiplied by `first`.
        let element = 1 + below.nodes;
        if (below.paged > 0) {
          const page = definition?.args.some((a) => a.name === 'first')
            ? pageSize(selection, bounds.pages[`${parent?.name}.${selection.name.value}`] ?? { default: bounds.fallback, max: bounds.fallback })
            : bounds.fallback;
          element += page * below.paged;
        }
        // The schema's own description is made of names a few characters long: a quarter of the weight.
        if (selection.name.value === '__schema' || selection.name.value === '__type') element *= INTROSPECTION_WEIGHT;
        const factor = definition ? listFactor(parent, selection.name.value, definition.type) : 1;
        if (factor === 'page') cost.paged += element;
        else cost.nodes += factor * element;
        cost.fields += 1 + below.fields;
        cost.depth = Math.max(cost.depth, 1 + below.depth);
        cost.rootFields += 1;
        cost.aliases += (selection.alias ? 1 : 0) + below.aliases;
        cost.directives += directives + below.directives;
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        add(cost, setCost(selection.selectionSet, selection.typeCondition ? typeNamed(selection.typeCondition.name.value) : parent), directives);
      } else {
        add(cost, fragmentCost(selection.name.value), directives);
      }
    }
    return cost;
  };

  const operations: OperationMeasure[] = [];
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    const root = schema ? (definition.operation === 'query' ? schema.getQueryType() : definition.operation === 'mutation' ? schema.getMutationType() : schema.getSubscriptionType()) : undefined;
    const cost = setCost(definition.selectionSet, root ?? undefined);
    cost.directives += definition.directives?.length ?? 0;
    operations.push({ ...cost, operation: definition });
  }
  const most = (key: keyof Cost) => operations.reduce((max, op) => Math.max(max, op[key]), 0);
  return {
    fields: most('fields'),
    depth: most('depth'),
    rootFields: most('rootFields'),
    aliases: most('aliases'),
    directives: most('directives'),
    nodes: most('nodes'),
    visits,
    unknownFragments: [],
    operations,
  };
}

/** Why an operation is over the limits (empty when it is within them). */
export function limitProblems(measure: Cost, limits: QueryLimits = QUERY_LIMITS, name = 'The operation'): string[] {
  const problems: string[] = [];
  if (measure.fields > limits.maxFields) problems.push(`${name} asks for more than ${limits.maxFields} fields; split it into smaller queries`);
  if (measure.depth > limits.maxDepth) problems.push(`${name} nests deeper than ${limits.maxDepth} levels`);
  if (measure.rootFields > limits.maxRootFields) {
    problems.push(`${name} has ${measure.rootFields} top-level fields; at most ${limits.maxRootFields} are allowed in one request`);
  }
  if (measure.aliases > limits.maxAliases) problems.push(`${name} uses more than ${limits.maxAliases} aliases`);
  if (measure.directives > limits.maxDirectives) problems.push(`${name} uses more than ${limits.maxDirectives} directives`);
  if (measure.nodes > limits.maxNodes) {
    const estimate = Number.isFinite(measure.nodes) ? Math.round(measure.nodes).toLocaleString('en-US') : 'too many';
    problems.push(
      `${name} could return about ${estimate} values (each list counted at its largest: first, or the list's maximum); at most ${limits.maxNodes.toLocaleString('en-US')} are allowed: ask for smaller pages or fewer fields`,
    );
  }
  return problems;
}

/** The refusal of a document longer than maxQueryLength (HTTP 400), before it is parsed. */
export function queryTooLong(source: unknown, limits: Pick<QueryLimits, 'maxQueryLength'> = QUERY_LIMITS): GraphQLError | undefined {
  if (typeof source !== 'string' || source.length <= limits.maxQueryLength) return undefined;
  return new GraphQLError(`The query is longer than ${limits.maxQueryLength} characters`, {
    extensions: { code: 'QUERY_TOO_COMPLEX', http: { status: 400 } },
  });
}

export function queryLimitsRule(limits: QueryLimits = QUERY_LIMITS, bounds: ListBounds = NO_LIST_BOUNDS): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    const measure = measureDocument(context.getDocument(), { schema: context.getSchema(), bounds });
    if (measure.unknownFragments.length > 0) {
      context.reportError(
        new GraphQLError(`The document spreads undefined fragment(s) ${measure.unknownFragments.map((n) => `"${n}"`).join(', ')}; it is refused before it is measured`, {
          extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
        }),
      );
      return {};
    }
    for (const op of measure.operations) {
      const name = op.operation.name?.value ? `Operation ${op.operation.name.value}` : 'The operation';
      for (const problem of limitProblems(op, limits, name)) {
        context.reportError(new GraphQLError(problem, { nodes: [op.operation], extensions: { code: 'QUERY_TOO_COMPLEX' } }));
      }
    }
    return {};
  };
}
