/**
 * Imports a case file into the running service through its GraphQL API:
 *   npm run import -- path/to/case.json
 * The file is validated completely first (shape, references, and the desk's rules in a dry run);
 * a file with problems is refused with each problem's place in the file, and nothing is imported.
 * Re-running an import changes nothing. SERVICE_URL overrides http://127.0.0.1:$PORT.
 */
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { resolveSigningSecret } from '../src/auth/dev-secret';
import { issueToken } from '../src/auth/token-issuer';
import { importCaseFile } from '../src/case-file/case-file.importer';
import { loadCaseFile } from '../src/case-file/case-file.load';
import { deskPolicyFrom } from '../src/claims/application/desk-policy';
import { loadConfig } from '../src/config/app-config';

async function main(): Promise<void> {
  const file = process.argv[2];
  if (!file) throw new Error('Usage: npm run import -- path/to/case.json');
  const config = loadConfig();
  const url = process.env.SERVICE_URL ?? `http://127.0.0.1:${config.PORT}`;

  const policy = deskPolicyFrom(config);
  const loaded = loadCaseFile(readFileSync(file, 'utf8'), policy.scale, policy.minReviewers);
  if (!loaded.ok) {
    process.stderr.write(`${file} is not a valid case file; nothing was imported:\n${loaded.problems.map((p) => `  - ${p.path}: ${p.message}`).join('\n')}\n`);
    process.exit(1);
  }
  const { secret } = resolveSigningSecret(config);
  if (!secret) throw new Error('Importing needs AUTH_JWT_SECRET (or the development secret) to act as each person of the file');
  const healthy = await fetch(`${url}/health`).then((r) => r.ok, () => false);
  if (!healthy) throw new Error(`No service answers at ${url}: start it with "npm start" (or set SERVICE_URL)`);

  const report = await importCaseFile(loaded.caseFile, {
    url,
    tokenFor: (person) => issueToken(secret, { sub: person.id, name: person.name, roles: person.roles, expiresIn: '1h', issuer: config.AUTH_JWT_ISSUER, audience: config.AUTH_JWT_AUDIENCE }),
  });
  process.stdout.write(`Imported "${loaded.caseFile.title}" into ${url}: ${report.claims.length} claims, ${report.mutations} acts (${report.replayed} already done before).\n`);
  for (const claim of report.claims) process.stdout.write(`  ${claim.status.padEnd(10)} ${claim.claimId}  ${claim.key}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
