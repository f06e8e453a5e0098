import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { fieldProblems } from '../../src/graphql/input-validation';
import { ReviseCitationInput, ReviseClaimDetailsInput, ReviseVerdictInput, SubmitClaimInput } from '../../src/claims/api/claim.inputs';

// The revise inputs are derived from the create inputs: same rules, each field optional, null refused.
function problems<T extends object>(type: new () => T, plain: object) {
  return fieldProblems(validateSync(plainToInstance(type, plain)));
}

const submit = {
  statement: 'The minister said so.',
  claimant: { name: 'A. Minister', kind: 'PERSON' },
  claimDate: '2025-06-28',
  appearances: [],
  language: 'en',
  topics: ['raids'],
};

describe('claim inputs', () => {
  it('a revision is checked by the same rules as a submission, field by field', () => {
    expect(problems(SubmitClaimInput, submit)).toEqual([]);
    expect(problems(ReviseClaimDetailsInput, { claimId: 'c-1', reason: 'typo' })).toEqual([]);
    for (const [field, value, message] of [
      ['topics', ['  '], 'topics must not be blank'],
      ['statement', '   ', 'statement must not be blank'],
      ['claimDate', '2999-01-01', 'claimDate must not be in the future'],
      ['language', 'English!', 'language must be a language tag such as en, ru or pt-BR'],
    ] as const) {
      expect(problems(SubmitClaimInput, { ...submit, [field]: value })).toEqual([{ field, problems: [message] }]);
      expect(problems(ReviseClaimDetailsInput, { claimId: 'c-1', reason: 'r', [field]: value })).toEqual([{ field, problems: [message] }]);
    }
  });

  it('a revision refuses null and does not default what it leaves out', () => {
    for (const field of ['statement', 'claimant', 'claimDate', 'appearances', 'language', 'topics']) {
      expect(problems(ReviseClaimDetailsInput, { claimId: 'c-1', reason: 'r', [field]: null }).map((p) => p.field)).toEqual([field]);
    }
    expect(plainToInstance(ReviseClaimDetailsInput, { claimId: 'c-1', reason: 'r' }).appearances).toBeUndefined();
    expect(problems(ReviseCitationInput, { claimId: 'c-1', citationId: 'x', reason: 'r', url: 'ftp://example.org' })).toEqual([
      { field: 'url', problems: ['url must be an http(s) URL'] },
    ]);
    expect(problems(ReviseVerdictInput, { claimId: 'c-1', verdictId: 'v', reason: 'r', citationIds: [] })).toEqual([
      { field: 'citationIds', problems: ['citationIds must name at least one citation'] },
    ]);
    expect(problems(ReviseVerdictInput, { claimId: 'bad id!', verdictId: 'v', reason: ' ' }).flatMap((p) => p.problems).sort()).toEqual([
      'claimId may contain letters, digits, "-" and "_" only',
      'reason must not be blank',
    ]);
  });
});
