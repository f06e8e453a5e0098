import * as grpc from '@grpc/grpc-js';
import { Code } from '@eventstore/db-client/generated/code_pb';
import {
  AccessDenied,
  MaximumAppendSizeExceeded,
  StreamDeleted,
  StreamIdentifier,
  Timeout,
  UUID,
  Empty as ClientEmpty,
  WrongExpectedVersion,
} from '@eventstore/db-client/generated/shared_pb';
import { Status } from '@eventstore/db-client/generated/status_pb';
import { ReadResp } from '@eventstore/db-client/generated/streams_pb';
import { Any } from 'google-protobuf/google/protobuf/any_pb';
import { Empty } from 'google-protobuf/google/protobuf/empty_pb';
import { DELETED_STREAM_REVISION, StoredEvent } from './log';

// What EventStoreDB 24.10 puts on the wire for its refusals, from
// src/EventStore.Core/Services/Transport/Grpc/RpcExceptions.cs (call status + trailers, used by
// Read, Append, Delete, Tombstone, Gossip) and Status.cs (google.rpc.Status answers inside a
// BatchAppend call), tag v24.10.14.

export function rpcError(code: grpc.status, details: string, trailers: Record<string, string> = {}): grpc.ServiceError {
  const metadata = new grpc.Metadata();
  for (const [key, value] of Object.entries(trailers)) metadata.set(key, value);
  return Object.assign(new Error(details), { code, details, metadata });
}

export const refusals = {
  /** A node that is not ready (starting, electing, shutting down) for the request: RpcExceptions.ServerNotReady. */
  notReady: () => rpcError(grpc.status.UNAVAILABLE, 'Server Is Not Ready'),
  /** RpcExceptions.LeaderInfo: the trailers the client turns into NotLeaderError and reconnects with. */
  notLeader: (host: string, port: number) =>
    rpcError(grpc.status.NOT_FOUND, 'Leader info available', {
      exception: 'not-leader',
      'leader-endpoint-host': host,
      'leader-endpoint-port': String(port),
    }),
  noLeaderInfo: () => rpcError(grpc.status.UNKNOWN, 'No leader info available in response'),
  accessDenied: () => rpcError(grpc.status.PERMISSION_DENIED, 'Access Denied', { exception: 'access-denied' }),
  streamDeleted: (stream: string) =>
    rpcError(grpc.status.FAILED_PRECONDITION, `Event stream '${stream}' is deleted.`, {
      exception: 'stream-deleted',
      'stream-name': stream,
    }),
  maxAppendSize: (max: number) =>
    rpcError(grpc.status.INVALID_ARGUMENT, `Maximum Append Size of ${max} Exceeded.`, {
      exception: 'maximum-append-size-exceeded',
      'maximum-append-size': String(max),
    }),
  /** Only Delete and Tombstone report a wrong expected version as an error (Append answers it in the response). */
  wrongExpectedVersion: (operation: string, stream: string, expected: number, actual: number) =>
    rpcError(
      grpc.status.FAILED_PRECONDITION,
      `${operation} failed due to WrongExpectedVersion. Stream: ${stream}, Expected version: ${expected}, Actual version: ${actual}`,
      {
        exception: 'wrong-expected-version',
        'stream-name': stream,
        'expected-version': String(expected),
        'actual-version': String(actual),
      },
    ),
  invalidPosition: () => rpcError(grpc.status.INVALID_ARGUMENT, 'Trying to read from an invalid position.'),
  unimplemented: (what: string) => rpcError(grpc.status.UNIMPLEMENTED, `${what} is not served by this server`),
};

function packed(message: { serializeBinary(): Uint8Array }, typeName: string): Any {
  const any = new Any();
  any.pack(message.serializeBinary(), typeName);
  return any;
}

function status(code: Code, message: string, details: Any): Status {
  return new Status().setCode(code).setMessage(message).setDetails(details);
}

