import {
  getNamedType,
  GraphQLArgument,
  GraphQLField,
  GraphQLInputField,
  GraphQLNamedType,
  GraphQLSchema,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isIntrospectionType,
  isObjectType,
  isSpecifiedScalarType,
} from 'graphql';

/**
 * What a client must be able to rely on in the schema (issue 14): every type, field, argument, input
 * field and enum value described; every time-like name typed DateTime or Date; every role typed Role.
 * Returns one line per problem, e.g. `Claim.addedAt: a time typed String (use DateTime or Date)`.
 */
export function lintSchema(schema: GraphQLSchema): string[] {
  const problems: string[] = [];
  const types = Object.values(schema.getTypeMap()).filter((t) => !isIntrospectionType(t) && !isSpecifiedScalarType(t));
  for (const type of types) {
    if (!type.description?.trim()) problems.push(`${type.name}: type without a description`);
    if (isEnumType(type)) {
      for (const value of type.getValues()) {
        if (!value.description?.trim()) problems.push(`${type.name}.${value.name}: enum value without a description`);
      }
    }
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        lintMember(`${type.name}.${field.name}`, field, 'field', problems);
        for (const arg of field.args) lintMember(`${type.name}.${field.name}(${arg.name})`, arg, 'argument', problems);
      }
    }
    if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) lintMember(`${type.name}.${field.name}`, field, 'input field', problems);
    }
  }
  return problems.sort();
}

/**
 * Names that hold a time: `at`, `from`, `to`, `since`, `until`; `addedAt`, `claimDate`, `expiresAt`; `claimDateFrom`,
 * `publishedTo`, `submittedFrom`. Not Relay's `after`/`before` (cursors), nor `replyTo` or `awaitingVerdictFrom` (ids).
 */
export function looksLikeTime(name: string): boolean {
  return /^(at|from|to|since|until|date|time|when)$/.test(name) || /[a-z](At|Date|Time|Since|Until|Before|After)$/.test(name) || /(Date|At|ed)(From|To)$/.test(name);
}

/** Names that hold a role or roles: `role`, `roles`, `actorRoles`, `asRole`... */
export function looksLikeRole(name: string): boolean {
  return /(^r|R)oles?$/.test(name);
}

function lintMember(
  where: string,
  member: GraphQLField<unknown, unknown> | GraphQLArgument | GraphQLInputField,
  kind: 'field' | 'argument' | 'input field',
  problems: string[],
): void {
  if (!member.description?.trim()) problems.push(`${where}: ${kind} without a description`);
  const named: GraphQLNamedType = getNamedType(member.type);
  if (looksLikeTime(member.name) && !['DateTime', 'Date'].includes(named.name)) {
    problems.push(`${where}: a time typed ${named.name} (use DateTime or Date)`);
  }
  if (looksLikeRole(member.name) && named.name !== 'Role' && !member.deprecationReason) {
    problems.push(`${where}: a role typed ${named.name} (use Role)`);
  }
}
