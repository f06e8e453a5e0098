import { ArgsType, Field, Int, ObjectType } from '@nestjs/graphql';
import { DateTimeScalar } from '../../graphql/scalars';

@ObjectType({ description: 'A signed tree head of the transparency log: a C2SP tlog-checkpoint, signed as a C2SP signed note with the log\'s Ed25519 key.' })
export class LogCheckpointType {
  @Field(() => String, { description: 'The checkpoint\'s origin line: the log\'s name (LOG_ORIGIN).' }) origin: string;
  @Field(() => Int, { description: 'The tree size: how many events (leaves) the checkpoint covers, the first `size` events in global order.' }) size: number;
  @Field(() => String, { description: 'The RFC 6962 root hash of those leaves, base64.' }) rootHash: string;
  @Field(() => String, { description: 'The signed note exactly as GET /log/checkpoint serves it: what a verifier checks.' }) note: string;
  @Field(() => String, { description: 'The log\'s verifier key (C2SP vkey), as GET /log/vkey serves it.' }) verifierKey: string;
  @Field(() => DateTimeScalar, { description: 'When this instance signed it.' }) signedAt: string;
}

@ObjectType({ description: 'An RFC 9162 inclusion proof: the hashes that lead from leaf `index` to the root of the tree of `size` leaves.' })
export class InclusionProofType {
  @Field(() => Int, { description: 'The leaf (0-based: the index-th event in global order).' }) index: number;
  @Field(() => Int, { description: 'The tree size the proof is for (at most the latest checkpoint\'s).' }) size: number;
  @Field(() => [String], { description: 'The proof\'s hashes, base64, from the leaf\'s sibling upward.' }) hashes: string[];
}

@ObjectType({ description: 'An RFC 9162 consistency proof: the tree of `fromSize` leaves is a prefix of the tree of `toSize` leaves.' })
export class ConsistencyProofType {
  @Field(() => Int, { description: 'The earlier tree size (at least 1).' }) fromSize: number;
  @Field(() => Int, { description: 'The later tree size (at most the latest checkpoint\'s).' }) toSize: number;
  @Field(() => [String], { description: 'The proof\'s hashes, base64.' }) hashes: string[];
}

@ArgsType()
export class InclusionProofArgs {
  @Field(() => Int, { description: 'The leaf index (0-based), below size.' }) index: number;
  @Field(() => Int, { description: 'The tree size, at most the latest checkpoint\'s.' }) size: number;
}

@ArgsType()
export class ConsistencyProofArgs {
  @Field(() => Int, { description: 'The earlier tree size, from 1.' }) fromSize: number;
  @Field(() => Int, { description: 'The later tree size, at most the latest checkpoint\'s.' }) toSize: number;
}
