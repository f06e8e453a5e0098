import { Logger, Module } from '@nestjs/common';
import { join } from 'node:path';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { PublicAddress } from '../config/public-address';
import { LOG_CRYPTO, LOG_SIGNER, TRANSPARENCY_LOG_STORE } from './application/log-store.port';
import { LogCosignatures } from './application/log-cosignatures';
import type { LogSigner } from './application/transparency-log.service';
import { SqliteCosignatureStore } from './adapters/sqlite-cosignature-store';
import { TransparencyLogService } from './application/transparency-log.service';
import { resolveLogSigner } from './adapters/log-signing-key';
import { nodeLogCrypto } from './adapters/node-log-crypto';
import { LOG_FILE, SqliteLogStore } from './adapters/sqlite-log-store';
import { LogController } from './api/log.controller';
import { LogResolver } from './api/log.resolver';
import { ClaimsModule } from '../claims/claims.module';
import { claimStream } from '../claims/application/claim-stream';
import { ClaimsReadModel, PUBLIC_STATUSES } from '../claims/read-model/claims.read-model';
import { factCheckUrl } from '../claim-review/claim-review.builder';
import { EVENT_STORE, EventStore } from '../event-store/event-store.port';
import { FactCheckProofs } from './application/fact-check-proofs';
import { Rfc6962Hasher } from './domain/merkle';
import type { LogCrypto } from './domain/crypto';
import type { TransparencyLogStore } from './application/log-store.port';
import { FactCheckProofsController } from './api/fact-check-proofs.controller';
import { FactCheckProofResolver } from './api/fact-check-proof.resolver';

/**
 * The transparency log (issue 16): a signed RFC 6962 Merkle tree over every event, in global order,
 * built by its own consumer of the event store into DATA_DIR/transparency-log.sqlite; public
 * checkpoints and proofs at GET /log/* and in GraphQL.
 */
@Module({
  imports: [ClaimsModule],
  providers: [
    { provide: LOG_CRYPTO, useValue: nodeLogCrypto },
    { provide: TRANSPARENCY_LOG_STORE, inject: [APP_CONFIG], useFactory: (config: AppConfig) => new SqliteLogStore(join(config.DATA_DIR, LOG_FILE)) },
    {
      provide: LOG_SIGNER,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => {
        const signer = resolveLogSigner(config, nodeLogCrypto);
        if (signer.generatedAt) new Logger('TransparencyLog').warn(`Signing checkpoints with the development key in ${signer.generatedAt}; set LOG_SIGNING_KEY in production`);
        return signer;
      },
    },
    TransparencyLogService,
    {
      // Witnesses' cosignatures (LOG_WITNESS_KEYS), in the same SQLite file through their own adapter.
      provide: LogCosignatures,
      inject: [APP_CONFIG, LOG_SIGNER],
      useFactory: (config: AppConfig, signer: LogSigner) =>
        new LogCosignatures(new SqliteCosignatureStore(join(config.DATA_DIR, LOG_FILE)), nodeLogCrypto, config.logWitnessKeys, signer),
    },
    LogResolver,
    {
      // A fact-check's bundle is public exactly when its ClaimReview's visibility rule says so (PUBLIC_STATUSES).
      provide: FactCheckProofs,
      inject: [EVENT_STORE, TRANSPARENCY_LOG_STORE, LOG_CRYPTO, ClaimsReadModel, PublicAddress],
      useFactory: (events: EventStore, store: TransparencyLogStore, crypto: LogCrypto, claims: ClaimsReadModel, address: PublicAddress) =>
        new FactCheckProofs(events, store, new Rfc6962Hasher(crypto), { publicUrlOf: (id) => (claims.get(id, PUBLIC_STATUSES) ? factCheckUrl(address.baseUrl, id) : undefined) }, claimStream),
    },
    FactCheckProofResolver,
  ],
  controllers: [LogController, FactCheckProofsController],
  exports: [TransparencyLogService, FactCheckProofs],
})
export class TransparencyLogModule {}
