import type { CaseFileV1 } from '../../src/case-file/case-file.types';

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
