import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { EVENT_STORE, EventStore } from '../../event-store/event-store.port';
import type { LogCrypto } from '../domain/crypto';
import { Rfc6962Hasher } from '../domain/merkle';
import type { NoteSigner } from '../domain/note';
import { CheckpointPublisher } from './checkpoint-publisher';
import { LogAppender } from './log-appender';
import { LogAudit } from './log-audit';
import { LogProofs } from './log-proofs';
import { LOG_CRYPTO, LOG_SIGNER, TRANSPARENCY_LOG_STORE, type TransparencyLogStore } from './log-store.port';

export interface TransparencyLogHealth {
  status: string;
  /** Leaves committed. */
  size: number;
  /** The event-log position of the last event appended (null: none). */
  position: number | null;
  /** The latest signed checkpoint's size and time. */
  checkpointSize: number | null;
  checkpointSignedAt: string | null;
  error?: string;
}

/** The log's signer: the note signer and its verifier key (the C2SP vkey). */
export type LogSigner = NoteSigner & { vkey: string };

/**
 * The transparency log of this instance: the appender following the event store, the checkpoint
 * publisher, and the proofs, over the log's own store (DATA_DIR/transparency-log.sqlite).
 */
@Injectable()
export class TransparencyLogService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('TransparencyLog');
  readonly appender: LogAppender;
  readonly publisher: CheckpointPublisher;
  readonly proofs: LogProofs;
  /** The event log checked against the tree (verifyAllAuditTrails). */
  readonly audit: LogAudit;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(EVENT_STORE) events: EventStore,
    @Inject(TRANSPARENCY_LOG_STORE) private readonly store: TransparencyLogStore,
    @Inject(LOG_CRYPTO) crypto: LogCrypto,
    @Inject(LOG_SIGNER) private readonly signer: LogSigner,
  ) {
    const hasher = new Rfc6962Hasher(crypto);
    this.appender = new LogAppender(store, events, hasher, {
      onCommitted: () => {
        try {
          this.publisher.treeGrew();
        } catch (error) {
          // The leaves are committed; the next batch (or restart) signs again. Never let it crash the process.
          this.logger.error(`Could not sign a checkpoint: ${(error as Error).message}`);
        }
      },
      onFailed: (error) => this.logger.error(`The transparency log stopped: ${error.message}`),
    });
    this.publisher = new CheckpointPublisher(store, this.appender, {
      origin: config.logOrigin,
      signer,
      intervalMs: config.LOG_CHECKPOINT_INTERVAL_MS,
      onError: (error) => this.logger.error(`Could not sign a checkpoint: ${error.message}`),
    });
    this.proofs = new LogProofs(store, hasher);
    this.audit = new LogAudit(store, hasher);
  }

  get verifierKey(): string {
    return this.signer.vkey;
  }

  /** For operators (GET /health/ready's details): how far the tree is, and whether it stopped. */
  health(): TransparencyLogHealth {
    const latest = this.store.latestCheckpoint();
    return {
      status: this.appender.status,
      size: this.appender.size,
      position: this.appender.position,
      checkpointSize: latest?.size ?? null,
      checkpointSignedAt: latest?.signedAt.toISOString() ?? null,
      ...(this.appender.error ? { error: this.appender.error.message } : {}),
    };
  }

  onApplicationBootstrap(): void {
    this.publisher.start();
    this.appender.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.appender.stop();
    this.publisher.stop();
    this.store.close();
  }
}
