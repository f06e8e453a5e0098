import type { CaseFileV1 } from '../../src/case-file/case-file.types';
import type { CaseAct, CaseFileV2 } from '../../src/case-file/case-file.v2.types';

/** A small but complete case: published with a revised verdict and a correction, rejected, and in review. */
export function smallCase(): CaseFileV1 {
  const cite = (key: string, stance: 'SUPPORTS' | 'REFUTES' | 'CONTEXT', extra: object = {}) => ({
    key,
    addedBy: 'carla',
    url: `https://example.org/${key}`,
    title: `Report ${key}`,
    publisher: 'Example Wire',
    publishedAt: '2025-06-29',
    excerpt: `What ${key} says, verbatim.`,
    stance,
    ...extra,
  });
  return {
    format: 'factcheck-case/1',
    slug: 'small-case',
    title: 'A small case',
    people: {
      carla: { name: 'Carla Contributor', roles: ['contributor'] },
      rustam: { name: 'Rustam Reviewer', roles: ['reviewer'] },
      nadia: { name: 'Nadia Reviewer', roles: ['reviewer'] },
      elena: { name: 'Elena Editor', roles: ['editor'] },
    },
    claims: [
      {
        key: 'deaths',
        submittedBy: 'carla',
        statement: 'Two men died in the raids.',
        claimant: { name: 'Example Agency', kind: 'ORGANIZATION' },
        claimDate: '2025-06-28',
        language: 'en',
        topics: ['raids'],
        appearances: [{ url: 'https://example.org/agency', outlet: 'Example Agency', appearedAt: '2025-06-28', firstAppearance: true }],
        citations: [cite('one-death', 'REFUTES'), cite('two-deaths', 'SUPPORTS'), cite('family', 'SUPPORTS', { late: true, publishedAt: '2025-07-02' })],
        review: { assignedBy: 'elena', reviewers: ['rustam', 'nadia'] },
        verdicts: [
          { by: 'rustam', rating: 'MIXED', rationale: 'Sources disagree.', citations: ['one-death', 'two-deaths'], revisions: [{ rating: 'TRUE', citations: ['family'], reason: 'The family confirmed both deaths.' }] },
          { by: 'nadia', rating: 'TRUE', rationale: 'Two sources confirm.', citations: ['two-deaths'] },
        ],
        publication: { by: 'elena', rating: 'TRUE', summary: 'Both men died.' },
        corrections: [{ by: 'elena', note: 'The date of the second death was corrected.', newSummary: 'Both men died, the second on 28 June.' }],
      },
      {
        key: 'contempt',
        submittedBy: 'carla',
        statement: 'The raids show contempt for a whole people.',
        claimant: { name: 'A columnist', kind: 'PERSON' },
        claimDate: '2025-06-28',
        language: 'en',
        topics: ['opinion'],
        appearances: [],
        citations: [],
        rejection: { by: 'elena', reason: 'An opinion, not a checkable fact.' },
      },
      {
        key: 'detained',
        submittedBy: 'elena',
        statement: 'Nine people were detained.',
        claimant: { name: 'Example Agency', kind: 'ORGANIZATION' },
        claimDate: '2025-06-28',
        language: 'en',
        topics: ['raids'],
        appearances: [],
        citations: [cite('police', 'SUPPORTS')],
        review: { assignedBy: 'elena', reviewers: ['rustam'] },
      },
    ],
  };
}

/**
 * The small case in format 2, with the acts format 1 cannot hold: a claim revised, a citation revised
 * and another retracted, a reviewer unassigned, a verdict withdrawn and one confirmed, a rejected claim
 * reopened and published, a published fact-check corrected with new evidence and one retracted: every act kind.
 */
