import { Field, Int, ObjectType } from '@nestjs/graphql';
import { DateTimeScalar } from '../../graphql/scalars';

@ObjectType({ description: 'A public event of a fact-check as a leaf of the transparency log, with its C2SP tlog-proof.' })
export class FactCheckLogEventType {
  @Field(() => Int, { description: 'The event\'s leaf index (0-based, in global order).' }) index: number;
  @Field(() => String, { description: 'The event type: FactCheckPublished, FactCheckCorrected or FactCheckRetracted.' }) type: string;
  @Field(() => Int, { description: 'The event\'s revision in the claim\'s stream.' }) revision: number;
  @Field(() => DateTimeScalar, { description: 'When the store recorded it (committed to by the entry).' }) recordedAt: string;
  @Field(() => String, { description: 'The canonical entry bytes, base64: the leaf is SHA-256(0x00 ‖ entry).' }) entry: string;
  @Field(() => String, { description: 'The leaf hash, base64.' }) leafHash: string;
  @Field(() => String, { description: 'The C2SP tlog-proof text: the inclusion proof to the latest signed checkpoint and that checkpoint verbatim; it verifies offline.' }) proof: string;
}

@ObjectType({ description: 'A public event not yet under a signed checkpoint: provable with the next one.' })
export class FactCheckPendingEventType {
  @Field(() => Int, { nullable: true, description: 'Its leaf index; null while the log has not appended it yet.' }) index: number | null;
  @Field(() => String, { description: 'The event type.' }) type: string;
  @Field(() => Int, { description: 'The event\'s revision in the claim\'s stream.' }) revision: number;
  @Field(() => DateTimeScalar, { description: 'When the store recorded it.' }) recordedAt: string;
}

@ObjectType({ description: 'Where a published fact-check is in the transparency log: every leaf index of its claim, and proofs of its public events (also GET /log/fact-checks/{id}).' })
export class FactCheckLogProofType {
  @Field(() => [Int], { description: 'The leaf indexes of all the claim\'s logged events, public and private, ascending.' }) leafIndexes: number[];
  @Field(() => [Int], { description: 'The leaf indexes of its private events: only their hashes are ever served.' }) privateLeafIndexes: number[];
  @Field(() => Int, { description: 'The tree size of the latest signed checkpoint the proofs lead to (0: none yet).' }) checkpointSize: number;
  @Field(() => String, { nullable: true, description: 'That checkpoint\'s signed note, verbatim; null while there is none.' }) checkpointNote: string | null;
  @Field(() => [FactCheckLogEventType], { description: 'The public events under that checkpoint, with their entries and proofs.' }) publicEvents: FactCheckLogEventType[];
  @Field(() => [FactCheckPendingEventType], { description: 'The public events not yet under a signed checkpoint.' }) pending: FactCheckPendingEventType[];
}
