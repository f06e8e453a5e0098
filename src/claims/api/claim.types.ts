import type { ClaimOrigin } from '../read-model/claims.read-model';
import { Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { DateScalar, DateTimeScalar } from '../../graphql/scalars';
import type { CitationStance, ClaimantKind, ClaimStatus } from '../domain/claim';
import { Node } from '../../graphql/node/node.interface';

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
  valuesMap: {
    DRAFT: { description: 'Submitted, no reviewer assigned yet.' },
    IN_REVIEW: { description: 'Reviewers assigned: citations and verdicts are being gathered.' },
    PUBLISHED: { description: 'The fact-check is public (and may have corrections).' },
    REJECTED: { description: 'Set aside as not check-worthy; an editor may reopen it.' },
    RETRACTED: { description: 'The published fact-check was withdrawn; the claim is closed.' },
  },
});

export const ClaimOriginEnum: Record<ClaimOrigin, ClaimOrigin> = { DESK: 'DESK', EXTERNAL: 'EXTERNAL' };
registerEnumType(ClaimOriginEnum, {
  name: 'ClaimOrigin',
  description: 'Whose fact-check a claim is: the desk\'s own, or another desk\'s (imported as ClaimReview, read-only).',
  valuesMap: {
    DESK: { description: 'The desk\'s own work.' },
    EXTERNAL: { description: 'Another fact-checker\'s published ClaimReview, kept for reference: no desk act applies to it (EXTERNAL_FACT_CHECK).' },
  },
});

export const ClaimantKindEnum: Record<ClaimantKind, ClaimantKind> = { PERSON: 'PERSON', ORGANIZATION: 'ORGANIZATION' };
registerEnumType(ClaimantKindEnum, {
  name: 'ClaimantKind',
  description: 'Who made the claim: a person or an organization.',
  valuesMap: { PERSON: { description: 'A person.' }, ORGANIZATION: { description: 'An organization: a party, company, agency, outlet...' } },
});

export const CitationStanceEnum: Record<CitationStance, CitationStance> = { SUPPORTS: 'SUPPORTS', REFUTES: 'REFUTES', CONTEXT: 'CONTEXT' };
registerEnumType(CitationStanceEnum, {
  name: 'CitationStance',
  description: 'What a source does for the claim: supports it, refutes it, or gives context.',
  valuesMap: {
    SUPPORTS: { description: 'The source supports the claim.' },
    REFUTES: { description: 'The source contradicts the claim.' },
    CONTEXT: { description: 'The source gives context, for or against neither.' },
  },
});

@ObjectType({ description: 'A person as recorded on an event: their id and the name their token carried.' })
export class Person {
  @Field(() => ID, {
    description: "The person's id (the token's subject), as personId.",
    deprecationReason:
      'Use personId. A normalising cache (Apollo, Relay, urql) keys a Person by id alone, so every act of one person would show the name of whichever it read last, not the name recorded on that act.',
  })
  id: string;
  @Field(() => ID, { description: "The person's id as their token carried it (sub); not a cache key, so each act keeps the name recorded on it." })
  personId?: string;
  @Field({ description: 'Their name as the token carried it then.' }) name: string;
}

@ObjectType({ description: 'Who made the claim.' })
export class Claimant {
  @Field({ description: 'Their name, as submitted.' }) name: string;
  @Field(() => ClaimantKindEnum, { description: 'A person or an organization.' }) kind: ClaimantKind;
}

@ObjectType({ description: 'Where the claim was published or said.' })
export class Appearance {
  @Field({ description: 'Where it can be seen (http or https URL).' }) url: string;
  @Field({ description: 'The outlet, channel or event it appeared in.' }) outlet: string;
  @Field(() => DateTimeScalar, { description: 'When it appeared there (UTC); given as a bare day, 00:00 UTC of that day.' }) appearedAt: string;
  @Field({ description: 'True for the first known appearance (exactly one is).' }) firstAppearance: boolean;
}

/** Something a person did, and when: what rejections, retractions and corrections have in common. */
@ObjectType({ isAbstract: true })
abstract class PersonAct {
  @Field(() => Person, { description: 'Who did it, as recorded then.' }) by: Person;
  @Field(() => DateTimeScalar, { description: 'When they did it.' }) at: string;
}

@ObjectType({ description: 'A retraction of a citation, or the rejection of a claim: who, when and why.' })
export class Retraction extends PersonAct {
  @Field({ description: 'The reason they gave.' }) reason: string;
}

