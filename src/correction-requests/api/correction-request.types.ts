import { Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Connection } from '../../graphql/connection';
import { EnumListField, IdField, IntField, TextField, UrlField } from '../../graphql/fields';
import { Claim, Person } from '../../claims/api/claim.types';
import { MutationIdField } from '../../claims/api/claim.fields';
import { Node } from '../../graphql/node/node.interface';
import { DateTimeScalar } from '../../graphql/scalars';
import type { CorrectionRequestStatus } from '../domain/correction-request';
import { CORRECTION_LIMITS } from '../domain/limits';

export const CorrectionRequestStatusEnum: Record<CorrectionRequestStatus, CorrectionRequestStatus> = {
  OPEN: 'OPEN',
  ACKNOWLEDGED: 'ACKNOWLEDGED',
  DECLINED: 'DECLINED',
  ACCEPTED: 'ACCEPTED',
};
registerEnumType(CorrectionRequestStatusEnum, {
  name: 'CorrectionRequestStatus',
  description: 'OPEN -> ACKNOWLEDGED (optional) -> DECLINED (with a public reason) or ACCEPTED (answered by a published correction); the last two are final.',
  valuesMap: {
    OPEN: { description: 'Received; the desk has not answered yet.' },
    ACKNOWLEDGED: { description: 'An editor has seen it and is looking into it.' },
    DECLINED: { description: 'The fact-check stands; the reason is public. Final.' },
    ACCEPTED: { description: 'Answered by a published correction. Final.' },
  },
});

@InputType({ description: 'A reader\'s request that a published fact-check be corrected. No token needed.' })
export class RequestCorrectionInput {
  @IdField({ description: 'The published fact-check (claim id).' })
  claimId: string;

  @TextField(CORRECTION_LIMITS.problem, { notBlank: true, description: 'What is wrong, in your words. Published to the desk; never shown to the public.' })
  problem: string;

  @UrlField({ nullable: true, description: 'A link to evidence, if you have one (http or https).' })
  evidenceUrl?: string;

  @TextField(CORRECTION_LIMITS.contact, {
    nullable: true,
    notBlank: true,
    line: true,
    description: 'How the desk may reach you (e-mail or phone), if you want an answer. Kept privately for CORRECTION_CONTACT_RETENTION_DAYS, readable by editors only, never public.',
  })
  contact?: string;

  @MutationIdField('Your id for this request (a random UUID): sending the same request again with it returns the first result and files nothing new; another request under the same id is refused with MUTATION_ID_REUSED.')
  mutationId?: string;
}

@InputType({ description: 'A correction request to act on (editors).' })
export class CorrectionRequestIdInput {
  @IdField({ description: 'The request\'s id, as requestCorrection returned it.' })
  requestId: string;
}

@InputType({ description: 'A correction request to decline, with the public reason.' })
export class DeclineCorrectionRequestInput extends CorrectionRequestIdInput {
  @TextField(CORRECTION_LIMITS.publicReason, { notBlank: true, description: 'Why the fact-check stands as it is: shown to the public.' })
  publicReason: string;
}

@InputType({ description: 'A correction request to accept, with the correction that answers it.' })
export class AcceptCorrectionRequestInput extends CorrectionRequestIdInput {
  @IntField({ min: 1, description: 'The correction (1 = the claim\'s first, as listed in `corrections`) that answers the request; published after the request.' })
  correctionNumber: number;
}

@InputType({ description: 'Every field narrows the list; leave it out to not filter on it.' })
export class CorrectionRequestFilterInput {
  @EnumListField(CorrectionRequestStatusEnum, { nullable: true, maxItems: 4, repeats: 'dedupe', description: 'Requests in any of these statuses.' })
  status?: CorrectionRequestStatus[];

  @IdField({ nullable: true, description: 'Requests about this claim.' })
  claimId?: string;
}

@ObjectType({ description: 'Where a correction-request act landed.' })
export class CorrectionRequestResult {
  @Field(() => ID, { description: 'The request.' }) requestId: string;
  @Field(() => ID, { description: 'The claim it is about.' }) claimId: string;
  @Field(() => Int, { description: 'The request stream\'s revision after the act.' }) revision: number;
  @Field({ description: 'Global position of the event appended.' }) position: number;
  @Field({ description: 'True when this answers a retry of an earlier requestCorrection with the same mutationId: nothing new was filed.', defaultValue: false }) replayed: boolean;
  @Field(() => Claim, {
    nullable: true,
    description: 'The fact-check as claim(id) answers it for you (no token: its public view), once the read models include the act.',
  })
  claim?: Claim | null;
  @Field(() => CorrectionRequestNode, { nullable: true, description: 'The request as the read models now hold it: for editors and admins only (null for anyone else, the reader who asked included).' })
  request?: CorrectionRequestNode | null;
}

