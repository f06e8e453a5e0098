import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import type { CitationStance, ClaimantKind, ClaimStatus } from '../domain/claim';

export const ClaimStatusEnum: Record<ClaimStatus, ClaimStatus> = {
  DRAFT: 'DRAFT',
  IN_REVIEW: 'IN_REVIEW',
  PUBLISHED: 'PUBLISHED',
  REJECTED: 'REJECTED',
  RETRACTED: 'RETRACTED',
};
registerEnumType(ClaimStatusEnum, {
  name: 'ClaimStatus',
  description: 'Where a claim is in the desk\'s workflow: DRAFT -> IN_REVIEW -> PUBLISHED (-> RETRACTED); REJECTED from DRAFT or IN_REVIEW.',
});

export const ClaimantKindEnum: Record<ClaimantKind, ClaimantKind> = { PERSON: 'PERSON', ORGANIZATION: 'ORGANIZATION' };
registerEnumType(ClaimantKindEnum, { name: 'ClaimantKind' });

export const CitationStanceEnum: Record<CitationStance, CitationStance> = { SUPPORTS: 'SUPPORTS', REFUTES: 'REFUTES', CONTEXT: 'CONTEXT' };
registerEnumType(CitationStanceEnum, { name: 'CitationStance', description: 'What a source does for the claim: supports it, refutes it, or gives context.' });

@ObjectType({ description: 'A person as recorded on an event: their id and the name their token carried.' })
export class Person {
  @Field(() => ID) id: string;
  @Field() name: string;
}

@ObjectType()
export class Claimant {
  @Field() name: string;
  @Field(() => ClaimantKindEnum) kind: ClaimantKind;
}

@ObjectType({ description: 'Where the claim was published or said.' })
export class Appearance {
  @Field() url: string;
  @Field() outlet: string;
  @Field({ description: 'ISO date (or date-time) of the appearance.' }) appearedAt: string;
  @Field() firstAppearance: boolean;
}

/** Something a person did, and when: what rejections, retractions and corrections have in common. */
@ObjectType({ isAbstract: true })
abstract class PersonAct {
  @Field(() => Person) by: Person;
  @Field() at: string;
}

@ObjectType()
export class Retraction extends PersonAct {
  @Field() reason: string;
}

@ObjectType({ description: 'A source gathered as evidence on a claim.' })
export class Citation {
  @Field(() => ID) id: string;
  @Field() url: string;
  @Field() title: string;
  @Field() publisher: string;
  @Field(() => String, { nullable: true }) publishedAt: string | null;
  @Field({ description: 'Verbatim excerpt from the source.' }) excerpt: string;
  @Field(() => CitationStanceEnum) stance: CitationStance;
  @Field(() => String, { nullable: true }) note: string | null;
  @Field(() => String, { nullable: true, description: 'A snapshot of the source in a web archive.' }) archivedUrl: string | null;
  @Field(() => Person) addedBy: Person;
  @Field() addedAt: string;
  @Field(() => String, { nullable: true }) revisedAt: string | null;
  @Field(() => Retraction, { nullable: true }) retraction: Retraction | null;
}

@ObjectType()
export class VerdictWithdrawal {
  @Field() reason: string;
  @Field() at: string;
}

@ObjectType({ description: 'What changed since the reviewer last rated: a field of the claim, or a field of a cited citation.' })
export class StaleReason {
  @Field({ description: 'statement, claimant or claimDate (of the claim); url, excerpt or stance (of the citation), or retracted (the citation was retracted).' }) field: string;
  @Field(() => ID, { nullable: true, description: 'The cited citation that changed; null when the claim itself did.' }) citationId: string | null;
}

@ObjectType()
export class CitationHash {
  @Field(() => ID) citationId: string;
  @Field({ description: 'sha256 of the citation\'s url, excerpt and stance as the reviewer saw them.' }) hash: string;
}

@ObjectType({ description: 'What the reviewer saw when they last recorded, revised or confirmed the verdict.' })
export class VerdictBasis {
  @Field(() => Int, { description: 'The claim\'s revision: it goes up when its statement, claimant or claim date changes.' }) claimRevision: number;
  @Field(() => [CitationHash]) citations: CitationHash[];
}

@ObjectType({ description: 'A reviewer\'s rating of the claim, with the rationale and the citations it rests on.' })
export class Verdict {
  @Field(() => ID) id: string;
  @Field(() => Person) reviewer: Person;
  @Field() rating: string;
  @Field() rationale: string;
  @Field(() => [ID]) citationIds: string[];
  @Field() recordedAt: string;
  @Field(() => String, { nullable: true }) revisedAt: string | null;
  @Field(() => Int, { description: 'How many times the reviewer revised it.' }) revisions: number;
  @Field(() => VerdictWithdrawal, { nullable: true }) withdrawal: VerdictWithdrawal | null;
  @Field(() => VerdictBasis) basis: VerdictBasis;
  @Field(() => String, { nullable: true, description: 'When the reviewer last confirmed it after a change.' }) confirmedAt: string | null;
  @Field({ description: 'True when the claim or a cited citation changed since the reviewer last rated: it does not count until confirmed or revised.' })
  stale: boolean;
  @Field(() => [StaleReason]) staleReasons: StaleReason[];
}

