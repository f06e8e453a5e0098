import type { Type } from '@nestjs/common';
import { Field, ObjectType } from '@nestjs/graphql';

/** Relay's page info, one type for every paginated field. */
@ObjectType({ description: 'Where a page sits in its list (Relay).' })
export class PageInfo {
  @Field({ description: 'True when more items follow: ask again with after: endCursor.' }) hasNextPage: boolean;
  @Field({ description: 'True when the page was asked after a cursor.' }) hasPreviousPage: boolean;
  @Field(() => String, { nullable: true, description: 'The cursor of the first item; null for an empty page.' }) startCursor: string | null;
  @Field(() => String, { nullable: true, description: 'The cursor of the last item (pass it as after); null for an empty page.' }) endCursor: string | null;
}

export interface Edge<Node> {
  cursor: string;
  node: Node;
}

export interface Page<Node> {
  edges: Edge<Node>[];
  pageInfo: PageInfo;
}

/**
 * The base of a Relay connection over `node`: `edges` of an object type named `edgeName` and the
 * shared PageInfo. Extend it under the connection's own name and add what the list needs besides
 * (a total count, the claim's last revision):
 *
 *   @ObjectType() class ClaimConnection extends Connection(Claim, 'ClaimEdge') { ... }
 *
 * The edge name is given, not derived, because the schema's names predate this factory.
 */
export function Connection<Node>(node: Type<Node>, edgeName: string): Type<Page<Node>> {
  @ObjectType(edgeName, { description: `One item of a page, with its cursor (${edgeName}).` })
  class EdgeType implements Edge<Node> {
    @Field({ description: 'Opaque: pass it as after to get the items that follow this one.' }) cursor: string;
    @Field(() => node, { description: 'The item.' }) node: Node;
  }

  @ObjectType({ isAbstract: true })
  class ConnectionType implements Page<Node> {
    @Field(() => [EdgeType], { description: 'The items of this page, in order.' }) edges: EdgeType[];
    @Field(() => PageInfo, { description: 'Where this page sits in the list.' }) pageInfo: PageInfo;
  }
  return ConnectionType;
}

/** One page as a read side returns it: the nodes in order, a cursor for each, and whether more follow. */
export interface PageSlice<Node> {
  nodes: readonly Node[];
  cursors: readonly string[];
  hasNextPage: boolean;
}

/**
 * Edges and PageInfo of a connection from one page of a read side. `after` is the cursor the page
 * was asked after: a page that starts after a cursor has a previous page. Add the connection's own
 * fields (a total count, the claim's last revision) beside the result.
 */
export function toConnection<Node>({ nodes, cursors, hasNextPage }: PageSlice<Node>, after: string | null | undefined): Page<Node> {
  const edges = nodes.map((node, i) => ({ cursor: cursors[i], node }));
  return {
    edges,
    pageInfo: { hasNextPage, hasPreviousPage: after != null, startCursor: edges[0]?.cursor ?? null, endCursor: edges[edges.length - 1]?.cursor ?? null },
  };
}