@ObjectType({ description: 'An editor\'s acknowledgement of a correction request.' })
export class CorrectionRequestAcknowledgement {
  @Field(() => Person, { description: 'The editor.' }) by: Person;
  @Field(() => DateTimeScalar, { description: 'When they acknowledged it.' }) at: string;
}

@ObjectType({ description: 'An editor\'s decline of a correction request.' })
export class CorrectionRequestDecline {
  @Field(() => Person, { description: 'The editor.' }) by: Person;
  @Field(() => DateTimeScalar, { description: 'When they declined it.' }) at: string;
  @Field({ description: 'Why the fact-check stands: shown to the public.' }) publicReason: string;
}

@ObjectType({ description: 'An editor\'s acceptance of a correction request: the correction that answers it.' })
export class CorrectionRequestAcceptance {
  @Field(() => Person, { description: 'The editor.' }) by: Person;
  @Field(() => DateTimeScalar, { description: 'When they accepted it.' }) at: string;
  @Field(() => Int, { description: 'The correction that answers it (1 = the claim\'s first, as in `corrections`).' }) correctionNumber: number;
  @Field(() => DateTimeScalar, { description: 'When the correction that answers it was published.' }) correctedAt: string;
}

@ObjectType({ description: 'A reader\'s correction request, as the desk sees it (editors only).', implements: () => [Node] })
export class CorrectionRequestNode {
  @Field(() => ID, { description: 'The same as requestId: its global id (node(id:) finds it, for editors and admins).' }) id?: string;
  @Field(() => ID, { description: 'The request\'s id.' }) requestId: string;
  @Field(() => ID, { description: 'The fact-check (claim) it is about.' }) claimId: string;
  @Field({ description: 'What the reader says is wrong (never public).' }) problem: string;
  @Field(() => String, { nullable: true, description: 'The reader\'s link to evidence; null when none.' }) evidenceUrl: string | null;
  @Field({ description: 'Whether the reader left a contact (read it with `contact`, editors only, until it is purged).' }) hasContact: boolean;
  @Field(() => CorrectionRequestStatusEnum, { description: 'Where it is in its handling.' }) status: CorrectionRequestStatus;
  @Field(() => DateTimeScalar, { description: 'When the reader sent it.' }) requestedAt: string;
  @Field(() => CorrectionRequestAcknowledgement, { nullable: true, description: 'Null unless acknowledged.' }) acknowledged: CorrectionRequestAcknowledgement | null;
  @Field(() => CorrectionRequestDecline, { nullable: true, description: 'Null unless declined.' }) declined: CorrectionRequestDecline | null;
  @Field(() => CorrectionRequestAcceptance, { nullable: true, description: 'Null unless accepted.' }) accepted: CorrectionRequestAcceptance | null;
}

@ObjectType({ description: 'The contact a reader left, kept privately until `expiresAt`.' })
export class CorrectionRequestContact {
  @Field({ description: 'What the reader left (e-mail or phone), as given.' }) contact: string;
  @Field(() => DateTimeScalar, { description: 'When it will be purged.' }) expiresAt: string;
}

@ObjectType({ description: 'A page of correction requests (Relay connection).' })
export class CorrectionRequestConnection extends Connection(CorrectionRequestNode, 'CorrectionRequestEdge') {
  @Field(() => Int, { description: 'How many requests match the filter in all.' }) totalCount: number;
}

@ObjectType({ description: 'How readers\' correction requests on this fact-check were handled: counts and the desk\'s public reasons; nothing a reader wrote or left.' })
export class CorrectionRequestSummaryType {
  @Field(() => Int, { description: 'Requests received.' }) received: number;
  @Field(() => Int, { description: 'Not yet resolved, acknowledged ones included.' }) open: number;
  @Field(() => Int, { description: 'Requests acknowledged and not yet resolved.' }) acknowledged: number;
  @Field(() => Int, { description: 'Requests declined.' }) declined: number;
  @Field(() => Int, { description: 'Requests accepted.' }) accepted: number;
  @Field(() => [String], { description: 'The desk\'s public reason for each declined request, oldest first.' }) declinedReasons: string[];
  @Field(() => [Int], { description: 'The corrections (numbers as in `corrections`) that answered accepted requests.' }) answeredByCorrections: number[];
}
