import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AppConfig } from '../config/app-config';

export const DEV_SECRET_FILE = 'dev-jwt-secret';

export interface SigningSecret {
  secret?: string;
  /** Set when the secret was generated or loaded from DATA_DIR rather than configured. */
  generatedAt?: string;
  created?: boolean;
}

/**
 * The HS256 secret to verify (and, for `npm run token`, sign) tokens with. Outside production,
 * when none is configured, one is generated on first start and kept in DATA_DIR so tokens
 * minted earlier stay valid across restarts. Production refuses to start without one (see config).
 */
export function resolveSigningSecret(config: AppConfig): SigningSecret {
  if (config.AUTH_JWT_SECRET) return { secret: config.AUTH_JWT_SECRET };
  if (config.isProduction || config.AUTH_JWKS_URL) return {};
  const file = join(config.DATA_DIR, DEV_SECRET_FILE);
  if (existsSync(file)) return { secret: readFileSync(file, 'utf8').trim(), generatedAt: file, created: false };
  mkdirSync(config.DATA_DIR, { recursive: true });
  const secret = randomBytes(32).toString('hex');
  try {
    writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    // Another process (a second instance, `npm run token`) created it first: use theirs.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return resolveSigningSecret(config);
    throw error;
  }
  return { secret, generatedAt: file, created: true };
}

/** Where a client (the import command) found the secret to sign with, without creating anything. */
export type SigningSecretLookup =
  | { found: true; secret: string; source: 'AUTH_JWT_SECRET' }
  | { found: true; secret: string; source: 'DATA_DIR'; file: string }
  | { found: false; file: string; reason: 'missing' | 'jwks-only' | 'production' };

/**
 * The secret a client signs with: AUTH_JWT_SECRET, or the development secret the service keeps in its
 * DATA_DIR. Read-only: unlike resolveSigningSecret, a missing file is reported and never created, so
 * a client run with the wrong DATA_DIR leaves no stray secret behind that the service would not share.
 */
export function lookUpSigningSecret(config: AppConfig): SigningSecretLookup {
  const file = resolve(config.DATA_DIR, DEV_SECRET_FILE);
  if (config.AUTH_JWT_SECRET) return { found: true, secret: config.AUTH_JWT_SECRET, source: 'AUTH_JWT_SECRET' };
  if (config.AUTH_JWKS_URL) return { found: false, file, reason: 'jwks-only' };
  if (config.isProduction) return { found: false, file, reason: 'production' };
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { found: false, file, reason: 'missing' };
    throw error;
  }
  const secret = text.trim();
  if (!secret) return { found: false, file, reason: 'missing' };
  return { found: true, secret, source: 'DATA_DIR', file };
}
