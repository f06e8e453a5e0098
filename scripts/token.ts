/**
 * Prints a bearer token for the running configuration (same DATA_DIR / AUTH_JWT_SECRET as the service):
 *   npm run token -- --sub alice --name "Alice Reviewer" --roles reviewer,editor [--ttl 8h]
 * The ttl may not exceed AUTH_MAX_TOKEN_LIFETIME (24h unless configured): the service would refuse the token.
 */
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { resolveSigningSecret } from '../src/auth/dev-secret';
import { issueToken } from '../src/auth/token-issuer';
import { loadConfig } from '../src/config/app-config';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      sub: { type: 'string' },
      name: { type: 'string' },
      roles: { type: 'string', default: '' },
      ttl: { type: 'string', default: '8h' },
    },
  });
  const config = loadConfig();
  const { secret } = resolveSigningSecret(config);
  if (!secret) {
    throw new Error('This deployment verifies tokens from an identity provider (AUTH_JWKS_URL) and has no shared secret: get a token from the provider.');
  }
  const roles = values.roles.split(',').map((r) => r.trim()).filter(Boolean);
  const token = await issueToken(secret, {
    sub: values.sub ?? '',
    name: values.name,
    roles,
    expiresIn: values.ttl,
    issuer: config.AUTH_JWT_ISSUER,
    audience: config.AUTH_JWT_AUDIENCE,
    maxLifetimeSeconds: config.authMaxTokenLifetimeSeconds,
  });
  process.stdout.write(`${token}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
