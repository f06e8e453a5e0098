import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { importCaseFile } from '../../src/case-file/case-file.importer';
import { loadCaseFile } from '../../src/case-file/case-file.load';
import { ratingScale } from '../../src/claims/domain/rating-scale';
import { startTestApp, TestApp } from '../support/test-app';

const ROOT = join(__dirname, '..', '..');

/** The README's marked examples: `<!-- readme-test: name -->` followed by a fenced block. */
function readmeExamples(): Map<string, { language: string; code: string }> {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const examples = new Map<string, { language: string; code: string }>();
  for (const match of readme.matchAll(/<!-- readme-test: ([a-z-]+) -->\n```(\w+)\n([\s\S]*?)```/g)) examples.set(match[1], { language: match[2], code: match[3] });
  return examples;
}

/**
 * Every query the README tells a newcomer to paste, run as pasted against the demo case loaded
 * through the API, with the editor's token the README says how to get; each answers what the README
 * says it answers.
 */
describe('the README\'s examples against the demo case (e2e)', () => {
  let app: TestApp;
  let token: string;
  /** The demo's claim ids on this installation, by case-file key (they derive from its ID_SECRET). */
  let idOf: Record<string, string>;
  const examples = readmeExamples();
  const RAID_DATE = 'raid-date-june-26';
  const FIVE_KILLED = 'five-killed-in-raid';

  beforeAll(async () => {
    app = await startTestApp();
    const loaded = loadCaseFile(readFileSync(join(ROOT, 'case-files/yekaterinburg-2025.json'), 'utf8'), ratingScale(), 2);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
    const report = await importCaseFile(loaded.caseFile, { url: app.url, token: await app.token({ sub: 'case-importer', roles: ['admin'] }) });
    idOf = Object.fromEntries(report.claims.map((c) => [c.key, c.claimId]));
    token = await app.token({ sub: 'elena', name: 'Elena Marchetti', roles: ['editor'] });
  });
  afterAll(async () => app.close());

  /** Runs an example as pasted; those about one claim get its id as `$id`, as the README says. */
  async function run<T = any>(name: string, claimKey?: string): Promise<T> {
    const example = examples.get(name);
    if (!example || example.language !== 'graphql') throw new Error(`README has no graphql example "${name}"`);
    const response = await app.graphql<T>(example.code, claimKey ? { id: idOf[claimKey] } : {}, token);
    expect(response.errors).toBeUndefined();
    return response.data as T;
  }

  it('has every example the issue asks for', () => {
    expect([...examples.keys()].sort()).toEqual(['before-correction', 'claim-review', 'dates', 'diff', 'diff-verdicts', 'fact-check', 'find-claim', 'history', 'list-claims', 'node-version', 'search', 'verify']);
  });

  it('dates: a claim\'s day is a Date, its instants DateTime in UTC, its history\'s roles Role values', async () => {
    const RFC3339_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
    const { claim, claimHistory } = await run('dates', RAID_DATE);
    expect(claim.claimDate).toBe('2025-06-29');
    expect(claim.submittedAt).toMatch(RFC3339_UTC);
    expect(claim.appearances.length).toBeGreaterThan(0);
    // The case file dates its appearance to the day: served as that day's UTC midnight.
    expect(claim.appearances).toEqual([{ appearedAt: '2025-06-29T00:00:00.000Z' }]);
    expect(claim.citations.length).toBeGreaterThan(0);
    for (const citation of claim.citations) {
      expect(citation.addedAt).toMatch(RFC3339_UTC);
      if (citation.publishedAt !== null) expect(citation.publishedAt).toMatch(RFC3339_UTC);
    }
    const [first] = claimHistory.edges;
    expect(first.node.recordedAt).toMatch(RFC3339_UTC);
    expect(first.node).toMatchObject({ actor: { name: 'Tobias Hale' }, roles: ['CONTRIBUTOR'] });
  });

  it('find-claim: the search the README gives finds the 26 June claim first, whose id the other examples take', async () => {
    const { claims } = await run('find-claim');
    expect(claims.edges[0].node).toEqual({ id: idOf[RAID_DATE], statement: 'The deadly raid on Azerbaijanis in Yekaterinburg took place on 26 June 2025.' });
  });

  it('the demo\'s ids are this installation\'s: not the ones derived from the case file alone', () => {
    expect(idOf[RAID_DATE]).not.toBe('c3c47bfa-d0c9-87a9-9e1a-91d9f91be915');
    expect(idOf[FIVE_KILLED]).not.toBe('3e2570bd-c4c0-86d6-bfdc-da2142003f0a');
  });

  it('list-claims: all ten claims, nine published and one rejected', async () => {
    const { claims } = await run('list-claims');
    expect(claims.totalCount).toBe(10);
    const statuses = claims.edges.map((e: { node: { status: string } }) => e.node.status);
    expect(statuses.filter((s: string) => s === 'PUBLISHED')).toHaveLength(9);
    expect(statuses.filter((s: string) => s === 'REJECTED')).toHaveLength(1);
  });

  it('search: published claims mentioning the dead', async () => {
    const { claims } = await run('search');
    expect(claims.totalCount).toBeGreaterThanOrEqual(2);
    expect(claims.edges.map((e: { node: { id: string } }) => e.node.id)).toContain(idOf[FIVE_KILLED]);
  });

  it('fact-check: the 26 June claim, rated FALSE, corrected once, with its evidence and two verdicts', async () => {
    const { claim } = await run('fact-check', RAID_DATE);
    expect(claim.statement).toBe('The deadly raid on Azerbaijanis in Yekaterinburg took place on 26 June 2025.');
    expect(claim).toMatchObject({ status: 'PUBLISHED', publication: { rating: 'FALSE', publishedBy: { name: 'Elena Marchetti' } } });
    expect(claim.corrections).toHaveLength(1);
    expect(claim.citations.length).toBeGreaterThanOrEqual(3);
    expect(claim.verdicts.map((v: { reviewer: { name: string } }) => v.reviewer.name)).toEqual(['Rustam Sadykhov', 'Nadia Lindqvist']);
  });

  it('history: 12 events, oldest first, ending with the correction', async () => {
    const { claimHistory } = await run('history', RAID_DATE);
    expect(claimHistory.lastRevision).toBe(11);
    expect(claimHistory.edges).toHaveLength(12);
    expect(claimHistory.edges[10].node.type).toBe('FactCheckPublished');
    expect(claimHistory.edges[11].node.type).toBe('FactCheckCorrected');
  });

  it('before-correction: revision 10 is the fact-check as first published, with no corrections', async () => {
    const { claimAtRevision } = await run('before-correction', RAID_DATE);
    expect(claimAtRevision).toMatchObject({ existed: true, revision: 10, claim: { status: 'PUBLISHED', corrections: [] } });
    const { claim } = await run('fact-check', RAID_DATE);
    expect(claimAtRevision.claim.publication.summary).not.toBe(claim.publication.summary);
  });

  it('node-version: the claim as first published is a version with an id of its own; node(id:) finds the live claim', async () => {
    const id = idOf[RAID_DATE];
    const { claimAtRevision, node } = await run('node-version', RAID_DATE);
    expect(claimAtRevision.claim).toEqual({ id: `${id}@10`, claimId: id, revision: 10, status: 'PUBLISHED', publication: { rating: 'FALSE' } });
    expect(node).toEqual({ __typename: 'Claim', id, revision: 11, status: 'PUBLISHED' });
  });

  it('diff: the correction changed the summary and added one correction', async () => {
    const { claimDiff } = await run('diff', RAID_DATE);
    expect(claimDiff.correctionsAdded).toBe(1);
    expect(claimDiff.summary.before).not.toBe(claimDiff.summary.after);
  });

  it('diff-verdicts: new evidence arrived and both reviewers revised their verdicts', async () => {
    const { claimDiff } = await run('diff-verdicts', FIVE_KILLED);
    expect(claimDiff.citationsAdded).toHaveLength(1);
    expect(claimDiff.verdictsRevised).toHaveLength(2);
    for (const change of claimDiff.verdictsRevised) expect(change).toMatchObject({ before: { rating: 'UNVERIFIABLE' }, after: { rating: 'MOSTLY_FALSE' } });
  });

  it('verify: every audit trail verifies', async () => {
    const data = await run('verify', RAID_DATE);
    expect(data.verifyAuditTrail).toEqual({ ok: true, eventsChecked: 12, firstBreak: null });
    expect(data.verifyAllAuditTrails).toMatchObject({ ok: true, streamsChecked: 10 });
  });

  it('claim-review: the curl fetches the ClaimReview without a token', async () => {
    const example = examples.get('claim-review')!;
    const path = /http:\/\/localhost:3000(\/\S+)/.exec(example.code)![1].replace('$ID', idOf[RAID_DATE]);
    const response = await fetch(`${app.url}${path}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ '@type': 'ClaimReview', claimReviewed: 'The deadly raid on Azerbaijanis in Yekaterinburg took place on 26 June 2025.', reviewRating: { alternateName: 'False' } });
  });
});
