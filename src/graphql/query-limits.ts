import {
  ASTVisitor,
  FragmentDefinitionNode,
  GraphQLError,
  Kind,
  SelectionSetNode,
  ValidationContext,
  ValidationRule,
} from 'graphql';

/**
 * Bounds on what one GraphQL document may ask for, so a single request cannot occupy the
 * service (thousands of aliases of a 100-item list, fragments spread into fragments...). Fields
 * are counted with fragments expanded, so spreading one fragment many times costs what it asks for.
 */
export const QUERY_LIMITS = {
  /** Fields in the whole document, fragments expanded. */
  maxFields: 1500,
  /** Nesting depth of selections. */
  maxDepth: 15,
  /** Top-level fields of one operation (aliases of `claims(first: 100)` multiply the work). */
  maxRootFields: 10,
  /** Characters in one document. */
  maxQueryLength: 100_000,
};

export function queryLimitsRule(limits = QUERY_LIMITS): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const definition of context.getDocument().definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    }

    /** Counts fields under a selection set; stops counting once over the limit (and on fragment cycles). */
    const measure = (set: SelectionSetNode, depth: number, seen: Set<string>, budget: { fields: number; depth: number }): void => {
      budget.depth = Math.max(budget.depth, depth);
      for (const selection of set.selections) {
        if (budget.fields > limits.maxFields) return;
        if (selection.kind === Kind.FIELD) {
          budget.fields += 1;
          if (selection.selectionSet) measure(selection.selectionSet, depth + 1, seen, budget);
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          measure(selection.selectionSet, depth, seen, budget);
        } else {
          const fragment = fragments.get(selection.name.value);
          if (!fragment || seen.has(fragment.name.value)) continue; // unknown or cyclic: other rules report those
          measure(fragment.selectionSet, depth, new Set([...seen, fragment.name.value]), budget);
        }
      }
    };

    return {
      OperationDefinition(operation) {
        const budget = { fields: 0, depth: 0 };
        measure(operation.selectionSet, 1, new Set(), budget);
        const roots = { fields: 0, depth: 0 };
        for (const selection of operation.selectionSet.selections) {
          if (selection.kind === Kind.FIELD) roots.fields += 1;
        }
        const name = operation.name?.value ? `Operation ${operation.name.value}` : 'The operation';
        if (budget.fields > limits.maxFields) {
          context.reportError(new GraphQLError(`${name} asks for more than ${limits.maxFields} fields; split it into smaller queries`, { nodes: [operation], extensions: { code: 'QUERY_TOO_COMPLEX' } }));
        }
        if (budget.depth > limits.maxDepth) {
          context.reportError(new GraphQLError(`${name} nests deeper than ${limits.maxDepth} levels`, { nodes: [operation], extensions: { code: 'QUERY_TOO_COMPLEX' } }));
        }
        if (roots.fields > limits.maxRootFields) {
          context.reportError(
            new GraphQLError(`${name} has ${roots.fields} top-level fields; at most ${limits.maxRootFields} are allowed in one request`, {
              nodes: [operation],
              extensions: { code: 'QUERY_TOO_COMPLEX' },
            }),
          );
        }
      },
    };
  };
}