@ObjectType({ description: 'A source gathered as evidence on a claim.', implements: () => [Node] })
export class Citation {
  @Field(() => ID, { description: 'The citation\'s id, unique within its claim.' }) id: string;
  @Field({ description: 'The source\'s URL.' }) url: string;
  @Field({ description: 'The source\'s title.' }) title: string;
  @Field({ description: 'Who published the source.' }) publisher: string;
  @Field(() => DateTimeScalar, { nullable: true, description: 'When the source was published (UTC; given as a bare day, 00:00 UTC of that day); null when not given.' })
  publishedAt: string | null;
  @Field({ description: 'Verbatim excerpt from the source.' }) excerpt: string;
  @Field(() => CitationStanceEnum, { description: 'What the source does for the claim.' }) stance: CitationStance;
  @Field(() => String, { nullable: true, description: 'The desk\'s note on the source; null when none.' }) note: string | null;
  @Field(() => String, { nullable: true, description: 'A snapshot of the source in a web archive.' }) archivedUrl: string | null;
  @Field(() => Person, { description: 'Who added it.' }) addedBy: Person;
  @Field(() => DateTimeScalar, { description: 'When it was added.' }) addedAt: string;
  @Field(() => DateTimeScalar, { nullable: true, description: 'When it was last revised; null when never.' }) revisedAt: string | null;
  @Field(() => Retraction, { nullable: true, description: 'Why it was retracted; null while it stands.' }) retraction: Retraction | null;
}

@ObjectType({ description: 'A reviewer\'s withdrawal of their verdict.' })
export class VerdictWithdrawal {
  @Field({ description: 'The reason they gave.' }) reason: string;
  @Field(() => DateTimeScalar, { description: 'When they withdrew it.' }) at: string;
}

@ObjectType({ description: 'What changed since the reviewer last rated: a field of the claim, or a field of a cited citation.' })
export class StaleReason {
  @Field({ description: 'statement, claimant or claimDate (of the claim); url, excerpt or stance (of the citation), or retracted (the citation was retracted).' }) field: string;
  @Field(() => ID, { nullable: true, description: 'The cited citation that changed; null when the claim itself did.' }) citationId: string | null;
}

@ObjectType({ description: 'A cited citation as the reviewer saw it, by its hash.' })
export class CitationHash {
  @Field(() => ID, { description: 'The citation.' }) citationId: string;
  @Field({ description: 'sha256 of the citation\'s url, excerpt and stance as the reviewer saw them.' }) hash: string;
}

@ObjectType({ description: 'What the reviewer saw when they last recorded, revised or confirmed the verdict.' })
export class VerdictBasis {
  @Field(() => Int, { description: 'The claim\'s revision: it goes up when its statement, claimant or claim date changes.' }) claimRevision: number;
  @Field(() => [CitationHash], { description: 'Each cited citation\'s hash then.' }) citations: CitationHash[];
}

@ObjectType({ description: 'A reviewer\'s rating of the claim, with the rationale and the citations it rests on.', implements: () => [Node] })
export class Verdict {
  @Field(() => ID, { description: 'The verdict\'s id, unique within its claim.' }) id: string;
  @Field(() => Person, { description: 'The reviewer who gave it.' }) reviewer: Person;
  @Field({ description: 'A rating key of the desk\'s scale (see ratingScale), e.g. MOSTLY_FALSE.' }) rating: string;
  @Field({ description: 'Why the reviewer rates it so.' }) rationale: string;
  @Field(() => [ID], { description: 'The citations of the claim it rests on.' }) citationIds: string[];
  @Field(() => DateTimeScalar, { description: 'When it was first recorded.' }) recordedAt: string;
  @Field(() => DateTimeScalar, { nullable: true, description: 'When it was last revised; null when never.' }) revisedAt: string | null;
  @Field(() => Int, { description: 'How many times the reviewer revised it.' }) revisions: number;
  @Field(() => VerdictWithdrawal, { nullable: true, description: 'Null unless the reviewer withdrew it (a withdrawn verdict does not count).' }) withdrawal: VerdictWithdrawal | null;
  @Field(() => VerdictBasis, { description: 'What the reviewer saw when they last rated.' }) basis: VerdictBasis;
  @Field(() => DateTimeScalar, { nullable: true, description: 'When the reviewer last confirmed it after a change; null when never.' }) confirmedAt: string | null;
  @Field({ description: 'True when the claim or a cited citation changed since the reviewer last rated: it does not count until confirmed or revised.' })
  stale: boolean;
  @Field(() => [StaleReason], { description: 'What changed, for a stale verdict; empty otherwise.' }) staleReasons: StaleReason[];
}

@ObjectType({ description: 'A rating as the methodology pinned it.' })
export class PinnedRating {
  @Field({ description: 'The rating\'s key, e.g. MOSTLY_FALSE.' }) key: string;
  @Field({ description: 'Its place on the true-to-false axis (higher is truer).' }) value: number;
  @Field({ description: 'Its label for readers.' }) label: string;
  @Field({ description: 'False for ratings outside the true-to-false axis, such as UNVERIFIABLE.' }) onScale: boolean;
}