@ObjectType({ description: 'A rating as the methodology pinned it.' })
export class PinnedRating {
  @Field() key: string;
  @Field() value: number;
  @Field() label: string;
  @Field() onScale: boolean;
}

@ObjectType({ description: 'The desk rules in force at publication.' })
export class PinnedPolicy {
  @Field(() => Int) minReviewers: number;
  @Field(() => Int) minSources: number;
  @Field() requireIndependentEditor: boolean;
}

@ObjectType({ description: 'The rating scale and desk policy a fact-check was published under, each with its hash: a later change of RATING_SCALE never changes how it reads.' })
export class Methodology {
  @Field() scaleVersion: string;
  @Field() scaleHash: string;
  @Field(() => [PinnedRating]) scale: PinnedRating[];
  @Field(() => PinnedPolicy) policy: PinnedPolicy;
  @Field() policyHash: string;
}

@ObjectType({ description: 'The published fact-check: the final rating, the summary, and the verdicts and citations behind it.' })
export class Publication {
  @Field() rating: string;
  @Field() summary: string;
  @Field(() => String, { nullable: true, description: 'The rating the reviewers agreed on; null when they disagreed.' })
  consensusRating: string | null;
  @Field(() => String, { nullable: true, description: 'Why the published rating departs from the reviewers\' consensus.' })
  justification: string | null;
  @Field(() => [ID]) verdictIds: string[];
  @Field(() => [ID]) citationIds: string[];
  @Field(() => Person) publishedBy: Person;
  @Field() publishedAt: string;
  @Field({ description: 'The rating as readers see it, on the scale the fact-check was published under.' }) ratingLabel: string;
  @Field(() => Methodology, { nullable: true, description: 'Null for a fact-check published before methodologies were recorded: it reads through the configured scale.' })
  methodology: Methodology | null;
}

@ObjectType({ description: 'A public correction of a published fact-check.' })
export class Correction extends PersonAct {
  @Field() note: string;
  @Field() previousRating: string;
  @Field() newRating: string;
  @Field() previousSummary: string;
  @Field() newSummary: string;
  @Field(() => [ID]) addedCitationIds: string[];
  @Field(() => String, { nullable: true, description: 'Why the new rating departs from the reviewers\' verdicts; null when it does not.' }) justification: string | null;
}

@ObjectType()
export class FactCheckRetraction extends PersonAct {
  @Field() note: string;
}

@ObjectType({ description: 'A claim brought to the desk, with everything gathered and decided on it.' })
export class Claim {
  @Field(() => ID) id: string;
  @Field(() => Int, { description: 'Revision of the claim\'s stream; pass it as expectedRevision to guard an edit.' }) revision: number;
  @Field(() => ClaimStatusEnum) status: ClaimStatus;
  @Field() statement: string;
  @Field(() => Claimant) claimant: Claimant;
  @Field({ description: 'ISO date the claim was made.' }) claimDate: string;
  @Field(() => [Appearance]) appearances: Appearance[];
  @Field() language: string;
  @Field(() => [String]) topics: string[];
  @Field(() => Person) submittedBy: Person;
  @Field() submittedAt: string;
  @Field() updatedAt: string;
  @Field(() => [Person]) assignees: Person[];
  @Field(() => [Citation]) citations: Citation[];
  @Field(() => [Verdict]) verdicts: Verdict[];
  @Field(() => Retraction, { nullable: true, description: 'Why the claim was rejected as not check-worthy, while it is.' }) rejection: Retraction | null;
  @Field(() => Publication, { nullable: true }) publication: Publication | null;
  @Field(() => [Correction]) corrections: Correction[];
  @Field(() => FactCheckRetraction, { nullable: true }) retraction: FactCheckRetraction | null;
}

@ObjectType({ description: 'A rating on the desk\'s scale.' })
export class RatingOption {
  @Field() key: string;
  @Field() label: string;
  @Field() value: number;
  @Field({ description: 'False for ratings outside the true-to-false axis, such as UNVERIFIABLE.' }) onScale: boolean;
}

@ObjectType({ description: 'What a mutation did: the claim, its new revision and where its events sit in the log.' })
export class MutationResult {
  @Field(() => ID) claimId: string;
  @Field(() => Int) revision: number;
  @Field({ description: 'Global position of the last event appended.' }) position: number;
  @Field({ description: 'True when this mutationId had already been carried out: nothing new was written.' }) replayed: boolean;
  @Field(() => ID, { nullable: true, description: 'The new citation, for addCitation.' }) citationId?: string;
  @Field(() => ID, { nullable: true, description: 'The new verdict, for recordVerdict.' }) verdictId?: string;
}
