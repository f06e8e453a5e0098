import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AppConfig } from '../../config/app-config';
import type { LogCrypto } from '../domain/crypto';
import { ed25519KeyPair, ed25519Signer } from '../domain/note';
import type { LogSigner } from '../application/transparency-log.service';

export const DEV_LOG_KEY_FILE = 'log-signing-key';

/**
 * The log's Ed25519 signer: LOG_SIGNING_KEY (a C2SP signer key, `PRIVATE+KEY+<name>+<id>+<key>`),
 * or, outside production, one generated on first start into DATA_DIR/log-signing-key (mode 0600,
 * named after the origin) and kept, like the development JWT secret. Production refuses to start
 * without LOG_SIGNING_KEY (see config).
 */
export function resolveLogSigner(config: AppConfig, crypto: LogCrypto): LogSigner & { generatedAt?: string } {
  if (config.LOG_SIGNING_KEY) {
    try {
      return ed25519Signer(crypto, config.LOG_SIGNING_KEY);
    } catch (error) {
      throw new Error(`LOG_SIGNING_KEY is not a usable signer key: ${(error as Error).message}`);
    }
  }
  if (config.isProduction) throw new Error('NODE_ENV=production needs LOG_SIGNING_KEY');
  const file = join(config.DATA_DIR, DEV_LOG_KEY_FILE);
  if (!existsSync(file)) {
    mkdirSync(config.DATA_DIR, { recursive: true });
    const { skey } = ed25519KeyPair(crypto, config.logOrigin, new Uint8Array(randomBytes(32)));
    try {
      writeFileSync(file, `${skey}\n`, { mode: 0o600, flag: 'wx' });
    } catch (error) {
      // Another process created it first: use theirs.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  try {
    return { ...ed25519Signer(crypto, readFileSync(file, 'utf8').trim()), generatedAt: file };
  } catch (error) {
    throw new Error(`${file} does not hold a usable signer key (delete it to have a new one generated): ${(error as Error).message}`);
  }
}
