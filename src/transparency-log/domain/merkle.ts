/**
 * RFC 6962 / RFC 9162 Merkle tree hashing, proofs and their verification.
 *
 * Storage shape. A tree of n leaves is stored as the hashes of its *perfect* subtrees: node
 * (level L, index i) is the root of the complete subtree over leaves [i·2^L, (i+1)·2^L), level 0
 * being the leaf hashes. A node exists once its last leaf has been appended and never changes.
 * `Frontier.appendLeaf` returns exactly the nodes an append completes (the leaf, plus one per
 * trailing 1 bit of the old size: 2 on average), so a consumer writes them once, O(log n) worst
 * case, and keeps the frontier (one hash per set bit of n) to sign the next tree head.
 * Proofs (`MerkleProofs`) read only these nodes through `HashReader`: the incomplete right-edge
 * subtrees are recomputed from at most log2(n) perfect ones, so a proof costs O(log n) reads.
 *
 * Sizes and indexes are JavaScript safe integers (below 2^53).
 */
import { bytesEqual } from './bytes';
import type { LogCrypto } from './crypto';

export const HASH_SIZE = 32;

const LEAF_PREFIX = new Uint8Array([0x00]);
const NODE_PREFIX = new Uint8Array([0x01]);

/** The RFC 6962 hasher: leaf `SHA-256(0x00 ‖ entry)`, node `SHA-256(0x01 ‖ left ‖ right)`. */
export class Rfc6962Hasher {
  constructor(private readonly crypto: Pick<LogCrypto, 'sha256'>) {}

  /** The root of the empty tree: SHA-256 of nothing. */
  emptyRoot(): Uint8Array {
    return this.crypto.sha256();
  }

  hashLeaf(entry: Uint8Array): Uint8Array {
    return this.crypto.sha256(LEAF_PREFIX, entry);
  }

  hashChildren(left: Uint8Array, right: Uint8Array): Uint8Array {
    return this.crypto.sha256(NODE_PREFIX, left, right);
  }
}

/** Reads stored perfect-subtree hashes: level 0 is the leaf hashes (see the storage shape above). */
export interface HashReader {
  /** The hash of node (level, index); throws if that subtree is not complete in the store. */
  node(level: number, index: number): Uint8Array;
}

/** A perfect subtree an append completed, to be stored under (level, index). */
export interface StoredNode {
  level: number;
  index: number;
  hash: Uint8Array;
}

/** The largest power of two strictly below n (n ≥ 2): RFC 9162's split point k. */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

function isPowerOfTwo(n: number): boolean {
  return n >= 1 && Number.isSafeInteger(n) && 2 ** Math.round(Math.log2(n)) === n;
}

