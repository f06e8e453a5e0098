import { TestApp } from './test-app';

export interface MutationResult {
  claimId: string;
  revision: number;
  position: number;
  replayed: boolean;
  citationId: string | null;
  verdictId: string | null;
}

export const RESULT_FIELDS = 'claimId revision position replayed citationId verdictId';

export const CLAIM_FIELDS = `
  id revision status statement claimDate language topics submittedAt updatedAt
  claimant { name kind }
  appearances { url outlet appearedAt firstAppearance }
  submittedBy { id name }
  assignees { id name }
  citations { id url title publisher publishedAt excerpt stance note archivedUrl addedBy { id } revisedAt retraction { reason by { id } at } }
  verdicts { id reviewer { id name } rating rationale citationIds recordedAt revisedAt revisions withdrawal { reason at } }
  rejection { reason by { id } at }
  publication { rating summary consensusRating justification verdictIds citationIds publishedBy { id } publishedAt }
  corrections { note previousRating newRating previousSummary newSummary addedCitationIds by { id } at }
  retraction { note by { id } at }
`;

/** GraphQL calls of the desk, as a newsroom tool would make them, for e2e tests. */
export class DeskClient {
  constructor(
    private readonly app: TestApp,
    readonly token: string,
  ) {}

  /** Runs one mutation; answers its result or the GraphQL error it got (never both). */
  async mutate(name: string, input: Record<string, unknown>): Promise<{ result?: MutationResult; error?: { code: string; message: string; extensions: Record<string, unknown> } }> {
    const inputType = name.charAt(0).toUpperCase() + name.slice(1);
    const type = INPUT_TYPES[name] ?? `${inputType}Input`;
    const response = await this.app.graphql<Record<string, MutationResult>>(
      `mutation($input: ${type}!) { ${name}(input: $input) { ${RESULT_FIELDS} } }`,
      { input },
      this.token,
    );
    if (response.errors?.length) {
      const [first] = response.errors;
      return { error: { code: String(first.extensions?.code), message: first.message, extensions: first.extensions ?? {} } };
    }
    return { result: response.data?.[name] };
  }

  /** Like mutate, but the test fails at once, with the server's message, if the mutation was refused. */
  async ok(name: string, input: Record<string, unknown>): Promise<MutationResult> {
    const { result, error } = await this.mutate(name, input);
    if (error || !result) throw new Error(`${name} was refused: ${error?.code} ${error?.message}`);
    return result;
  }

  async claim(id: string): Promise<Record<string, any> | null> {
    const response = await this.app.graphql<{ claim: Record<string, any> | null }>(`query($id: ID!) { claim(id: $id) { ${CLAIM_FIELDS} } }`, { id }, this.token);
    if (response.errors?.length) throw new Error(response.errors[0].message);
    return response.data?.claim ?? null;
  }
}

const INPUT_TYPES: Record<string, string> = { rejectClaim: 'ClaimReasonInput', reopenClaim: 'ClaimReasonInput' };
