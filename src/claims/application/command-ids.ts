import { createHmac, randomUUID } from 'node:crypto';
import { deterministicUuid } from '../../shared/deterministic-id';
import type { CommandRequest } from './claim-commands';

/** The server-side key ids are derived with (ID_SECRET, or one generated into DATA_DIR): provided by the claims module. */
export const ID_SECRET = Symbol('ID_SECRET');

export interface CommandIds {
  commandId: string;
  created(kind: string): string;
  event(index: number): string;
}

/**
 * Every id a command needs, in one place. With a mutationId they derive from it and the actor,
 * through an HMAC-SHA256 keyed with the server's secret: a retry addresses the same claim, citation
 * or verdict and appends events the store recognises as already written, yet nobody without the
 * secret can predict an id from someone's name and mutationId. Without a mutationId they are random,
 * drawn once: the command path's own retries (after a store failure) append under the same ids.
 */
export function commandIds(request: Pick<CommandRequest, 'mutationId' | 'actor'>, secret: string): CommandIds {
  const { mutationId, actor } = request;
  if (!mutationId) return { commandId: randomUUID(), created: once(), event: once() };
  const keyed = (name: string) => deterministicUuid(createHmac('sha256', secret).update(name).digest('hex'));
  // JSON keeps the parts apart: no actor id and mutationId pair can spell another's.
  const commandId = keyed(JSON.stringify(['mutation', actor.id, mutationId]));
  return {
    commandId,
    created: (kind) => keyed(JSON.stringify([kind, actor.id, mutationId])),
    event: (index) => keyed(JSON.stringify(['event', commandId, index])),
  };
}

/** A random id per key, the same each time the key is asked for again. */
function once<K>(): (key: K) => string {
  const drawn = new Map<K, string>();
  return (key) => {
    let id = drawn.get(key);
    if (id === undefined) {
      id = randomUUID();
      drawn.set(key, id);
    }
    return id;
  };
}