@ObjectType({ description: 'The desk rules in force at publication.' })
export class PinnedPolicy {
  @Field(() => Int, { description: 'Verdicts needed to publish.' }) minReviewers: number;
  @Field(() => Int, { description: 'Standing citations needed to publish.' }) minSources: number;
  @Field({ description: 'Whether the publishing editor had to be someone other than the reviewers.' }) requireIndependentEditor: boolean;
}

@ObjectType({ description: 'The rating scale and desk policy a fact-check was published under, each with its hash: a later change of RATING_SCALE never changes how it reads.' })
export class Methodology {
  @Field({ description: 'The rating scale\'s version.' }) scaleVersion: string;
  @Field({ description: 'sha256 of the scale, hex.' }) scaleHash: string;
  @Field(() => [PinnedRating], { description: 'The ratings of that scale.' }) scale: PinnedRating[];
  @Field(() => PinnedPolicy, { description: 'The desk policy in force.' }) policy: PinnedPolicy;
  @Field({ description: 'sha256 of the policy, hex.' }) policyHash: string;
}

@ObjectType({ description: 'The published fact-check: the final rating, the summary, and the verdicts and citations behind it.' })
export class Publication {
  @Field({ description: 'The published rating key (see ratingLabel for readers).' }) rating: string;
  @Field({ description: 'The fact-check\'s summary, as published (corrections may replace it).' }) summary: string;
  @Field(() => String, { nullable: true, description: 'The rating the reviewers agreed on; null when they disagreed.' })
  consensusRating: string | null;
  @Field(() => String, { nullable: true, description: 'Why the published rating departs from the reviewers\' consensus.' })
  justification: string | null;
  @Field(() => [ID], { description: 'The verdicts it counted.' }) verdictIds: string[];
  @Field(() => [ID], { description: 'The citations it rests on.' }) citationIds: string[];
  @Field(() => Person, { description: 'The editor who published it.' }) publishedBy: Person;
  @Field(() => DateTimeScalar, { description: 'When it was published.' }) publishedAt: string;
  @Field({ description: 'The rating as readers see it, on the scale the fact-check was published under.' }) ratingLabel: string;
  @Field(() => Methodology, { nullable: true, description: 'Null for a fact-check published before methodologies were recorded: it reads through the configured scale.' })
  methodology: Methodology | null;
}

@ObjectType({ description: 'A public correction of a published fact-check.' })
export class Correction extends PersonAct {
  @Field({ description: 'The correction note readers see.' }) note: string;
  @Field({ description: 'The rating key before it.' }) previousRating: string;
  @Field({ description: 'The rating key after it (the same when only the summary changed).' }) newRating: string;
  @Field({ description: 'The summary before it.' }) previousSummary: string;
  @Field({ description: 'The summary after it.' }) newSummary: string;
  @Field(() => [ID], { description: 'Citations it added to the fact-check.' }) addedCitationIds: string[];
  @Field(() => String, { nullable: true, description: 'Why the new rating departs from the reviewers\' verdicts; null when it does not.' }) justification: string | null;
}

@ObjectType({ description: 'The retraction of a published fact-check.' })
export class FactCheckRetraction extends PersonAct {
  @Field({ description: 'The note readers see.' }) note: string;
}

@ObjectType({ description: 'The fact-checker that published an external fact-check.' })
export class ExternalPublisher {
  @Field({ description: 'Its name, as its ClaimReview author gives it.' }) name: string;
  @Field(() => String, { nullable: true, description: 'Its address, when the ClaimReview gives one.' }) url: string | null;
}

@ObjectType({ description: 'An external fact-check\'s rating, as its ClaimReview reviewRating gives it (on its own scale, not the desk\'s).' })
export class ExternalRating {
  @Field(() => String, { nullable: true, description: 'The rating as its readers see it, e.g. "False".' }) alternateName: string | null;
  @Field(() => Float, { nullable: true, description: 'Its numeric value, on the publisher\'s scale.' }) ratingValue: number | null;
  @Field(() => Float, { nullable: true, description: 'The best value of that scale.' }) bestRating: number | null;
  @Field(() => Float, { nullable: true, description: 'The worst value of that scale.' }) worstRating: number | null;
}

