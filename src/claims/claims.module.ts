import { Module } from '@nestjs/common';
import { CLOCK, systemClock } from '../shared/clock';
import { ClaimMutationsResolver } from './api/claim-mutations.resolver';
import { ClaimQueriesResolver } from './api/claim-queries.resolver';
import { CLAIM_COMMAND_HANDLERS } from './application/claim-command-handlers';
import { ClaimCommandPipeline } from './application/claim-command-pipeline';
import { DESK_POLICY, deskPolicyProvider } from './application/desk-policy';
import { ClaimLiveUpdates } from './read-model/claim-live-updates';
import { ClaimsReadModel } from './read-model/claims.read-model';
import { claimProjections } from './read-model/claims.projection';
import { registerProjections } from '../projections/projection-registry';
import { ReadModelTimeout } from '../projections/projection-runner';
import { ReadModelsService } from '../projections/read-models.service';
import { READ_YOUR_WRITES, ReadYourWrites } from './application/read-your-writes.port';
import { COMMAND_METRICS, CommandMetrics } from './application/command-metrics.port';
import { MetricsService } from '../observability/metrics.service';

/** The command path waits on this instance's read models; a timeout is an answer (saved, lists lagging), not a failure. */
const readYourWritesProvider = {
  provide: READ_YOUR_WRITES,
  inject: [ReadModelsService],
  useFactory: (readModels: ReadModelsService): ReadYourWrites => ({
    reached: (position) =>
      readModels.waitFor(position).then(
        () => true,
        (error: unknown) => {
          if (error instanceof ReadModelTimeout) return false;
          throw error;
        },
      ),
  }),
};

/** The command path's timings go to this instance's Prometheus histogram (labels: command, outcome). */
const commandMetricsProvider = {
  provide: COMMAND_METRICS,
  inject: [MetricsService],
  useFactory: (metrics: MetricsService): CommandMetrics => ({
    startTimer: () => {
      const end = metrics.commandDuration.startTimer();
      return (labels) => {
        end(labels);
      };
    },
  }),
};

/**
 * The claim as a feature: its rules (domain), the command path (application), the claim list and
 * live updates (read-model) and the GraphQL mutations, queries and subscriptions (api).
 */
@Module({
  providers: [
    { provide: CLOCK, useValue: systemClock },
    deskPolicyProvider,
    readYourWritesProvider,
    commandMetricsProvider,
    ClaimCommandPipeline,
    ...CLAIM_COMMAND_HANDLERS,
    ClaimsReadModel,
    ClaimLiveUpdates,
    ClaimMutationsResolver,
    ClaimQueriesResolver,
    registerProjections('claims', claimProjections),
  ],
  exports: [ClaimsReadModel, DESK_POLICY],
})
export class ClaimsModule {}
