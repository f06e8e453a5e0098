import {
  ASTVisitor,
  DocumentNode,
  FragmentDefinitionNode,
  GraphQLError,
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
};

export type QueryLimits = typeof QUERY_LIMITS;

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
}

export interface OperationMeasure extends Cost {
  operation: OperationDefinitionNode;
}

export interface DocumentMeasure {
  /** The largest of each cost over the document's operations (each is executed on its own). */
  fields: number;
  depth: number;
  rootFields: number;
  aliases: number;
  directives: number;
  /** Selections looked at, in all; linear in the document's size whatever it spreads. */
  visits: number;
  /** Fragments spread but never defined: when there are any, nothing is measured. */
  unknownFragments: string[];
  operations: OperationMeasure[];
}

const ZERO: Cost = { fields: 0, depth: 0, rootFields: 0, aliases: 0, directives: 0 };

/**
 * Measures a document in time linear in its size: first a scan for fragments spread but not
 * defined (a document spreading one is refused before any expansion), then each selection set is
 * costed once, a fragment's cost memoised the first time it is needed. Cycles cost nothing here
 * (graphql's NoFragmentCycles rule refuses them). Never throws.
 */
export function measureDocument(document: DocumentNode): DocumentMeasure {
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
  };
  const fragmentCost = (name: string): Cost => {
    const known = memo.get(name);
    if (known) return known;
    if (inProgress.has(name)) return ZERO; // a cycle: refused by NoFragmentCycles
    inProgress.add(name);
    const fragment = fragments.get(name)!;
    const cost = setCost(fragment.selectionSet);
    cost.directives += fragment.directives?.length ?? 0;
    inProgress.delete(name);
    memo.set(name, cost);
    return cost;
  };
  const setCost = (set: SelectionSetNode): Cost => {
    const cost: Cost = { ...ZERO };
    for (const selection of set.selections) {
      visits += 1;
      const directives = selection.directives?.length ?? 0;
      if (selection.kind === Kind.FIELD) {
        const below = selection.selectionSet ? setCost(selection.selectionSet) : ZERO;
        cost.fields += 1 + below.fields;
        cost.depth = Math.max(cost.depth, 1 + below.depth);
        cost.rootFields += 1;
        cost.aliases += (selection.alias ? 1 : 0) + below.aliases;
        cost.directives += directives + below.directives;
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        add(cost, setCost(selection.selectionSet), directives);
      } else {
        add(cost, fragmentCost(selection.name.value), directives);
      }
    }
    return cost;
  };

  const operations: OperationMeasure[] = [];
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    const cost = setCost(definition.selectionSet);
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
  return problems;
}

/** The refusal of a document longer than maxQueryLength (HTTP 400), before it is parsed. */
export function queryTooLong(source: unknown, limits: Pick<QueryLimits, 'maxQueryLength'> = QUERY_LIMITS): GraphQLError | undefined {
  if (typeof source !== 'string' || source.length <= limits.maxQueryLength) return undefined;
  return new GraphQLError(`The query is longer than ${limits.maxQueryLength} characters`, {
    extensions: { code: 'QUERY_TOO_COMPLEX', http: { status: 400 } },
  });
}

export function queryLimitsRule(limits: QueryLimits = QUERY_LIMITS): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    const measure = measureDocument(context.getDocument());
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