/** The google.rpc.Status a BatchAppend response carries for a failed append (Status.cs). */
export const batchStatus = {
  wrongExpectedVersion(current: number, expected: { kind: string; revision?: number }): Status {
    const details = new WrongExpectedVersion();
    if (current >= 0) details.setCurrentStreamRevision(String(current));
    else details.setCurrentNoStream(new Empty());
    if (expected.kind === 'revision') details.setExpectedStreamPosition(String(expected.revision));
    else if (expected.kind === 'no_stream') details.setExpectedNoStream(new Empty());
    else if (expected.kind === 'stream_exists') details.setExpectedStreamExists(new Empty());
    else details.setExpectedAny(new Empty());
    return status(Code.ALREADY_EXISTS, 'WrongExpectedVersion', packed(details, 'event_store.client.WrongExpectedVersion'));
  },
  streamDeleted(stream: string): Status {
    const details = new StreamDeleted().setStreamIdentifier(identifier(stream));
    return status(Code.NOT_FOUND, 'StreamDeleted', packed(details, 'event_store.client.StreamDeleted'));
  },
  accessDenied(): Status {
    return status(Code.PERMISSION_DENIED, 'AccessDenied', packed(new AccessDenied(), 'event_store.client.AccessDenied'));
  },
  maxAppendSize(max: number): Status {
    const details = new MaximumAppendSizeExceeded().setMaxappendsize(max);
    return status(Code.INVALID_ARGUMENT, 'MaximumAppendSizeExceeded', packed(details, 'event_store.client.MaximumAppendSizeExceeded'));
  },
  timeout(): Status {
    return status(Code.DEADLINE_EXCEEDED, 'Timeout', packed(new Timeout(), 'event_store.client.Timeout'));
  },
  /**
   * A node that is not ready answers inside the call, with no code and an Empty detail
   * (BatchAppendWorker.ConvertMessage, NotHandled NotReady): not as UNAVAILABLE.
   */
  notReady(): Status {
    return new Status().setMessage('Server Is Not Ready').setDetails(packed(new Empty(), 'google.protobuf.Empty'));
  },
};

export function identifier(stream: string): StreamIdentifier {
  return new StreamIdentifier().setStreamName(Buffer.from(stream, 'utf8'));
}

export function streamName(id: StreamIdentifier | undefined): string {
  return Buffer.from(id?.getStreamName_asU8() ?? new Uint8Array()).toString('utf8');
}

/** ulong.MaxValue: what EventStoreDB sends for a position it does not know (Position.FromInt64(-1, -1)). */
const NO_POSITION = '18446744073709551615';

/**
 * An event as a read sends it. `withPosition` false sends no position, as servers do for stream
 * reads before 22.6 and, from 22.6, for events of explicit transactions (ResolvedEvent
 * CalculatePosition only knows the position of self-committed events on stream reads).
 */
export function eventResponse(event: StoredEvent, withPosition: boolean): ReadResp {
  const record = new ReadResp.ReadEvent.RecordedEvent()
    .setId(new UUID().setString(event.id))
    .setStreamIdentifier(identifier(event.stream))
    .setStreamRevision(event.tombstone ? DELETED_STREAM_REVISION : String(event.revision))
    .setPreparePosition(withPosition ? String(event.preparePosition) : NO_POSITION)
    .setCommitPosition(withPosition ? String(event.commitPosition) : NO_POSITION)
    .setData(event.data)
    .setCustomMetadata(event.metadata);
  record.getMetadataMap().set('type', event.type).set('content-type', event.contentType).set('created', event.created);
  const readEvent = new ReadResp.ReadEvent().setEvent(record);
  if (withPosition) readEvent.setCommitPosition(String(event.commitPosition));
  else readEvent.setNoPosition(new ClientEmpty());
  return new ReadResp().setEvent(readEvent);
}

export function uuidString(uuid: UUID | undefined): string {
  if (!uuid) return '';
  if (uuid.hasString()) return uuid.getString().toLowerCase();
  const structured = uuid.getStructured();
  if (!structured) return '';
  const bytes = Buffer.alloc(16);
  bytes.writeBigInt64BE(BigInt(structured.getMostSignificantBits()), 0);
  bytes.writeBigInt64BE(BigInt(structured.getLeastSignificantBits()), 8);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
