/**
 * The Yekaterinburg case, worked through the service:
 *   npm run demo
 * Uses the service answering on PORT (or SERVICE_URL); when none answers, starts one on the
 * embedded store in DATA_DIR and leaves it running. Loads the demo case through the service's import
 * endpoint (again and again without duplicating anything), then prints a short tour.
 */
import 'reflect-metadata';
import { ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lookUpSigningSecret } from '../src/auth/dev-secret';
import { issueToken } from '../src/auth/token-issuer';
import { ImportError, importCaseFile } from '../src/case-file/case-file.importer';
import { loadCaseFile } from '../src/case-file/case-file.load';
import { fileKeyIds, planClaim } from '../src/case-file/case-file.plan';
import { deskPolicyFrom } from '../src/claims/application/desk-policy';
import { loadConfig } from '../src/config/app-config';

const CASE_FILE = join(__dirname, '..', 'case-files', 'yekaterinburg-2025.json');
const out = (line = '') => process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  const config = loadConfig();
  const url = process.env.SERVICE_URL ?? `http://127.0.0.1:${config.PORT}`;
  let child: ChildProcess | undefined;
  if (!(await answers(url))) {
    out(`No service answers at ${url}: starting one on the embedded store in ${config.DATA_DIR} ...`);
    child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', join(__dirname, '..', 'src', 'main.ts')], { stdio: ['ignore', 'ignore', 'inherit'], env: process.env });
    const deadline = Date.now() + 60_000;
    while (!(await answers(url))) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error('The service did not start; run "npm start" in another shell to see why');
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  const policy = deskPolicyFrom(config);
  // As bytes, decoded strictly like any case file: the demo goes through the same checks as an import.
  const loaded = loadCaseFile(readFileSync(CASE_FILE), policy.scale, policy.minReviewers, new Date(), CASE_FILE);
  if (!loaded.ok) throw new Error(`The demo case file is invalid:\n${loaded.problems.map((p) => `  ${p.path}: ${p.message}`).join('\n')}`);
  const caseFile = loaded.caseFile;
  // Read-only: a demo pointed at another deployment's service must not leave a secret of its own in DATA_DIR.
  const lookup = lookUpSigningSecret(config);
  if (!lookup.found) {
    throw new Error(
      lookup.reason === 'missing'
        ? `no development secret in DATA_DIR=${config.DATA_DIR}: the service keeps it in its own DATA_DIR; run the demo from the service's directory or set DATA_DIR`
        : 'The demo needs AUTH_JWT_SECRET to act as the desk\'s people',
    );
  }
  const secret = lookup.secret;
  const tokenFor = (person: { id: string; name: string; roles: string[] }) =>
    issueToken(secret, { sub: person.id, name: person.name, roles: person.roles, expiresIn: '1h', issuer: config.AUTH_JWT_ISSUER, audience: config.AUTH_JWT_AUDIENCE });

  const importToken = await tokenFor({ id: 'case-importer', name: 'Case importer', roles: ['importer'] });
  const report = await importCaseFile(caseFile, { url, token: importToken }).catch((error: unknown) => {
    if (error instanceof ImportError) throw new Error(`The demo case could not be imported: ${error.message}`);
    throw error;
  });
  out(`\n== ${caseFile.title}`);
  out(
    `Loaded ${report.claims.length} claims through the service's import: ${report.acts.total} acts, ${report.acts.alreadyImported} of them already imported by an earlier run` +
      `${report.atomic ? ', in one transaction' : ''}.`,
  );
  // The ids derive from the case file and this installation's ID_SECRET: the README's queries take them as $id.
  out('\n-- The claims and their ids on this installation (status as the service reads it back)');
  for (const c of report.claims) out(`  ${c.claimId}  ${c.status.padEnd(10)} ${c.key}`);

  const editorId = Object.keys(caseFile.people).find((id) => caseFile.people[id].roles.includes('editor')) as string;
  const token = await tokenFor({ id: editorId, ...caseFile.people[editorId] });
  const gql = async <T>(query: string, variables: Record<string, unknown> = {}): Promise<T> => {
    const response = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }) });
    const body = (await response.json()) as { data: T; errors?: { message: string }[] };
    if (body.errors?.length) throw new Error(body.errors[0].message);
    return body.data;
  };

  const { deskCounts } = await gql<{ deskCounts: Record<string, number> }>('{ deskCounts { draft inReview published rejected retracted total } }');
  out(`\n-- The desk's dashboard\n${Object.entries(deskCounts).map(([k, v]) => `  ${k.padEnd(10)} ${v}`).join('\n')}`);

  // The tour's fact-check: a corrected one, so its history shows a correction; published, so it has a page.
  const corrected =
    report.claims.find((c, i) => c.status === 'PUBLISHED' && [...planClaim(caseFile, caseFile.claims[i], fileKeyIds(caseFile.claims[i]))].some((s) => s.mutation === 'correctFactCheck')) ??
    report.claims.find((c) => c.status === 'PUBLISHED');
  if (!corrected) throw new Error(`The demo case published no fact-check (statuses: ${report.claims.map((c) => c.status).join(', ')})`);
  const { claim } = await gql<{ claim: ClaimView }>(
    `query($id: ID!) { claim(id: $id) { id statement status claimant { name } claimDate
      publication { rating summary publishedAt } corrections { note previousRating newRating at }
      citations { publisher publishedAt excerpt stance } verdicts { reviewer { name } rating rationale revisions } } }`,
    { id: corrected.claimId },
  );
  out(`\n-- A fact-check: ${claim.id}`);
  out(`  Claim:    "${claim.statement}" (${claim.claimant.name}, ${claim.claimDate})`);
  out(`  Rating:   ${claim.publication?.rating} - ${claim.publication?.summary}`);
  for (const c of claim.corrections) out(`  Corrected ${c.at.slice(0, 10)}: ${c.previousRating} -> ${c.newRating}. ${c.note}`);
  out('  Evidence:');
  for (const c of claim.citations) out(`    [${c.stance}] ${c.publisher}, ${c.publishedAt ?? 'undated'}: "${c.excerpt}"`);
  out('  Verdicts:');
  for (const v of claim.verdicts) out(`    ${v.reviewer.name}: ${v.rating}${v.revisions ? ` (revised ${v.revisions}x)` : ''} - ${v.rationale}`);

  const { claimHistory } = await gql<{ claimHistory: { edges: { node: { revision: number; recordedAt: string; summary: string } }[] } }>(
    'query($id: ID!) { claimHistory(claimId: $id, first: 100) { edges { node { revision recordedAt summary } } } }',
    { id: corrected.claimId },
  );
  out('\n-- Its history, from the event log');
  for (const { node } of claimHistory.edges) out(`  #${String(node.revision).padStart(2)} ${node.summary}`);

  const claimReview = (await (await fetch(`${url}/claims/${corrected.claimId}/claim-review.jsonld`)).json()) as { url?: unknown };
  out(`\n-- Its ClaimReview (GET ${url}/claims/${corrected.claimId}/claim-review.jsonld)`);
  out(JSON.stringify(claimReview, null, 2));
  // The page's address as the service publishes it (its PUBLIC_BASE_URL, which only the service knows).
  if (typeof claimReview.url !== 'string') throw new Error(`The ClaimReview of ${corrected.claimId} has no url: ${JSON.stringify(claimReview)}`);

  out(`\nNext: the README's "Try it" queries, with a token from: npm run token -- --sub ${editorId} --roles editor`);
  if (child) out(`The service keeps running at ${url} (embedded store in ${config.DATA_DIR}); Ctrl+C stops it.`);
  out(`\n-- Its public page, for readers (no token needed)\n  ${claimReview.url}`);
  if (child) {
    const stop = () => child?.kill('SIGTERM');
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    await new Promise((resolve) => child?.once('exit', resolve));
  }
}

interface ClaimView {
  id: string;
  statement: string;
  status: string;
  claimant: { name: string };
  claimDate: string;
  publication: { rating: string; summary: string; publishedAt: string } | null;
  corrections: { note: string; previousRating: string; newRating: string; at: string }[];
  citations: { publisher: string; publishedAt: string | null; excerpt: string; stance: string }[];
  verdicts: { reviewer: { name: string }; rating: string; rationale: string; revisions: number }[];
}

async function answers(url: string): Promise<boolean> {
  return fetch(`${url}/health`).then(
    (r) => r.status === 200 || r.status === 503,
    () => false,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
