import { Inject, Module, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { ClaimsModule } from '../claims/claims.module';
import { ClaimsReadModel } from '../claims/read-model/claims.read-model';
import { registerProjections } from '../projections/projection-registry';
import { ReadModelsService } from '../projections/read-models.service';
import { CLOCK, systemClock } from '../shared/clock';
import { ClaimCorrectionRequestsResolver, CorrectionRequestsResolver } from './api/correction-requests.resolver';
import { CorrectionRequestLimiter } from './api/correction-request-limiter';
import { CONTACT_STORE } from './application/contact-store.port';
import { CorrectionRequestsService } from './application/correction-requests.service';
import { FACT_CHECKS, FactChecks } from './application/fact-checks.port';
import { READ_MODELS_REACH, ReadModelsReach } from './application/read-models.port';
import { SqliteContactStore } from './read-model/contact-store.sqlite';
import { correctionRequestProjections } from './read-model/correction-requests.projection';
import { CorrectionRequestsReadModel } from './read-model/correction-requests.read-model';

/** How often contacts past their retention are purged (besides at start). */
const PURGE_INTERVAL_MS = 60 * 60 * 1000;

/** The claims read model (the fact-check as published, with its corrections) as this feature's port. */
const factChecksProvider = {
  provide: FACT_CHECKS,
  inject: [ClaimsReadModel],
  useFactory: (claims: ClaimsReadModel): FactChecks => ({
    facts: (claimId) => {
      const claim = claims.get(claimId);
      // Another desk's fact-check is not ours to correct: a reader's request belongs with its publisher.
      return claim && claim.origin !== 'EXTERNAL' ? { claimId: claim.id, status: claim.status, corrections: claim.corrections.map((c) => ({ at: c.at })) } : null;
    },
  }),
};

/** Read-your-writes: a lagging read model is not a failure of the act, which is saved; the list catches up. */
const readModelsReachProvider = {
  provide: READ_MODELS_REACH,
  inject: [ReadModelsService],
  useFactory: (readModels: ReadModelsService): ReadModelsReach => ({
    reached: (position) => readModels.waitFor(position).catch(() => undefined),
  }),
};

const contactStoreProvider = {
  provide: CONTACT_STORE,
  inject: [APP_CONFIG],
  useFactory: (config: AppConfig) => new SqliteContactStore(config.DATA_DIR),
};

/**
 * Readers' correction requests (IFCN / EFCSN: corrections asked for and handled in the open): the
 * request and each editor's answer as events in the request's own stream, the editors' list and
 * the public summary on the fact-check, and the private, purged store of contact details.
 */
@Module({
  imports: [ClaimsModule],
  providers: [
    { provide: CLOCK, useValue: systemClock },
    factChecksProvider,
    readModelsReachProvider,
    contactStoreProvider,
    CorrectionRequestsService,
    CorrectionRequestsReadModel,
    CorrectionRequestLimiter,
    CorrectionRequestsResolver,
    ClaimCorrectionRequestsResolver,
    registerProjections('correction-requests', correctionRequestProjections),
  ],
  exports: [CorrectionRequestsReadModel],
})
export class CorrectionRequestsModule implements OnModuleInit, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly service: CorrectionRequestsService,
    @Inject(CONTACT_STORE) private readonly contacts: SqliteContactStore,
  ) {}

  onModuleInit(): void {
    this.service.purgeExpiredContacts();
    this.timer = setInterval(() => this.service.purgeExpiredContacts(), PURGE_INTERVAL_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
    this.contacts.close();
  }
}
