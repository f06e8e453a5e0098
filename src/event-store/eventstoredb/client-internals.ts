import type { CallOptions, Client as GrpcClient, Metadata, MethodDefinition, ServiceError } from '@grpc/grpc-js';
import { EventStoreDBClient } from '@eventstore/db-client';
import { ServerFeaturesClient } from '@eventstore/db-client/generated/serverfeatures_grpc_pb';
import { Empty } from '@eventstore/db-client/generated/shared_pb';
import { StreamsService } from '@eventstore/db-client/generated/streams_grpc_pb';

// The two places where the adapter reaches past the public API of @eventstore/db-client 6.2.1,
// through members the client declares `protected`. Both are pinned to that version.

/** The protected members of the 6.2.1 client used here, as the client declares them. */
interface ClientInternals {
  supports(method: MethodDefinition<unknown, unknown>, feature?: string): Promise<boolean>;
  execute<C extends GrpcClient, T>(
    Client: new (...args: never[]) => C,
    debugName: string,
    action: (client: C) => Promise<T>,
  ): Promise<T>;
  callArguments(options: { requiresLeader?: boolean }, callOptions?: CallOptions): [Metadata, CallOptions];
}

/** gRPC status codes the adapter tells apart (from grpc's status.proto; @grpc/grpc-js is not a runtime dependency). */
export const GrpcStatus = {
  CANCELLED: 1,
  UNKNOWN: 2,
  INVALID_ARGUMENT: 3,
  DEADLINE_EXCEEDED: 4,
  NOT_FOUND: 5,
  PERMISSION_DENIED: 7,
  FAILED_PRECONDITION: 9,
  ABORTED: 10,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
  UNAVAILABLE: 14,
  UNAUTHENTICATED: 16,
} as const;

/**
 * Makes this client instance append through the classic `Streams.Append` RPC, whatever the server
 * advertises.
 *
 * Why: when ServerFeatures lists `BatchAppend`, 6.2.1 sends every append of the process over one
 * shared duplex stream whose pending appends sit in a module-wide map. One failure on that stream
 * rejects every pending append (of every client) with that error and empties the map; a response
 * arriving after that makes its 'data' handler destructure `undefined` and throw
 * `TypeError: undefined is not iterable` outside any promise, which crashes the process. Fixed only
 * in @kurrent/kurrentdb-client. Classic Append is one call per append: its failure is its own.
 *
 * How: `appendToStream` takes BatchAppend only when `supports(StreamsService.batchAppend)` is true
 * (dist/streams/appendToStream/index.js). `supports` is an own property of each instance (an arrow
 * function set in the constructor), so replacing it on our instance changes that one check and
 * nothing else: other callers (persistent subscriptions, projections; none used here) still ask the
 * server. It also keeps appends off the client's cached server-features promise, which stays
 * rejected forever after one failed discovery (dist/Client/index.js, `get capabilities`).
 */
export function forceClassicAppend(client: EventStoreDBClient): void {
  const internals = client as unknown as ClientInternals;
  const askServer = internals.supports.bind(client);
  const batchAppendPath = StreamsService.batchAppend.path.toLowerCase();
  internals.supports = (method, feature) =>
    method.path.toLowerCase() === batchAppendPath ? Promise.resolve(false) : askServer(method, feature);
}

/** What `ServerFeatures.GetSupportedMethods` told about the server; `version` undefined when the RPC is unimplemented (before 21.10). */
export interface ServerFeaturesAnswer {
  version: string | undefined;
}

/**
 * Asks the server its version through the client's own connection handling (`execute`: discovery,
 * reconnection after UNAVAILABLE or NotLeader), not through the client's memoized `capabilities`,
 * which keeps a rejected promise forever once a discovery failed.
 */
export function askServerFeatures(client: EventStoreDBClient, deadlineMs: number): Promise<ServerFeaturesAnswer> {
  const internals = client as unknown as ClientInternals;
  return internals.execute(ServerFeaturesClient, 'serverFeatures', (features) => {
    const [metadata, options] = internals.callArguments({}, { deadline: new Date(Date.now() + deadlineMs) });
    return new Promise<ServerFeaturesAnswer>((resolve, reject) => {
      features.getSupportedMethods(new Empty(), metadata, options, (error: ServiceError | null, methods) => {
        if (error?.code === GrpcStatus.UNIMPLEMENTED) return resolve({ version: undefined });
        if (error) return reject(error);
        resolve({ version: methods.getEventStoreServerVersion() });
      });
    });
  });
}
