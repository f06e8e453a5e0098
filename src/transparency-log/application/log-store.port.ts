/**
 * Where the transparency log keeps its tree (the application's port; the SQLite adapter is
 * adapters/sqlite-log-store.ts). The tree is stored as the perfect-subtree hashes of the domain's
 * storage shape (merkle.ts), so the store is also the proofs' `HashReader`.
 */
import type { HashReader, StoredNode } from '../domain/merkle';

/** Where in the event log the tree stands: the last event appended as a leaf (as the projections keep it). */
export interface LogCursor {
  /** Position of the last event appended; null: none yet. */
  position: number | null;
  /** How many events at `position` are leaves (several share one in an EventStoreDB transaction). */
  handledAtPosition: number | null;
  /** Id of the last event appended: proves the cursor is in THIS event log. */
  eventId: string | null;
}

/** One leaf: where its event is, for the proof bundles of later (its content is never stored here). */
export interface LeafRecord {
  index: number;
  eventId: string;
  stream: string;
  revision: number;
}

/** A leaf as stored: where its event is, and its hash (node (0, index)). */
export interface StoredLeaf extends LeafRecord {
  hash: Uint8Array;
}

/** The tree as committed: its size, its right edge (frontier.ts) and the cursor. */
export interface LogTreeState {
  size: number;
  frontier: Uint8Array[];
  cursor: LogCursor;
}

/** A batch of appended leaves, committed all or nothing with the new frontier and cursor. */
export interface LogBatch {
  leaves: LeafRecord[];
  /** Every node the appends completed (the leaf hashes are level 0). */
  nodes: StoredNode[];
  state: LogTreeState;
}

/** A signed tree head as published. Every one is kept. */
export interface SignedCheckpoint {
  size: number;
  rootHash: Uint8Array;
  /** The C2SP signed note, exactly as served. */
  note: string;
  signedAt: Date;
}

export interface TransparencyLogStore extends HashReader {
  state(): LogTreeState;
  /** Writes the batch's leaves, nodes, frontier and cursor in ONE transaction. */
  commit(batch: LogBatch): void;
  saveCheckpoint(checkpoint: SignedCheckpoint): void;
  latestCheckpoint(): SignedCheckpoint | undefined;
  /** How many checkpoints were signed (all are kept). */
  checkpointCount(): number;
  /** Leaves [from, from + count) with their level-0 hashes, in index order (fewer at the tree's end). */
  leaves(from: number, count: number): StoredLeaf[];
  /** Leaf `index`, or undefined beyond the tree. */
  leafAt(index: number): StoredLeaf | undefined;
  /** The leaves of one stream's events, by revision (the proof bundles' index lookup). */
  leavesOfStream(stream: string): LeafRecord[];
  /** The leaf of one event, by its id; undefined when it is not (yet) a leaf. */
  leafOfEvent(eventId: string): LeafRecord | undefined;
  close(): void;
}

/** Nest injection tokens of the log's ports. */
export const TRANSPARENCY_LOG_STORE = Symbol('TRANSPARENCY_LOG_STORE');
export const LOG_CRYPTO = Symbol('LOG_CRYPTO');
export const LOG_SIGNER = Symbol('LOG_SIGNER');
