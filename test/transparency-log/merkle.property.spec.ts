import fc from 'fast-check';
import { uint32BE } from '../../src/transparency-log/domain/bytes';
import { checkConsistency, checkInclusion, Frontier, MemoryTree, Rfc6962Hasher, rootFromLeafHashes } from '../../src/transparency-log/domain/merkle';
import { nodeLogCrypto } from '../../src/transparency-log/adapters/node-log-crypto';

const hasher = new Rfc6962Hasher(nodeLogCrypto);
const MAX = 300;
const tree = new MemoryTree(hasher);
const leaves: Uint8Array[] = [];
const roots: Uint8Array[] = [hasher.emptyRoot()];
for (let i = 0; i < MAX; i++) {
  const leaf = hasher.hashLeaf(uint32BE(i * 2654435761));
  leaves.push(leaf);
  tree.appendLeafHash(leaf);
  roots.push(tree.root());
}
const proofs = tree.proofs();

function flip(hashes: Uint8Array[], which: number, bit: number): Uint8Array[] {
  return hashes.map((h, i) => {
    if (i !== which) return h;
    const c = h.slice();
    c[Math.floor(bit / 8) % 32] ^= 1 << bit % 8;
    return c;
  });
}

const sizeAndIndex = fc.integer({ min: 1, max: MAX }).chain((size) => fc.tuple(fc.constant(size), fc.integer({ min: 0, max: size - 1 })));
const twoSizes = fc.integer({ min: 0, max: MAX }).chain((n) => fc.tuple(fc.integer({ min: 0, max: n }), fc.constant(n)));

describe('Merkle proofs, for random sizes', () => {
  it('the frontier root and the stored tree head equal the recursive definition', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX }), (n) => {
        const f = Frontier.empty(hasher);
        leaves.slice(0, n).forEach((l) => f.appendLeaf(l));
        const want = Buffer.from(rootFromLeafHashes(hasher, leaves.slice(0, n)));
        const restored = Frontier.restore(hasher, n, f.state().hashes);
        return want.equals(f.root()) && want.equals(proofs.treeHead(n)) && want.equals(roots[n]) && want.equals(restored.root());
      }),
    );
  });

  it('every inclusion proof verifies; a flipped byte, another index or another size does not', () => {
    fc.assert(
      fc.property(sizeAndIndex, fc.nat(), fc.nat(255), fc.integer({ min: -3, max: 3 }), ([size, index], which, bit, delta) => {
        const proof = proofs.inclusionProof(index, size);
        expect(checkInclusion(hasher, index, size, leaves[index], proof, roots[size])).toBeUndefined();
        if (proof.length > 0) expect(checkInclusion(hasher, index, size, leaves[index], flip(proof, which % proof.length, bit), roots[size])).toBeDefined();
        expect(checkInclusion(hasher, index, size, flip([leaves[index]], 0, bit)[0], proof, roots[size])).toBeDefined();
        expect(checkInclusion(hasher, index, size, leaves[index], proof, flip([roots[size]], 0, bit)[0])).toBeDefined();
        if (delta !== 0) {
          const other = index + delta;
          if (other >= 0) expect(checkInclusion(hasher, other, size, leaves[index], proof, roots[size])).toBeDefined();
          const otherSize = size + delta;
          if (otherSize >= 1 && otherSize <= MAX) expect(checkInclusion(hasher, index, otherSize, leaves[index], proof, roots[otherSize])).toBeDefined();
        }
        expect(checkInclusion(hasher, index, size, leaves[index], [...proof, leaves[0]], roots[size])).toBeDefined();
        if (proof.length > 0) expect(checkInclusion(hasher, index, size, leaves[index], proof.slice(1), roots[size])).toBeDefined();
      }),
      { numRuns: 500 },
    );
  });

  it('every consistency proof verifies; a flipped byte, another size or another root does not', () => {
    fc.assert(
      fc.property(twoSizes, fc.nat(), fc.nat(255), fc.integer({ min: 1, max: 3 }), ([m, n], which, bit, delta) => {
        const proof = proofs.consistencyProof(m, n);
        if (m === 0) return expect(checkConsistency(hasher, m, n, roots[m], roots[n], proof)).toBeDefined();
        expect(checkConsistency(hasher, m, n, roots[m], roots[n], proof)).toBeUndefined();
        if (m === n) return;
        expect(checkConsistency(hasher, m, n, roots[m], roots[n], flip(proof, which % proof.length, bit))).toBeDefined();
        expect(checkConsistency(hasher, m, n, flip([roots[m]], 0, bit)[0], roots[n], proof)).toBeDefined();
        expect(checkConsistency(hasher, m, n, roots[m], flip([roots[n]], 0, bit)[0], proof)).toBeDefined();
        if (m - delta >= 1) expect(checkConsistency(hasher, m - delta, n, roots[m - delta], roots[n], proof)).toBeDefined();
        if (n + delta <= MAX) expect(checkConsistency(hasher, m, n + delta, roots[m], roots[n + delta], proof)).toBeDefined();
        expect(checkConsistency(hasher, m, n, roots[m], roots[n], [...proof, leaves[0]])).toBeDefined();
        expect(checkConsistency(hasher, m, n, roots[m], roots[n], proof.slice(1))).toBeDefined();
      }),
      { numRuns: 500 },
    );
  });

  it('an append completes the leaf and one node per trailing 1 bit of the old size', () => {
    const f = Frontier.empty(hasher);
    for (let i = 0; i < 64; i++) {
      let trailing = 0;
      for (let s = i; s % 2 === 1; s = Math.floor(s / 2)) trailing++;
      expect(f.appendLeaf(leaves[i])).toHaveLength(trailing + 1);
    }
  });

  it('refuses proofs that cannot exist', () => {
    expect(() => proofs.inclusionProof(5, 5)).toThrow(RangeError);
    expect(() => proofs.consistencyProof(6, 5)).toThrow(RangeError);
    expect(() => proofs.inclusionProof(0, MAX + 1)).toThrow(RangeError);
  });
});
