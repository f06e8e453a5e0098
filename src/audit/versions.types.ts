import { Field, ID, Int, ObjectType, OmitType } from '@nestjs/graphql';
import { Citation, Claim, Verdict } from '../claims/api/claim.types';
import { RoleEnum } from '../auth/actor.types';
import type { Role } from '../shared/actor';
import { Node } from '../graphql/node/node.interface';
import { DateTimeScalar } from '../graphql/scalars';

/*
 * What the history shows, in types of its own: a normalising cache keys objects by __typename and
 * id, so a claim as it stood at revision 3 must not be a `Claim` with the live claim's id (it would
 * overwrite the live one), and the two sides of a diff must not share an id (one would overwrite
 * the other). Each version's id is "<id>@<revision>": stable, and node(id:) finds it again.
 */

@ObjectType({ description: 'A citation as it stood at a revision of its claim (in the history): its own id, <citationId>@<revision>.', implements: () => [Node] })
export class CitationVersion extends OmitType(Citation, ['id'] as const, ObjectType) {
  @Field(() => ID, { description: '<citationId>@<revision>: this citation as of that revision of its claim.' }) id: string;
  @Field(() => ID, { description: "The citation's own id (as Citation.id and every citationId input take it)." }) citationId: string;
  @Field(() => Int, { description: 'The revision of the claim this version is of.' }) revision: number;
}

@ObjectType({ description: 'A verdict as it stood at a revision of its claim (in the history): its own id, <verdictId>@<revision>.', implements: () => [Node] })
export class VerdictVersion extends OmitType(Verdict, ['id'] as const, ObjectType) {
  @Field(() => ID, { description: '<verdictId>@<revision>: this verdict as of that revision of its claim.' }) id: string;
  @Field(() => ID, { description: "The verdict's own id (as Verdict.id and every verdictId input take it)." }) verdictId: string;
  @Field(() => Int, { description: 'The revision of the claim this version is of.' }) revision: number;
}

@ObjectType({
  description: 'A claim as it stood at a revision, folded from the event log: never the live Claim (its id is <claimId>@<revision>), so caching it cannot change the live claim.',
  implements: () => [Node],
})
export class ClaimVersion extends OmitType(Claim, ['id', 'citations', 'verdicts'] as const, ObjectType) {
  @Field(() => ID, { description: '<claimId>@<revision>: this claim as of that revision.' }) id: string;
  @Field(() => ID, { description: "The claim's own id (as Claim.id and every claimId input take it)." }) claimId: string;
  @Field(() => Int, { description: 'The revision this version is of (the last event folded into it).' }) override revision: number;
  @Field(() => DateTimeScalar, { description: 'When the event store recorded the last event folded into it (updatedAt is when that act happened).' }) recordedAt: string;
  @Field(() => [CitationVersion], { description: 'Its citations as they stood at this revision.' }) citations: CitationVersion[];
  @Field(() => [VerdictVersion], { description: 'Its verdicts as they stood at this revision.' }) verdicts: VerdictVersion[];
}

@ObjectType({
  description:
    'Who did an act, as recorded on its event: their id, and the name and roles their token carried then. It has no id of its own: a cache keeps it inside its event, so a later change of name never rewrites history.',
})
export class RecordedActor {
  @Field(() => ID, { description: "The person's id (their token's sub)." }) personId: string;
  @Field({ description: 'The name their token carried when the event was recorded.' }) name: string;
  @Field(() => [RoleEnum], { description: 'The roles their token carried then.' }) roles: Role[];
}
