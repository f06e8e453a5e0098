import { Field, ID, InterfaceType } from '@nestjs/graphql';

/**
 * Which object type a value answered through `node`/`nodes` is. The node resolver tags what it
 * returns with it; every other field returns a concrete type and never needs it.
 */
export const NODE_TYPE = '__nodeType';
export type Tagged<T> = T & { [NODE_TYPE]: string };

export function tagged<T extends object>(type: string, value: T): Tagged<T> {
  return Object.assign(value, { [NODE_TYPE]: type });
}

@InterfaceType('Node', {
  description:
    'An object with a global id (Relay): refetch it with node(id:). Live objects keep the ids they always had (claims, citations, verdicts, notes, correction requests); versions from the history are <id>@<revision>.',
  resolveType: (value: Partial<Tagged<object>>) => value[NODE_TYPE],
})
export abstract class Node {
  @Field(() => ID, { description: 'A global id, unique across every type: node(id:) finds the object again.' })
  id: string;
}
