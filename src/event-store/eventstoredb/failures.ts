import {
  AccessDeniedError,
  MaxAppendSizeExceededError,
  NotLeaderError,
  RequiredMetadataPropertyMissingError,
  StreamDeletedError,
  StreamNotFoundError,
  WrongExpectedVersionError,
  convertToCommandError,
} from '@eventstore/db-client';
import { GrpcStatus } from './client-internals';

/**
 * What a failed call tells, as far as the adapter must tell failures apart. The client maps the
 * server's `exception` trailer to its error classes (dist/utils/CommandError.js); what it leaves
 * as a bare status is judged by the status code.
 */
export type Failure =
  /** The node is not the leader and refused before doing anything; the client reconnects to the leader it named. */
  | { kind: 'not-leader' }
  | { kind: 'wrong-expected-version'; error: WrongExpectedVersionError }
  /** The server refused the input itself (too large, a required property missing, an argument it rejects): nothing was done. */
  | { kind: 'invalid'; message: string }
  | { kind: 'stream-deleted' }
  | { kind: 'stream-not-found' }
  | { kind: 'access-denied'; message: string }
  /**
   * Anything else: the connection failed, the node is not ready or shutting down, the deadline
   * passed, the server failed inside. Whether the call took effect is unknown.
   */
  | { kind: 'unclear'; message: string };

export function classify(raw: unknown): Failure {
  const error = raw instanceof Error ? convertToCommandError(raw) : new Error(String(raw));
  if (error instanceof NotLeaderError) return { kind: 'not-leader' };
  if (error instanceof WrongExpectedVersionError) return { kind: 'wrong-expected-version', error };
  if (error instanceof MaxAppendSizeExceededError || error instanceof RequiredMetadataPropertyMissingError) {
    return { kind: 'invalid', message: error.message };
  }
  if (error instanceof StreamDeletedError) return { kind: 'stream-deleted' };
  if (error instanceof StreamNotFoundError) return { kind: 'stream-not-found' };
  if (error instanceof AccessDeniedError) return { kind: 'access-denied', message: error.message };
  const code = (error as { code?: unknown }).code;
  // e.g. 24.x's per-event limit (`maximum-append-event-size-exceeded`), which 6.2.1 does not know.
  if (code === GrpcStatus.INVALID_ARGUMENT) return { kind: 'invalid', message: error.message };
  if (code === GrpcStatus.PERMISSION_DENIED) return { kind: 'access-denied', message: error.message };
  return { kind: 'unclear', message: error.message || error.constructor.name };
}

/** INVALID_ARGUMENT "Trying to read from an invalid position" (RpcExceptions.InvalidPositionException, KurrentDB 24.10). */
export function isInvalidPosition(raw: unknown): boolean {
  const error = raw as { code?: unknown; details?: unknown; message?: unknown };
  const text = `${String(error?.details ?? '')} ${String(error?.message ?? '')}`;
  return error?.code === GrpcStatus.INVALID_ARGUMENT && /invalid position/i.test(text);
}
