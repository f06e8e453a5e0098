/** Writes schema.gql from the code: boots the app (on a throwaway data dir, without listening) and prints its schema. */
import 'reflect-metadata';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../src/bootstrap';
import { loadConfig } from '../src/config/app-config';
import { printApiSchema, SCHEMA_FILE } from '../src/graphql/print-schema';
import { JsonLogger } from '../src/logging/json-logger';

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'factcheck-schema-'));
  try {
    const config = loadConfig({ NODE_ENV: 'development', DATA_DIR: dataDir, AUTH_JWT_SECRET: 'x'.repeat(32) });
    const app = await createApp(config, new JsonLogger('error'));
    await app.init();
    writeFileSync(join(__dirname, '..', SCHEMA_FILE), printApiSchema(app));
    await app.close();
    process.stdout.write(`Wrote ${SCHEMA_FILE}\n`);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
