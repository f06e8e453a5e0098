import type { CaseClaimV1, CaseFileV1 } from '../../src/case-file/case-file.types';
import { smallCase } from '../support/small-case';

/** The small case's people and its three kinds of claim, repeated: `n` claims, each with its own statement (`tag` keeps two cases' statements apart). */
export function bigCase(n: number, slug = 'big-case', tag = ''): CaseFileV1 {
  const base = smallCase();
  const claims: CaseClaimV1[] = Array.from({ length: n }, (_, i) => {
    const claim = structuredClone(base.claims[i % base.claims.length]);
    return { ...claim, key: `claim-${i}`, statement: `${claim.statement} (number ${i}${tag})` };
  });
  return { ...base, slug, title: `A case of ${n} claims`, claims };
}
