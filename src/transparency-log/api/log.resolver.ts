import { Args, Query, Resolver } from '@nestjs/graphql';
import { InvalidArgument } from '../../shared/refusal';
import { toBase64 } from '../domain/bytes';
import { parseCheckpoint } from '../domain/checkpoint';
import { parseNote } from '../domain/note';
import { parseTreeIndex } from '../application/log-proofs';
import { TransparencyLogService } from '../application/transparency-log.service';
import { ConsistencyProofArgs, ConsistencyProofType, InclusionProofArgs, InclusionProofType, LogCheckpointType } from './log.types';

/** The transparency log in GraphQL, as GET /log/* serves it; public: no token needed. */
@Resolver()
export class LogResolver {
  constructor(private readonly log: TransparencyLogService) {}

  @Query(() => LogCheckpointType, { description: 'The transparency log\'s latest signed checkpoint (public; also GET /log/checkpoint).' })
  logCheckpoint(): LogCheckpointType {
    const latest = this.log.proofs.latestCheckpoint();
    if (latest === undefined) throw new InvalidArgument('The log has no checkpoint yet');
    return {
      origin: parseCheckpoint(parseNote(latest.note).text).origin,
      size: latest.size,
      rootHash: toBase64(latest.rootHash),
      note: latest.note,
      verifierKey: this.log.verifierKey,
      signedAt: latest.signedAt.toISOString(),
    };
  }

  @Query(() => InclusionProofType, { description: 'Inclusion proof of leaf `index` in the tree of `size` leaves (public; also GET /log/proof/inclusion). BAD_USER_INPUT when index ≥ size or size is beyond the latest checkpoint.' })
  inclusionProof(@Args() { index, size }: InclusionProofArgs): InclusionProofType {
    const proof = this.log.proofs.inclusion(parseTreeIndex('index', index), parseTreeIndex('size', size));
    return { index: proof.index, size: proof.size, hashes: proof.hashes.map(toBase64) };
  }

  @Query(() => ConsistencyProofType, { description: 'Consistency proof from the tree of `fromSize` leaves to the tree of `toSize` leaves (public; also GET /log/proof/consistency?from=&to=). BAD_USER_INPUT when fromSize is 0 or above toSize, or toSize is beyond the latest checkpoint.' })
  consistencyProof(@Args() { fromSize, toSize }: ConsistencyProofArgs): ConsistencyProofType {
    const proof = this.log.proofs.consistency(parseTreeIndex('fromSize', fromSize), parseTreeIndex('toSize', toSize), { from: 'fromSize', to: 'toSize' });
    return { fromSize: proof.from, toSize: proof.to, hashes: proof.hashes.map(toBase64) };
  }
}
