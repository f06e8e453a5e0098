import { Module } from '@nestjs/common';
import { CLOCK, systemClock } from '../common/clock';
import { ExecuteClaimCommandHandler } from './commands/execute-claim-command';
import { deskPolicyProvider } from './desk-policy';
import { ClaimResolver } from './graphql/claim.resolver';
import { GetClaimQueryHandler } from './queries/get-claim.query';

/** The fact-check desk: claims, citations, verdicts, publication and corrections. */
@Module({
  providers: [{ provide: CLOCK, useValue: systemClock }, deskPolicyProvider, ExecuteClaimCommandHandler, GetClaimQueryHandler, ClaimResolver],
})
export class FactCheckModule {}
