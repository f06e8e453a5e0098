import { citationInput, claimInput } from './claim-inputs';
import { DeskClient } from './desk-client';
import type { TestApp } from './test-app';

/** The desk's people of the public-site tests: a contributor, two reviewers and an editor, full names given. */
export interface Desk {
  alice: DeskClient;
  rita: DeskClient;
  rafael: DeskClient;
  edgar: DeskClient;
}

export async function deskOf(app: TestApp): Promise<Desk> {
  const as = async (sub: string, name: string, roles: string[]) => new DeskClient(app, await app.token({ sub, name, roles }));
  return {
    alice: await as('alice', 'Alice Contributor', ['contributor']),
    rita: await as('rita', 'Rita Reviewer', ['reviewer']),
    rafael: await as('rafael', 'Rafael Second', ['reviewer']),
    edgar: await as('edgar', 'Edgar Editor', ['editor']),
  };
}

export interface FactCheckSpec {
  statement: string;
  rating?: string;
  summary?: string;
  /** Fields of the claim to replace (language, claimant, topics...). */
  claim?: Record<string, unknown>;
  /** Fields of its one citation to replace. */
  citation?: Record<string, unknown>;
  rationales?: [string, string];
}

/**
 * Submitted by Alice with one citation, rated by Rita and Rafael alike, published by Edgar: the whole
 * path through GraphQL, as a newsroom tool takes it (the server needs PUBLISH_MIN_SOURCES=1). Its claim id.
 */
export async function publishFactCheck(desk: Desk, spec: FactCheckSpec): Promise<string> {
  const { rating = 'FALSE', summary = 'One man died, not two.', rationales = ['Checked the registry.', 'Checked the court files.'] } = spec;
  const { claimId } = await desk.alice.ok('submitClaim', { ...claimInput(spec.statement), ...spec.claim });
  const { citationId } = await desk.alice.ok('addCitation', { ...citationInput(claimId, 1), ...spec.citation });
  await desk.edgar.ok('assignReviewers', { claimId, reviewers: [{ id: 'rita' }, { id: 'rafael' }] });
  await desk.rita.ok('recordVerdict', { claimId, rating, rationale: rationales[0], citationIds: [citationId] });
  await desk.rafael.ok('recordVerdict', { claimId, rating, rationale: rationales[1], citationIds: [citationId] });
  await desk.edgar.ok('publishFactCheck', { claimId, rating, summary });
  return claimId;
}