function checkSize(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${name} must be a non-negative safe integer, got ${value}`);
}

/** MTH over a list of leaf hashes, by RFC 9162 §2.1.1's recursive definition (the reference). */
export function rootFromLeafHashes(hasher: Rfc6962Hasher, leaves: readonly Uint8Array[]): Uint8Array {
  if (leaves.length === 0) return hasher.emptyRoot();
  const mth = (lo: number, hi: number): Uint8Array => {
    if (hi - lo === 1) return leaves[lo];
    const k = splitPoint(hi - lo);
    return hasher.hashChildren(mth(lo, lo + k), mth(lo + k, hi));
  };
  return mth(0, leaves.length);
}

/**
 * The right edge of a tree of `size` leaves: one perfect-subtree hash per set bit of the size,
 * largest (leftmost) first. Appending is O(log n); the root is folded from the frontier.
 */
export class Frontier {
  private constructor(
    private readonly hasher: Rfc6962Hasher,
    private treeSize: number,
    private readonly hashes: Uint8Array[],
  ) {}

  static empty(hasher: Rfc6962Hasher): Frontier {
    return new Frontier(hasher, 0, []);
  }

  /** Restores a frontier persisted as `{ size, hashes }` (as `state()` gives it). */
  static restore(hasher: Rfc6962Hasher, size: number, hashes: readonly Uint8Array[]): Frontier {
    checkSize('size', size);
    let bits = 0;
    for (let s = size; s > 0; s = Math.floor(s / 2)) bits += s % 2;
    if (hashes.length !== bits) throw new RangeError(`a frontier of size ${size} has ${bits} hashes, got ${hashes.length}`);
    if (hashes.some((h) => h.length !== HASH_SIZE)) throw new RangeError('a frontier hash is not 32 bytes');
    return new Frontier(hasher, size, hashes.map((h) => h.slice()));
  }

  get size(): number {
    return this.treeSize;
  }

  state(): { size: number; hashes: Uint8Array[] } {
    return { size: this.treeSize, hashes: this.hashes.map((h) => h.slice()) };
  }

  /**
   * Appends a leaf hash; answers the nodes this completes, the leaf first: store each under its
   * (level, index) for `HashReader`.
   */
  appendLeaf(leafHash: Uint8Array): StoredNode[] {
    if (leafHash.length !== HASH_SIZE) throw new RangeError('a leaf hash is 32 bytes');
    const index = this.treeSize;
    if (index + 1 > Number.MAX_SAFE_INTEGER) throw new RangeError('the tree is full');
    const completed: StoredNode[] = [{ level: 0, index, hash: leafHash }];
    let hash = leafHash;
    let level = 0;
    let i = index;
    while (i % 2 === 1) {
      const left = this.hashes.pop() as Uint8Array;
      hash = this.hasher.hashChildren(left, hash);
      level += 1;
      i = (i - 1) / 2;
      completed.push({ level, index: i, hash });
    }
    this.hashes.push(hash);
    this.treeSize = index + 1;
    return completed;
  }

  /** The tree head of the current size. */
  root(): Uint8Array {
    if (this.hashes.length === 0) return this.hasher.emptyRoot();
    let acc = this.hashes[this.hashes.length - 1];
    for (let j = this.hashes.length - 2; j >= 0; j--) acc = this.hasher.hashChildren(this.hashes[j], acc);
    return acc;
  }
}

/** Proof generation over stored nodes (RFC 9162 §2.1.3.1 and §2.1.4.1). */
export class MerkleProofs {
  constructor(
    private readonly hasher: Rfc6962Hasher,
    private readonly reader: HashReader,
  ) {}

  /**
   * MTH(D[lo:hi]). `lo` must be a multiple of the split size, as it always is inside the RFC's
   * recursion; a perfect aligned range is one stored read.
   */
  private rangeHash(lo: number, hi: number): Uint8Array {
    const n = hi - lo;
    if (isPowerOfTwo(n) && lo % n === 0) return this.reader.node(Math.round(Math.log2(n)), lo / n);
    const k = splitPoint(n);
    return this.hasher.hashChildren(this.rangeHash(lo, lo + k), this.rangeHash(lo + k, hi));
  }

  /** The root hash of the first `size` leaves (the empty root for 0). */
  treeHead(size: number): Uint8Array {
    checkSize('size', size);
    return size === 0 ? this.hasher.emptyRoot() : this.rangeHash(0, size);
  }

  /** PATH(index, D[0:size]): sibling hashes from the leaf's up to the root's child. */
  inclusionProof(index: number, size: number): Uint8Array[] {
    checkSize('size', size);
    checkSize('index', index);
    if (index >= size) throw new RangeError(`index ${index} is not below the tree size ${size}`);
    const path: Uint8Array[] = [];
    let lo = 0;
    let hi = size;
    while (hi - lo > 1) {
      const k = splitPoint(hi - lo);
      if (index < lo + k) {
        path.push(this.rangeHash(lo + k, hi));
        hi = lo + k;
      } else {
        path.push(this.rangeHash(lo, lo + k));
        lo += k;
      }
    }
    return path.reverse();
  }

  /** PROOF(m, D[0:n]); empty when m is 0 or m equals n. */
  consistencyProof(m: number, n: number): Uint8Array[] {
    checkSize('from', m);
    checkSize('to', n);
    if (m > n) throw new RangeError(`the first size ${m} is above the second ${n}`);
    if (m === 0 || m === n) return [];
    const proof: Uint8Array[] = [];
    let lo = 0;
    let hi = n;
    let mm = m;
    let complete = true; // SUBPROOF's b
    while (mm !== hi - lo) {
      const k = splitPoint(hi - lo);
      if (mm <= k) {
        proof.push(this.rangeHash(lo + k, hi));
        hi = lo + k;
      } else {
        proof.push(this.rangeHash(lo, lo + k));
        lo += k;
        mm -= k;
        complete = false;
      }
    }
    if (!complete) proof.push(this.rangeHash(lo, hi));
    return proof.reverse();
  }
}

/** Why a proof did not verify (undefined from the verifiers means it did). */
export type ProofFailure = string;

const lsb = (x: number): boolean => x % 2 === 1;
const half = (x: number): number => Math.floor(x / 2);

/**
 * RFC 9162 §2.1.3.2: does `proof` show the leaf `leafHash` at `index` in the tree of `size` leaves
 * whose root is `root`? Answers undefined when it does, or the reason it does not.
 */
export function checkInclusion(
  hasher: Rfc6962Hasher,
  index: number,
  size: number,
  leafHash: Uint8Array,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): ProofFailure | undefined {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size) || index < 0) return 'the index or size is not a non-negative integer';
  if (index >= size) return `index ${index} is not below the tree size ${size}`;
  if (proof.some((p) => p.length !== HASH_SIZE) || leafHash.length !== HASH_SIZE || root.length !== HASH_SIZE) return 'a hash is not 32 bytes';
  let fn = index;
  let sn = size - 1;
  let r = leafHash;
  for (const p of proof) {
    if (sn === 0) return 'the proof is longer than the tree is deep';
    if (lsb(fn) || fn === sn) {
      r = hasher.hashChildren(p, r);
      if (!lsb(fn)) {
        while (!lsb(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      r = hasher.hashChildren(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  if (sn !== 0) return 'the proof is shorter than the tree is deep';
  return bytesEqual(r, root) ? undefined : 'the computed root differs from the tree head';
}

export function verifyInclusion(...args: Parameters<typeof checkInclusion>): boolean {
  return checkInclusion(...args) === undefined;
}

/**
 * RFC 9162 §2.1.4.2: does `proof` show the tree of `size1` leaves (root `root1`) is a prefix of the
 * tree of `size2` leaves (root `root2`)? Equal sizes need an empty proof and equal roots; from the
 * empty tree there is no proof (every tree extends it: callers skip the check).
 */
export function checkConsistency(
  hasher: Rfc6962Hasher,
  size1: number,
  size2: number,
  root1: Uint8Array,
  root2: Uint8Array,
  proof: readonly Uint8Array[],
): ProofFailure | undefined {
  if (!Number.isSafeInteger(size1) || !Number.isSafeInteger(size2) || size1 < 0) return 'a size is not a non-negative integer';
  if (size2 < size1) return `the second size ${size2} is below the first ${size1}`;
  if (proof.some((p) => p.length !== HASH_SIZE)) return 'a proof hash is not 32 bytes';
  // RFC 9162 defines proofs for 0 < size1 only; as transparency-dev/merkle does, the empty tree is refused.
  if (size1 === 0) return 'a consistency proof from the empty tree is not defined';
  if (size1 === size2) {
    if (proof.length !== 0) return 'equal sizes need an empty proof';
    return bytesEqual(root1, root2) ? undefined : 'equal sizes with different roots';
  }
  if (proof.length === 0) return 'the proof is empty';
  const path = isPowerOfTwo(size1) ? [root1, ...proof] : [...proof];
  let fn = size1 - 1;
  let sn = size2 - 1;
  while (lsb(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr = path[0];
  let sr = path[0];
  for (const c of path.slice(1)) {
    if (sn === 0) return 'the proof is longer than needed';
    if (lsb(fn) || fn === sn) {
      fr = hasher.hashChildren(c, fr);
      sr = hasher.hashChildren(c, sr);
      if (!lsb(fn)) {
        while (!lsb(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      sr = hasher.hashChildren(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  if (sn !== 0) return 'the proof is shorter than needed';
  if (!bytesEqual(fr, root1)) return 'the proof does not lead to the first tree head';
  if (!bytesEqual(sr, root2)) return 'the proof does not lead to the second tree head';
  return undefined;
}

export function verifyConsistency(...args: Parameters<typeof checkConsistency>): boolean {
  return checkConsistency(...args) === undefined;
}

/** An in-memory node store over a frontier: the reference `HashReader`, for tests and small logs. */
export class MemoryTree implements HashReader {
  private readonly levels: Uint8Array[][] = [];
  private readonly frontier: Frontier;

  constructor(readonly hasher: Rfc6962Hasher) {
    this.frontier = Frontier.empty(hasher);
  }

  get size(): number {
    return this.frontier.size;
  }

  appendLeafHash(leafHash: Uint8Array): void {
    for (const n of this.frontier.appendLeaf(leafHash)) {
      (this.levels[n.level] ??= [])[n.index] = n.hash;
    }
  }

  append(entry: Uint8Array): void {
    this.appendLeafHash(this.hasher.hashLeaf(entry));
  }

  root(): Uint8Array {
    return this.frontier.root();
  }

  node(level: number, index: number): Uint8Array {
    const hash = this.levels[level]?.[index];
    if (hash === undefined) throw new RangeError(`node (${level}, ${index}) is not stored`);
    return hash;
  }

  proofs(): MerkleProofs {
    return new MerkleProofs(this.hasher, this);
  }
}
