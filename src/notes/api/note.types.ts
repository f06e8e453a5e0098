import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { Claim, Person } from '../../claims/api/claim.types';
import { Node } from '../../graphql/node/node.interface';
import { DateTimeScalar } from '../../graphql/scalars';

@ObjectType({ description: 'Why and when a note was retracted by its author.' })
export class NoteRetraction {
  @Field({ description: 'The reason its author gave.' }) reason: string;
  @Field(() => DateTimeScalar, { description: 'When it was retracted.' }) at: string;
}

@ObjectType({ description: "A desk member's internal note on a claim: never public, for reviewers and editors.", implements: () => [Node] })
export class InternalNote {
  @Field(() => ID, { description: 'The same as noteId: its global id (node(id:) finds it, for reviewers, editors and admins).' }) id: string;
  @Field(() => ID, { description: 'The note\'s id.' }) noteId: string;
  @Field(() => ID, { description: 'The claim it is on.' }) claimId: string;
  @Field(() => String, { nullable: true, description: 'The current text; null once retracted (earlier texts are in claimHistory).' }) text: string | null;
  @Field(() => ID, { nullable: true, description: 'The note of the same claim this one answers.' }) replyTo: string | null;
  @Field(() => ID, { description: "The note that starts this note's thread." }) threadId: string;
  @Field(() => [ID], { description: "Desk members' ids the note mentions." }) mentions: string[];
  @Field(() => Person, {
    description:
      "Who posted it, as recorded on the note: their id (personId) and the name their token carried then. A Person, not whoami's Actor, so a normalising cache never merges it with the caller or rewrites it after a rename.",
  })
  author: Person;
  @Field(() => DateTimeScalar, { description: 'When it was posted.' }) postedAt: string;
  @Field(() => DateTimeScalar, { nullable: true, description: 'When it was last edited; null when never.' }) editedAt: string | null;
  @Field(() => Int, { description: 'How often its author edited it.' }) edits: number;
  @Field(() => NoteRetraction, { nullable: true, description: 'Null unless its author retracted it.' }) retraction: NoteRetraction | null;
}

@ObjectType({ description: "A claim's internal discussion." })
export class ClaimNotes {
  @Field(() => ID, { description: 'The claim.' }) claimId: string;
  @Field(() => Int, { description: 'Notes on the claim, retracted ones included.' }) count: number;
  @Field(() => Int, { description: 'Threads: notes that answer no other note.' }) threadCount: number;
  @Field(() => [InternalNote], {
    description: "Thread by thread (in the order threads were started): each thread's first note, then its replies in the order posted. threadId and replyTo tell the threads apart.",
  })
  notes: InternalNote[];
}

@ObjectType({ description: 'What a note mutation did.' })
export class NoteResult {
  @Field(() => ID, { description: 'The claim the note is on.' }) claimId: string;
  @Field(() => ID, { description: 'The note acted on.' }) noteId: string;
  @Field(() => Int, { description: "The claim's notes stream revision after the act." }) revision: number;
  @Field({ description: 'Global position of the last event appended.' }) position: number;
  @Field({ description: 'True when this mutationId had already been carried out: nothing new was written.' }) replayed: boolean;
  @Field(() => InternalNote, { nullable: true, description: 'The note as the read models now hold it (posted, edited or retracted), so a normalised cache updates itself.' })
  note?: InternalNote | null;
  @Field(() => Claim, { nullable: true, description: 'The claim the note is on, as claim(id) answers it (a note does not change its revision).' })
  claim?: Claim | null;
}
