import { FragmentDefinitionNode, Kind, OperationDefinitionNode, SelectionSetNode, ValueNode } from 'graphql';

/** The audit queries: each reads and folds a claim's stream (or every stream), so they cost more. */
export const AUDIT_FIELDS: ReadonlySet<string> = new Set([
  'claimHistory',
  'claimAsOf',
  'claimAtRevision',
  'claimDiff',
  'actorActivity',
  'verifyAuditTrail',
  'verifyAllAuditTrails',
]);

export interface CostRules {
  searchCost: number;
  auditCost: number;
}

function hasSearch(value: ValueNode | undefined, variables: Record<string, unknown>): boolean {
  if (!value) return false;
  if (value.kind === Kind.VARIABLE) {
    const filter = variables[value.name.value] as { search?: unknown } | null | undefined;
    return typeof filter?.search === 'string' && filter.search.trim() !== '';
  }
  if (value.kind !== Kind.OBJECT) return false;
  const search = value.fields.find((f) => f.name.value === 'search')?.value;
  if (!search || search.kind === Kind.NULL) return false;
  if (search.kind === Kind.STRING) return search.value.trim() !== '';
  if (search.kind === Kind.VARIABLE) {
    const given = variables[search.name.value];
    return typeof given === 'string' && given.trim() !== '';
  }
  return true;
}

/**
 * The points one operation costs: the sum over its root fields (inline fragments and fragment spreads
 * at the root expanded, each fragment once; a response key counted once, as GraphQL merges them) of
 * `searchCost` for `claims(filter: { search })`, `auditCost` for an audit query, 1 for anything else.
 * Linear in the document: every selection at the root is looked at once.
 */
export function operationCost(
  operation: OperationDefinitionNode,
  fragments: Record<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
  rules: CostRules,
): number {
  const seenKeys = new Set<string>();
  const seenFragments = new Set<string>();
  let cost = 0;
  const walk = (set: SelectionSetNode) => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        const key = selection.alias?.value ?? selection.name.value;
        if (seenKeys.has(key)) continue;
        seenKeys.add(key);
        const name = selection.name.value;
        if (name === 'claims' && hasSearch(selection.arguments?.find((a) => a.name.value === 'filter')?.value, variables)) cost += rules.searchCost;
        else if (AUDIT_FIELDS.has(name)) cost += rules.auditCost;
        else cost += 1;
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        walk(selection.selectionSet);
      } else {
        const name = selection.name.value;
        if (seenFragments.has(name)) continue;
        seenFragments.add(name);
        const fragment = fragments[name];
        if (fragment) walk(fragment.selectionSet);
      }
    }
  };
  walk(operation.selectionSet);
  return Math.max(1, cost);
}