export function smallCaseV2(): CaseFileV2 {
  const cite = (key: string, at: string, stance: 'SUPPORTS' | 'REFUTES' | 'CONTEXT', extra: object = {}): CaseAct => ({
    act: 'cite',
    by: 'carla',
    at,
    key,
    url: `https://example.org/${key}`,
    title: `Report ${key}`,
    publisher: key === 'police' ? 'Police Gazette' : `Example Wire ${key}`,
    publishedAt: '2025-06-29',
    excerpt: `What ${key} says, verbatim.`,
    stance,
    ...extra,
  });
  const submit = (statement: string, at: string, by = 'carla'): CaseAct => ({
    act: 'submit',
    by,
    at,
    statement,
    claimant: { name: 'Example Agency', kind: 'ORGANIZATION' },
    claimDate: '2025-06-28',
    language: 'en',
    topics: ['raids'],
    appearances: [{ url: 'https://example.org/agency', outlet: 'Example Agency', appearedAt: '2025-06-28', firstAppearance: true }],
  });
  return {
    format: 'factcheck-case/2',
    id: '3f0c2a5e-7b1d-4e8a-9c6f-1d2e3f4a5b6c',
    slug: 'small-case',
    title: 'A small case',
    people: {
      carla: { name: 'Carla Contributor', roles: ['contributor'] },
      rustam: { name: 'Rustam Reviewer', roles: ['reviewer'] },
      nadia: { name: 'Nadia Reviewer', roles: ['reviewer'] },
      omar: { name: 'Omar Reviewer', roles: ['reviewer'] },
      elena: { name: 'Elena Editor', roles: ['editor'] },
    },
    claims: [
      {
        key: 'deaths',
        acts: [
          submit('Two men died in the raid.', '2025-06-30T08:00:00Z'),
          { act: 'reviseClaim', by: 'carla', at: '2025-06-30T08:05:00Z', statement: 'Two men died in the raids.', reason: 'Typo: raids, not raid.' },
          cite('one-death', '2025-06-30T08:10:00Z', 'REFUTES'),
          cite('two-deaths', '2025-06-30T10:15:00+02:00', 'SUPPORTS'),
          cite('police', '2025-06-30T08:20:00Z', 'SUPPORTS'),
          { act: 'reviseCitation', by: 'carla', at: '2025-06-30T08:25:00Z', citation: 'one-death', note: 'Published before the second death.', reason: 'Context for readers.' },
          { act: 'assign', by: 'elena', at: '2025-06-30T09:00:00Z', reviewers: ['rustam', 'nadia', 'omar'] },
          { act: 'unassign', by: 'elena', at: '2025-06-30T09:05:00Z', reviewer: 'omar', reason: 'On leave.' },
          { act: 'verdict', by: 'rustam', at: '2025-06-30T10:00:00Z', key: 'rustam-1', rating: 'MIXED', rationale: 'Sources disagree.', citations: ['one-death', 'two-deaths'] },
          { act: 'verdict', by: 'nadia', at: '2025-06-30T10:30:00Z', key: 'nadia-1', rating: 'TRUE', rationale: 'Two sources confirm.', citations: ['two-deaths', 'police'] },
          cite('family', '2025-07-02T08:00:00Z', 'SUPPORTS', { publishedAt: '2025-07-02' }),
          { act: 'reviseVerdict', by: 'rustam', at: '2025-07-02T09:00:00Z', verdict: 'rustam-1', rating: 'TRUE', citations: ['two-deaths', 'family'], reason: 'The family confirmed both deaths.' },
          { act: 'publish', by: 'elena', at: '2025-07-02T12:00:00Z', rating: 'TRUE', summary: 'Both men died.' },
          cite('registry', '2025-07-03T08:00:00Z', 'SUPPORTS', { publishedAt: '2025-07-03' }),
          { act: 'correct', by: 'elena', at: '2025-07-03T09:00:00Z', note: 'The date of the second death was corrected.', newSummary: 'Both men died, the second on 28 June.', addCitations: ['registry'] },
        ],
      },
      {
        key: 'contempt',
        acts: [
          submit('The raids show contempt for a whole people.', '2025-06-30T11:00:00Z'),
          { act: 'reject', by: 'elena', at: '2025-06-30T11:30:00Z', reason: 'An opinion, not a checkable fact.' },
          { act: 'reopen', by: 'elena', at: '2025-07-01T08:00:00Z', reason: 'It also states a number we can check.' },
          cite('survey', '2025-07-01T08:30:00Z', 'REFUTES'),
          cite('poll', '2025-07-01T08:35:00Z', 'REFUTES'),
          cite('bad-source', '2025-07-01T08:40:00Z', 'CONTEXT'),
          { act: 'retractCitation', by: 'carla', at: '2025-07-01T08:45:00Z', citation: 'bad-source', reason: 'A satirical site.' },
          { act: 'assign', by: 'elena', at: '2025-07-01T09:00:00Z', reviewers: ['rustam', 'nadia'] },
          { act: 'verdict', by: 'rustam', at: '2025-07-01T10:00:00Z', key: 'rustam-1', rating: 'FALSE', rationale: 'The survey says otherwise.', citations: ['survey'] },
          { act: 'verdict', by: 'nadia', at: '2025-07-01T10:10:00Z', key: 'nadia-1', rating: 'TRUE', rationale: 'Too quick.', citations: ['poll'] },
          { act: 'withdrawVerdict', by: 'nadia', at: '2025-07-01T10:20:00Z', verdict: 'nadia-1', reason: 'I misread the poll.' },
          { act: 'verdict', by: 'nadia', at: '2025-07-01T10:30:00Z', key: 'nadia-2', rating: 'FALSE', rationale: 'The poll says otherwise too.', citations: ['poll', 'survey'] },
          { act: 'publish', by: 'elena', at: '2025-07-01T12:00:00Z', rating: 'FALSE', summary: 'Surveys say otherwise.' },
          { act: 'retract', by: 'elena', at: '2025-07-05T12:00:00Z', note: 'Retracted: the surveys were about another city.' },
        ],
      },
      {
        key: 'detained',
        acts: [
          submit('Nine people were detained.', '2025-06-30T12:00:00Z', 'elena'),
          cite('police', '2025-06-30T12:10:00Z', 'SUPPORTS'),
          { act: 'assign', by: 'elena', at: '2025-06-30T12:20:00Z', reviewers: ['rustam'] },
          { act: 'verdict', by: 'rustam', at: '2025-06-30T13:00:00Z', key: 'rustam-1', rating: 'TRUE', rationale: 'The police say so.', citations: ['police'] },
          // A changed excerpt makes the verdict stale; its reviewer confirms it.
          { act: 'reviseCitation', by: 'carla', at: '2025-06-30T14:00:00Z', citation: 'police', excerpt: 'What police says, verbatim and in full.', reason: 'The excerpt was cut short.' },
          { act: 'confirmVerdict', by: 'rustam', at: '2025-06-30T15:00:00Z', verdict: 'rustam-1' },
        ],
      },
    ],
  };
}

/**
 * The small case as another case: its own slug, and statements of its own, so that the import does not
 * recognise its claims as the small case's (CASE_ALREADY_IMPORTED).
 */
export function smallCaseAs(slug: string): CaseFileV1 {
  const file = smallCase();
  return { ...file, slug, claims: file.claims.map((claim) => ({ ...claim, statement: `${claim.statement} (${slug})` })) };
}
