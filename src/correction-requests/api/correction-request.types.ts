import { Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Connection } from '../../graphql/connection';
import { EnumListField, IdField, IntField, TextField, UrlField } from '../../graphql/fields';
import { Claim, Person } from '../../claims/api/claim.types';
import { MutationIdField } from '../../claims/api/claim.fields';
import { Node } from '../../graphql/node/node.interface';
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

@InputType()
export class CorrectionRequestIdInput {
  @IdField()
  requestId: string;
}

@InputType()
export class DeclineCorrectionRequestInput extends CorrectionRequestIdInput {
  @TextField(CORRECTION_LIMITS.publicReason, { notBlank: true, description: 'Why the fact-check stands as it is: shown to the public.' })
  publicReason: string;
}

@InputType()
export class AcceptCorrectionRequestInput extends CorrectionRequestIdInput {
  @IntField({ min: 1, description: 'The correction (1 = the claim\'s first, as listed in `corrections`) that answers the request; published after the request.' })
  correctionNumber: number;
}

@InputType({ description: 'Every field narrows the list; leave it out to not filter on it.' })
export class CorrectionRequestFilterInput {
  @EnumListField(CorrectionRequestStatusEnum, { nullable: true, maxItems: 4, repeats: 'dedupe' })
  status?: CorrectionRequestStatus[];

  @IdField({ nullable: true })
  claimId?: string;
}

@ObjectType({ description: 'Where a correction-request act landed.' })
export class CorrectionRequestResult {
  @Field(() => ID) requestId: string;
  @Field(() => ID) claimId: string;
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

@ObjectType()
export class CorrectionRequestAcknowledgement {
  @Field(() => Person) by: Person;
  @Field() at: string;
}

@ObjectType()
export class CorrectionRequestDecline {
  @Field(() => Person) by: Person;
  @Field() at: string;
  @Field() publicReason: string;
}

@ObjectType()
export class CorrectionRequestAcceptance {
  @Field(() => Person) by: Person;
  @Field() at: string;
  @Field(() => Int) correctionNumber: number;
  @Field({ description: 'When the correction that answers it was published.' }) correctedAt: string;
}

@ObjectType({ description: 'A reader\'s correction request, as the desk sees it (editors only).', implements: () => [Node] })
export class CorrectionRequestNode {
  @Field(() => ID, { description: 'The same as requestId: its global id (node(id:) finds it, for editors and admins).' }) id?: string;
  @Field(() => ID) requestId: string;
  @Field(() => ID) claimId: string;
  @Field() problem: string;
  @Field(() => String, { nullable: true }) evidenceUrl: string | null;
  @Field({ description: 'Whether the reader left a contact (read it with `contact`, editors only, until it is purged).' }) hasContact: boolean;
  @Field(() => CorrectionRequestStatusEnum) status: CorrectionRequestStatus;
  @Field() requestedAt: string;
  @Field(() => CorrectionRequestAcknowledgement, { nullable: true }) acknowledged: CorrectionRequestAcknowledgement | null;
  @Field(() => CorrectionRequestDecline, { nullable: true }) declined: CorrectionRequestDecline | null;
  @Field(() => CorrectionRequestAcceptance, { nullable: true }) accepted: CorrectionRequestAcceptance | null;
}

@ObjectType({ description: 'The contact a reader left, kept privately until `expiresAt`.' })
export class CorrectionRequestContact {
  @Field() contact: string;
  @Field() expiresAt: string;
}

@ObjectType()
export class CorrectionRequestConnection extends Connection(CorrectionRequestNode, 'CorrectionRequestEdge') {
  @Field(() => Int) totalCount: number;
}

@ObjectType({ description: 'How readers\' correction requests on this fact-check were handled: counts and the desk\'s public reasons; nothing a reader wrote or left.' })
export class CorrectionRequestSummaryType {
  @Field(() => Int) received: number;
  @Field(() => Int, { description: 'Not yet resolved, acknowledged ones included.' }) open: number;
  @Field(() => Int) acknowledged: number;
  @Field(() => Int) declined: number;
  @Field(() => Int) accepted: number;
  @Field(() => [String], { description: 'The desk\'s public reason for each declined request, oldest first.' }) declinedReasons: string[];
  @Field(() => [Int], { description: 'The corrections (numbers as in `corrections`) that answered accepted requests.' }) answeredByCorrections: number[];
}
