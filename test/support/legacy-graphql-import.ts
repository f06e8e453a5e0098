/**
 * The importer as it was before POST /cases/import: one GraphQL mutation per act, each with its
 * person's token. Kept only so that tests can prove claims imported that way are recognised by the new
 * endpoint and not duplicated.
 */
import type { Actor } from '../../src/shared/actor';
import { MUTATION_INPUT_TYPES } from '../../src/claims/api/mutation-input-types';
import { planClaim } from '../../src/case-file/case-file.plan';
import type { CaseFileV1 as CaseFile } from '../../src/case-file/case-file.types';

export interface ImportOptions {
  /** The service's base URL, e.g. http://127.0.0.1:3000. */
  url: string;
  /** Mints a bearer token for a person of the file. */
  tokenFor(person: Actor): Promise<string>;
  onStep?(step: { claim: string; mutation: string; actor: string; replayed: boolean }): void;
}

export interface ImportReport {
  claims: { key: string; claimId: string; status: string }[];
  mutations: number;
  /** Acts the service had already carried out (a re-import): nothing was written for them. */
  replayed: number;
}

/** A refusal from the service during import, with the place in the file that caused it. */
export class ImportRefused extends Error {
  override readonly name = 'ImportRefused';
  constructor(
    readonly path: string,
    readonly code: string,
    message: string,
  ) {
    super(`${path}: ${message} (${code})`);
  }
}

const RESULT = 'claimId revision replayed citationId verdictId';

/**
 * Replays a validated case file through the service's public GraphQL API, each act with its
 * person's token, exactly as the desk's people would. Every act carries a mutation id derived from
 * the case, claim and act, so running an import again changes nothing.
 */
export async function importCaseFile(caseFile: CaseFile, options: ImportOptions): Promise<ImportReport> {
  const tokens = new Map<string, string>();
  const token = async (id: string) => {
    if (!tokens.has(id)) tokens.set(id, await options.tokenFor({ id, name: caseFile.people[id].name, roles: caseFile.people[id].roles }));
    return tokens.get(id) as string;
  };
  const report: ImportReport = { claims: [], mutations: 0, replayed: 0 };

  for (const [index, claim] of caseFile.claims.entries()) {
    const citationIds = new Map<string, string>();
    const verdictIds = new Map<string, string>();
    let claimId = '';
    const ids = {
      get claimId() {
        return claimId;
      },
      citationId: (key: string) => citationIds.get(key) ?? missing(`citation ${key}`),
      verdictId: (by: string) => verdictIds.get(by) ?? missing(`verdict of ${by}`),
    };
    for (const step of planClaim(caseFile, claim, ids)) {
      const inputType = MUTATION_INPUT_TYPES[step.mutation];
      const response = await fetch(`${options.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${await token(step.actor)}` },
        body: JSON.stringify({
          query: `mutation($input: ${inputType}!) { result: ${step.mutation}(input: $input) { ${RESULT} } }`,
          variables: { input: { ...step.input, mutationId: step.mutationId } },
        }),
      });
      const body = (await response.json()) as {
        data?: { result: { claimId: string; replayed: boolean; citationId: string | null; verdictId: string | null } } | null;
        errors?: { message: string; extensions?: { code?: string } }[];
      };
      if (body.errors?.length || !body.data) {
        const error = body.errors?.[0];
        throw new ImportRefused(`claims[${index}]${step.path}`, error?.extensions?.code ?? `HTTP ${response.status}`, error?.message ?? 'no answer');
      }
      const result = body.data.result;
      claimId = result.claimId;
      if (step.creates?.kind === 'citation' && result.citationId) citationIds.set(step.creates.key, result.citationId);
      if (step.creates?.kind === 'verdict' && result.verdictId) verdictIds.set(step.creates.key, result.verdictId);
      report.mutations += 1;
      if (result.replayed) report.replayed += 1;
      options.onStep?.({ claim: claim.key, mutation: step.mutation, actor: step.actor, replayed: result.replayed });
    }
    const status = claim.rejection ? 'REJECTED' : claim.publication ? 'PUBLISHED' : claim.review ? 'IN_REVIEW' : 'DRAFT';
    report.claims.push({ key: claim.key, claimId, status });
  }
  return report;
}

function missing(what: string): never {
  throw new Error(`The import has no id for the ${what} yet: the plan refers to it before creating it`);
}
