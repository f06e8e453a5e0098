/**
 * The oldest EventStoreDB this adapter runs on. 23.10 is the first to send `caughtUp` on a `$all`
 * subscription (the projections wait on it); 22.6 the first to put commit/prepare positions on
 * events read from a stream (the adapter returns them as `position`). Older servers would answer
 * without error and the read models would silently never catch up or carry position 0.
 */
export const SERVER_FLOOR = { major: 23, minor: 10 } as const;
export const SERVER_FLOOR_TEXT = `${SERVER_FLOOR.major}.${SERVER_FLOOR.minor}`;

export interface ServerVerdict {
  /** What the server reported ("older than 21.10" when it has no ServerFeatures RPC). */
  version: string;
  /** Why the adapter refuses this server; undefined when it is supported. */
  unsupported?: string;
}

/** Judges the version ServerFeatures reported (undefined: the RPC is unimplemented, i.e. before 21.10). */
export function judgeServerVersion(reported: string | undefined): ServerVerdict {
  if (reported === undefined) {
    const version = 'older than 21.10';
    return { version, unsupported: refusal(`EventStoreDB ${version} (it has no ServerFeatures service)`) };
  }
  const match = /^\s*v?(\d+)\.(\d+)/.exec(reported);
  if (!match) return { version: reported, unsupported: refusal(`a server reporting version "${reported}", which is not a version number`) };
  const [major, minor] = [Number(match[1]), Number(match[2])];
  const below = major < SERVER_FLOOR.major || (major === SERVER_FLOOR.major && minor < SERVER_FLOOR.minor);
  return below ? { version: reported, unsupported: refusal(`EventStoreDB ${reported}`) } : { version: reported };
}

function refusal(what: string): string {
  return `The event store is ${what}; this service needs EventStoreDB/KurrentDB ${SERVER_FLOOR_TEXT} or later (caught-up notifications on subscriptions, positions on stream reads)`;
}
