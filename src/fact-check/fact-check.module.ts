import { Module } from '@nestjs/common';
import { CLOCK, systemClock } from '../common/clock';
import { ExecuteClaimCommandHandler } from './commands/execute-claim-command';
import { deskPolicyProvider } from './desk-policy';
import { ClaimResolver } from './graphql/claim.resolver';

/** The fact-check desk's write side: claims, citations, verdicts, publication and corrections. */
@Module({
  providers: [{ provide: CLOCK, useValue: systemClock }, deskPolicyProvider, ExecuteClaimCommandHandler, ClaimResolver],
})
export class FactCheckModule {}
