import { Module } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { ID_SECRET } from './application/command-ids';
import { CLOCK, systemClock } from '../shared/clock';
import { ClaimMutationsResolver } from './api/claim-mutations.resolver';
import { ClaimQueriesResolver } from './api/claim-queries.resolver';
import { PersonResolver } from './api/person.resolver';
import { CLAIM_COMMAND_HANDLERS } from './application/claim-command-handlers';
import { ClaimCommandPipeline } from './application/claim-command-pipeline';
import { ExternalFactCheckImport } from './application/external-fact-check-import';
import { DESK_POLICY, deskPolicyProvider } from './application/desk-policy';
import { ClaimLiveUpdates } from './read-model/claim-live-updates';
import { ClaimsReadModel } from './read-model/claims.read-model';
import { claimProjections } from './read-model/claims.projection';
import { registerProjections } from '../projections/projection-registry';
import { ReadModelsStopped, ReadModelTimeout } from '../projections/projection-runner';
import { ReadModelsService } from '../projections/read-models.service';
import { READ_YOUR_WRITES, ReadYourWrites } from './application/read-your-writes.port';
import { COMMAND_METRICS, CommandMetrics } from './application/command-metrics.port';
import { MetricsService } from '../observability/metrics.service';

/**
 * The command path waits on this instance's read models; a timeout (saved, lists lagging) and read
 * models that stopped (saved, lists need an operator) are answers, not failures.
 */
const readYourWritesProvider = {
  provide: READ_YOUR_WRITES,
  inject: [ReadModelsService],
  useFactory: (readModels: ReadModelsService): ReadYourWrites => ({
    reached: (position) =>
      readModels.waitFor(position).then(
        () => 'reached' as const,
        (error: unknown) => {
          if (error instanceof ReadModelTimeout) return 'lagging' as const;
          if (error instanceof ReadModelsStopped) return 'stopped' as const;
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

export const ID_SECRET_FILE = 'id-secret';

/**
 * The key ids are derived from mutationIds with: ID_SECRET when set (required in production), else
 * one generated on first start and kept in DATA_DIR/id-secret (mode 0600), so a retry after a
 * restart still finds the ids of its first attempt.
 */
export function resolveIdSecret(config: Pick<AppConfig, 'ID_SECRET' | 'DATA_DIR'>): string {
  if (config.ID_SECRET) return config.ID_SECRET;
  const file = join(config.DATA_DIR, ID_SECRET_FILE);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(config.DATA_DIR, { recursive: true });
  const secret = randomBytes(32).toString('hex');
  try {
    writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    // Another process created it first: use theirs.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return readFileSync(file, 'utf8').trim();
    throw error;
  }
  return secret;
}

const idSecretProvider = { provide: ID_SECRET, inject: [APP_CONFIG], useFactory: resolveIdSecret };

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
    idSecretProvider,
    ClaimCommandPipeline,
    ExternalFactCheckImport,
    ...CLAIM_COMMAND_HANDLERS,
    ClaimsReadModel,
    ClaimLiveUpdates,
    ClaimMutationsResolver,
    ClaimQueriesResolver,
    PersonResolver,
    registerProjections('claims', claimProjections),
  ],
  exports: [ClaimsReadModel, DESK_POLICY, ExternalFactCheckImport, ID_SECRET, READ_YOUR_WRITES],
})
export class ClaimsModule {}
