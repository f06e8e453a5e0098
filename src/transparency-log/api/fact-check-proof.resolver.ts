import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import type { ExistingClaim } from '../../claims/domain/claim';
import { Claim } from '../../claims/api/claim.types';
import { FactCheckProofs } from '../application/fact-check-proofs';
import { FactCheckLogProofType } from './fact-check-proof.types';

/** `Claim.transparencyLog`: the proof bundle GET /log/fact-checks/{id} serves, public like the fact-check. */
@Resolver(() => Claim)
export class FactCheckProofResolver {
  constructor(private readonly bundles: FactCheckProofs) {}

  @ResolveField('transparencyLog', () => FactCheckLogProofType, {
    nullable: true,
    description:
      'The fact-check in the transparency log: the leaf indexes of its events and a C2SP tlog-proof of each public one (published, corrected, retracted), ' +
      'as GET /log/fact-checks/{id} serves them. Null unless the claim is public (PUBLISHED or RETRACTED). Private events give their leaf index only.',
  })
  async transparencyLog(@Parent() claim: ExistingClaim): Promise<FactCheckLogProofType | null> {
    const bundle = await this.bundles.bundle(claim.id);
    if (bundle === undefined) return null;
    const leafIndexes = [...bundle.publicEvents.map((e) => e.index), ...bundle.pending.flatMap((e) => (e.index === null ? [] : [e.index])), ...bundle.privateLeafIndexes].sort((a, b) => a - b);
    return {
      leafIndexes,
      privateLeafIndexes: bundle.privateLeafIndexes,
      checkpointSize: bundle.checkpoint?.size ?? 0,
      checkpointNote: bundle.checkpoint?.note ?? null,
      publicEvents: bundle.publicEvents,
      pending: bundle.pending,
    };
  }
}