@ObjectType({ description: 'What another fact-checker\'s ClaimReview says: who published it, where, when, and its rating.' })
export class ExternalFactCheck {
  @Field(() => ExternalPublisher, { description: 'The fact-checker (the ClaimReview\'s author).' }) publisher: ExternalPublisher;
  @Field(() => [ExternalPublisher], { description: 'Every author the ClaimReview names, in its order; the first is the publisher.' }) authors: ExternalPublisher[];
  @Field({ description: 'The ClaimReview\'s url: the fact-check on the publisher\'s site, and what identifies it here.' }) url: string;
  @Field({ description: 'When the publisher published it, as its ClaimReview says (a date or a date-time).' }) datePublished: string;
  @Field(() => ExternalRating, { description: 'Its rating.' }) rating: ExternalRating;
  @Field(() => String, { nullable: true, description: 'Its reviewBody, when it has one.' }) reviewBody: string | null;
}

@ObjectType({ description: 'A claim brought to the desk, with everything gathered and decided on it.', implements: () => [Node] })
export class Claim {
  @Field(() => ID, { description: 'The claim\'s id.' }) id: string;
  @Field(() => Int, { description: 'Revision of the claim\'s stream; pass it as expectedRevision to guard an edit.' }) revision: number;
  @Field(() => ClaimStatusEnum, { description: 'Where it is in the workflow.' }) status: ClaimStatus;
  @Field({ description: 'The statement as made.' }) statement: string;
  @Field(() => Claimant, { description: 'Who made it.' }) claimant: Claimant;
  @Field(() => DateScalar, { description: 'The calendar day the claim was made (YYYY-MM-DD).' }) claimDate: string;
  @Field(() => [Appearance], { description: 'Where it was published or said.' }) appearances: Appearance[];
  @Field({ description: 'Its language, a BCP 47 tag such as en or pt-BR.' }) language: string;
  @Field(() => [String], { description: 'Its topics.' }) topics: string[];
  @Field(() => Person, { description: 'Who submitted it.' }) submittedBy: Person;
  @Field(() => DateTimeScalar, { description: 'When it was submitted.' }) submittedAt: string;
  @Field(() => DateTimeScalar, { description: 'When anything on it last changed.' }) updatedAt: string;
  @Field(() => [Person], { description: 'The reviewers assigned to it.' }) assignees: Person[];
  @Field(() => [Citation], { description: 'Its citations, retracted ones included (see retraction).' }) citations: Citation[];
  @Field(() => [Verdict], { description: 'The reviewers\' verdicts, withdrawn ones included.' }) verdicts: Verdict[];
  @Field(() => Retraction, { nullable: true, description: 'Why the claim was rejected as not check-worthy, while it is.' }) rejection: Retraction | null;
  @Field(() => Publication, { nullable: true, description: 'The published fact-check; null until published.' }) publication: Publication | null;
  @Field(() => [Correction], { description: 'Public corrections, oldest first.' }) corrections: Correction[];
  @Field(() => FactCheckRetraction, { nullable: true, description: 'Null unless the fact-check was retracted.' }) retraction: FactCheckRetraction | null;
  @Field(() => ExternalFactCheck, { nullable: true, description: 'For an EXTERNAL claim (see origin): the other fact-checker\'s ClaimReview as read; null for the desk\'s own.' })
  external?: ExternalFactCheck | null;
}

@ObjectType({ description: 'A rating on the desk\'s scale.' })
export class RatingOption {
  @Field({ description: 'The rating\'s key, e.g. MOSTLY_FALSE: what verdicts and publications carry.' }) key: string;
  @Field({ description: 'Its label for readers.' }) label: string;
  @Field({ description: 'Its place on the true-to-false axis (higher is truer).' }) value: number;
  @Field({ description: 'False for ratings outside the true-to-false axis, such as UNVERIFIABLE.' }) onScale: boolean;
}

@ObjectType({ description: 'What a mutation did: the claim, its new revision and where its events sit in the log.' })
export class MutationResult {
  @Field(() => ID, { description: 'The claim acted on.' }) claimId: string;
  @Field(() => Int, { description: 'Its revision after the mutation.' }) revision: number;
  @Field({ description: 'Global position of the last event appended.' }) position: number;
  @Field({ description: 'True when this mutationId had already been carried out: nothing new was written.' }) replayed: boolean;
  @Field(() => ID, { nullable: true, description: 'The new citation, for addCitation.' }) citationId?: string;
  @Field(() => ID, { nullable: true, description: 'The new verdict, for recordVerdict.' }) verdictId?: string;
  @Field(() => Claim, {
    nullable: true,
    description:
      'The claim as the read models hold it once this mutation is included (same type and id as claim(id), with its new revision), so a normalised cache updates itself; null only if you may no longer see it.',
  })
  claim?: Claim | null;
  @Field(() => Citation, { nullable: true, description: 'The citation added, revised or retracted, as it now stands (addCitation, reviseCitation, retractCitation).' })
  citation?: Citation | null;
  @Field(() => Verdict, { nullable: true, description: 'The verdict recorded, revised, withdrawn or confirmed, as it now stands.' })
  verdict?: Verdict | null;
}
