import { fromBase64, fromHex, toHex, utf8 } from '../../src/transparency-log/domain/bytes';
import { checkConsistency, checkInclusion, Frontier, MemoryTree, Rfc6962Hasher, rootFromLeafHashes } from '../../src/transparency-log/domain/merkle';
import consistency from './vectors/consistency.json';
import inclusion from './vectors/inclusion.json';
import rfc from './vectors/rfc6962.json';
import { nodeLogCrypto } from '../../src/transparency-log/adapters/node-log-crypto';

const hasher = new Rfc6962Hasher(nodeLogCrypto);
const b64 = (s: string | null) => (s === null ? new Uint8Array(0) : (fromBase64(s) as Uint8Array));
const list = (xs: string[] | null) => (xs ?? []).map(b64);

describe('RFC 6962 hashing (transparency-dev/merkle vectors)', () => {
  it('hashes the empty tree, leaves and nodes', () => {
    expect(toHex(hasher.emptyRoot())).toBe(rfc.hasher.emptyRoot);
    expect(toHex(hasher.hashLeaf(new Uint8Array(0)))).toBe(rfc.hasher.emptyLeaf);
    expect(toHex(hasher.hashLeaf(utf8(rfc.hasher.leaf.input)))).toBe(rfc.hasher.leaf.hash);
    expect(toHex(hasher.hashChildren(utf8(rfc.hasher.node.left), utf8(rfc.hasher.node.right)))).toBe(rfc.hasher.node.hash);
  });

  const leaves = rfc.leafInputs.map((h) => hasher.hashLeaf(fromHex(h)));

  it('gives every root of the first n leaves, by the recursive definition, the frontier and the node store', () => {
    const tree = new MemoryTree(hasher);
    const frontier = Frontier.empty(hasher);
    rfc.rootHashes.forEach((root, n) => {
      expect(toHex(rootFromLeafHashes(hasher, leaves.slice(0, n)))).toBe(root);
      expect(toHex(frontier.root())).toBe(root);
      expect(toHex(tree.root())).toBe(root);
      expect(toHex(tree.proofs().treeHead(n))).toBe(root);
      const compact = rfc.compactTrees[n].map(([level, index]) => rfc.nodeHashes[level][index]);
      expect(frontier.state().hashes.map(toHex)).toEqual(compact);
      if (n < leaves.length) {
        frontier.appendLeaf(leaves[n]);
        tree.appendLeafHash(leaves[n]);
      }
    });
    rfc.nodeHashes.forEach((level, l) => level.forEach((h, i) => expect(toHex(tree.node(l, i))).toBe(h)));
  });

  it.each(inclusion.probes.map((p) => [p.file, p] as const))('inclusion probe %s', (_file, p) => {
    const failure = checkInclusion(hasher, p.leafIdx, p.treeSize, b64(p.leafHash), list(p.proof), b64(p.root));
    expect(failure === undefined).toBe(!p.wantErr);
  });

  it.each(consistency.probes.map((p) => [p.file, p] as const))('consistency probe %s', (_file, p) => {
    const failure = checkConsistency(hasher, p.size1, p.size2, b64(p.root1), b64(p.root2), list(p.proof));
    expect(failure === undefined).toBe(!p.wantErr);
  });

  it('generates exactly the happy-path proofs of the vectors', () => {
    const tree = new MemoryTree(hasher);
    leaves.forEach((l) => tree.appendLeafHash(l));
    for (const p of inclusion.probes.filter((p) => !p.wantErr && p.treeSize <= 8 && toHex(b64(p.leafHash)) === toHex(leaves[p.leafIdx] ?? new Uint8Array()))) {
      expect(tree.proofs().inclusionProof(p.leafIdx, p.treeSize).map(toHex)).toEqual(list(p.proof).map(toHex));
    }
    for (const p of consistency.probes.filter((p) => !p.wantErr && p.size2 <= 8)) {
      expect(tree.proofs().consistencyProof(p.size1, p.size2).map(toHex)).toEqual(list(p.proof).map(toHex));
    }
  });
});
