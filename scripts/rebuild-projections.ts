/**
 * Rebuilds the read models from the event log:
 *   npm run projections:rebuild
 * When the service answers on PORT, it is asked to rebuild (it keeps serving from the old read
 * models until the new ones have caught up). Otherwise the read models in DATA_DIR are rebuilt
 * here, offline, under DATA_DIR's lock: refused while a service holds it (one that answers on
 * another port than PORT: set PORT or SERVICE_URL to reach it).
 */
import 'reflect-metadata';
import { allProjections } from '../src/all-projections';
import { join } from 'node:path';
import { resolveSigningSecret } from '../src/auth/dev-secret';
import { issueToken } from '../src/auth/token-issuer';
import { loadConfig } from '../src/config/app-config';
import { DataDirLocked, lockDataDir } from '../src/config/data-dir-lock';
import { createEventStore } from '../src/event-store/event-store.module';
import { ReadModelGenerations } from '../src/projections/read-model-generations';
import { READ_MODELS_DIR } from '../src/projections/read-models.service';

async function main(): Promise<void> {
  const config = loadConfig();
  const url = process.env.SERVICE_URL ?? `http://127.0.0.1:${config.PORT}`;
  const running = await fetch(`${url}/health`).then(
    (r) => r.ok || r.status === 503,
    () => false,
  );

  if (running) {
    const { secret } = resolveSigningSecret(config);
    const token = process.env.ADMIN_TOKEN ?? (secret ? await issueToken(secret, { sub: 'projections-rebuild', name: 'Projection rebuild', roles: ['admin'], expiresIn: '10m', issuer: config.AUTH_JWT_ISSUER, audience: config.AUTH_JWT_AUDIENCE }) : undefined);
    if (!token) throw new Error('The service is running with AUTH_JWKS_URL only: pass an admin token in ADMIN_TOKEN');
    process.stdout.write(`Asking the service at ${url} to rebuild its read models...\n`);
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: 'mutation { rebuildReadModels { file eventsApplied durationMs } }' }),
    });
    const body = (await response.json()) as { data?: { rebuildReadModels: { file: string; eventsApplied: number; durationMs: number } }; errors?: { message: string }[] };
    if (body.errors?.length) throw new Error(body.errors.map((e) => e.message).join('; '));
    const report = body.data!.rebuildReadModels;
    process.stdout.write(`Rebuilt ${report.file}: ${report.eventsApplied} events in ${report.durationMs} ms\n`);
    return;
  }

  let lock;
  try {
    lock = lockDataDir(config.DATA_DIR);
  } catch (error) {
    if (error instanceof DataDirLocked) throw new Error(`No service answers at ${url}, but ${error.message} Point SERVICE_URL (or PORT) at that service to rebuild through it.`);
    throw error;
  }
  process.stdout.write(`No service answers at ${url}: rebuilding the read models in ${config.DATA_DIR} offline...\n`);
  const store = createEventStore(config);
  const generations = new ReadModelGenerations(join(config.DATA_DIR, READ_MODELS_DIR), allProjections, store, {
    log: (m) => process.stdout.write(`${m}\n`),
    warn: (m) => process.stdout.write(`${m}\n`),
    error: (m) => process.stderr.write(`${m}\n`),
  });
  generations.start();
  const report = await generations.rebuild('npm run projections:rebuild');
  await generations.stop();
  await store.close();
  lock.release();
  process.stdout.write(`Rebuilt ${report.file}: ${report.eventsApplied} events in ${report.durationMs} ms\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
