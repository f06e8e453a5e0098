import { CaseStep, fileKeyIds, planCase, planClaim } from '../../src/case-file/case-file.plan';
import { validateCaseFile } from '../../src/case-file/case-file.validate';
import { CASE_ACT_KINDS, CASE_ACTS, CaseAct, CaseFileV2 } from '../../src/case-file/case-file.v2.types';
import { smallCaseV2 } from '../support/small-case';

const NOW = new Date('2026-01-01T00:00:00Z');
const problemsOf = (file: unknown, now = NOW) => {
  const result = validateCaseFile(file, undefined, now);
  return result.ok ? [] : result.problems;
};
const stepsOf = (file: CaseFileV2, claim = 0): CaseStep[] => [...planClaim(file, file.claims[claim], fileKeyIds(file.claims[claim]))];
/** The small case with claim `claim`'s acts changed by `change`. */
const withActs = (claim: number, change: (acts: CaseAct[]) => void): CaseFileV2 => {
  const file = smallCaseV2();
  change(file.claims[claim].acts);
  return file;
};
const act = (claim: number, index: number, patch: Record<string, unknown>) => withActs(claim, (acts) => Object.assign(acts[index], patch));

describe('format factcheck-case/2', () => {
  it('given a case with an act of every kind, it is valid and each act becomes exactly one step, in order, at its time, by its person', () => {
    const file = smallCaseV2();
    expect(problemsOf(file)).toEqual([]);
    const kinds = new Set(file.claims.flatMap((c) => c.acts.map((a) => a.act)));
    expect([...kinds].sort()).toEqual([...CASE_ACT_KINDS].sort());
    const steps = [...planCase(file)];
    const acts = file.claims.flatMap((c, i) => c.acts.map((a, j) => ({ a, path: `claims[${i}].acts[${j}]` })));
    expect(steps.map((s) => [s.path, s.mutation, s.actor, s.at])).toEqual(acts.map(({ a, path }) => [path, CASE_ACTS[a.act].mutation, a.by, a.at]));
  });

  describe('when each kind of act is planned, then its mutation takes the act\'s fields', () => {
    const file = smallCaseV2();
    const [deaths, contempt, detained] = [0, 1, 2].map((i) => stepsOf(file, i));
    const find = (steps: CaseStep[], path: string) => steps.find((s) => s.path === path)!;

    it.each([
      ['submit', deaths, '.acts[0]', { mutation: 'submitClaim', input: expect.objectContaining({ statement: 'Two men died in the raid.', claimDate: '2025-06-28', language: 'en' }) }],
      ['reviseClaim', deaths, '.acts[1]', { mutation: 'reviseClaimDetails', input: { claimId: 'deaths', statement: 'Two men died in the raids.', reason: 'Typo: raids, not raid.' } }],
      ['cite', deaths, '.acts[2]', { mutation: 'addCitation', creates: { kind: 'citation', key: 'one-death' }, input: expect.objectContaining({ claimId: 'deaths', url: 'https://example.org/one-death', stance: 'REFUTES' }) }],
      ['reviseCitation', deaths, '.acts[5]', { mutation: 'reviseCitation', input: { claimId: 'deaths', citationId: 'one-death', note: 'Published before the second death.', reason: 'Context for readers.' } }],
      ['assign', deaths, '.acts[6]', { mutation: 'assignReviewers', input: { claimId: 'deaths', reviewers: [{ id: 'rustam', name: 'Rustam Reviewer' }, { id: 'nadia', name: 'Nadia Reviewer' }, { id: 'omar', name: 'Omar Reviewer' }] } }],
      ['unassign', deaths, '.acts[7]', { mutation: 'unassignReviewer', input: { claimId: 'deaths', reviewerId: 'omar', reason: 'On leave.' } }],
      ['verdict', deaths, '.acts[8]', { mutation: 'recordVerdict', creates: { kind: 'verdict', key: 'rustam-1' }, input: { claimId: 'deaths', rating: 'MIXED', rationale: 'Sources disagree.', citationIds: ['one-death', 'two-deaths'] } }],
      ['reviseVerdict', deaths, '.acts[11]', { mutation: 'reviseVerdict', input: { claimId: 'deaths', verdictId: 'verdict-rustam-1', rating: 'TRUE', citationIds: ['two-deaths', 'family'], reason: 'The family confirmed both deaths.' } }],
      ['publish', deaths, '.acts[12]', { mutation: 'publishFactCheck', input: { claimId: 'deaths', rating: 'TRUE', summary: 'Both men died.' } }],
      ['correct', deaths, '.acts[14]', { mutation: 'correctFactCheck', input: { claimId: 'deaths', note: 'The date of the second death was corrected.', newSummary: 'Both men died, the second on 28 June.', addedCitationIds: ['registry'] } }],
      ['reject', contempt, '.acts[1]', { mutation: 'rejectClaim', input: { claimId: 'contempt', reason: 'An opinion, not a checkable fact.' } }],
      ['reopen', contempt, '.acts[2]', { mutation: 'reopenClaim', input: { claimId: 'contempt', reason: 'It also states a number we can check.' } }],
      ['retractCitation', contempt, '.acts[6]', { mutation: 'retractCitation', input: { claimId: 'contempt', citationId: 'bad-source', reason: 'A satirical site.' } }],
      ['withdrawVerdict', contempt, '.acts[10]', { mutation: 'withdrawVerdict', input: { claimId: 'contempt', verdictId: 'verdict-nadia-1', reason: 'I misread the poll.' } }],
      ['retract', contempt, '.acts[13]', { mutation: 'retractFactCheck', input: { claimId: 'contempt', note: 'Retracted: the surveys were about another city.' } }],
      ['confirmVerdict', detained, '.acts[5]', { mutation: 'confirmVerdict', input: { claimId: 'detained', verdictId: 'verdict-rustam-1' } }],
    ])('%s', (_kind, steps, path, expected) => {
      expect(find(steps, path)).toMatchObject(expected);
    });
  });

  it('names each act by the case id, the claim key and the act\'s ordinal: not by its person, its content or the slug', () => {
    const ids = stepsOf(smallCaseV2()).map((s) => s.mutationId);
    expect(new Set(ids).size).toBe(ids.length);
    const renamed = smallCaseV2();
    renamed.slug = 'another-slug';
    renamed.claims[0].acts[0] = { ...renamed.claims[0].acts[0], by: 'elena', statement: 'Fixed a typo.' } as CaseAct;
    expect(stepsOf(renamed).map((s) => s.mutationId)).toEqual(ids);
    const otherCase = smallCaseV2();
    otherCase.id = '00000000-0000-4000-8000-000000000000';
    expect(stepsOf(otherCase).map((s) => s.mutationId).some((id) => ids.includes(id))).toBe(false);
    const upper = smallCaseV2();
    upper.id = upper.id.toUpperCase();
    expect(stepsOf(upper).map((s) => s.mutationId)).toEqual(ids);
  });

  describe('times', () => {
    it('refuses a time that is not an instant with its offset', () => {
      for (const at of ['2025-06-30', '2025-06-30T08:00', '2025-06-30T08:00Z', '2025-06-31T08:00:00Z', '30/06/2025 08:00', 1751270400000]) {
        expect(problemsOf(act(0, 1, { at }))).toEqual([{ path: 'claims[0].acts[1].at', message: expect.stringMatching(/must be an ISO 8601 instant/) }]);
      }
    });

    it('refuses an act listed before an earlier one, naming both', () => {
      expect(problemsOf(act(0, 3, { at: '2025-06-30T08:09:59Z' }))).toEqual([
        { path: 'claims[0].acts[3].at', message: expect.stringContaining("is before the claim's previous act (claims[0].acts[2])") },
      ]);
      // Equal times are in order; offsets are compared as instants.
      expect(problemsOf(act(0, 3, { at: '2025-06-30T10:10:00+02:00' }))).toEqual([]);
    });

    it('refuses an act in the future', () => {
      expect(problemsOf(smallCaseV2(), new Date('2025-07-04T00:00:00Z'))).toEqual([{ path: 'claims[1].acts[13].at', message: '2025-07-05T12:00:00Z is in the future' }]);
    });

    it('replays the desk\'s rules at each act\'s own time: a source published after the act that cites it is refused', () => {
      expect(problemsOf(act(0, 2, { publishedAt: '2025-07-01' }))).toEqual([
        { path: 'claims[0].acts[2].publishedAt', message: "2025-07-01 is in the future: it is after the act's time (2025-06-30T08:10:00Z)" },
      ]);
      // A claim made after the act that submits it, through the domain's own rule.
      expect(problemsOf(act(0, 0, { claimDate: '2025-07-02', appearances: [] }))).toEqual([
        { path: 'claims[0].acts[0]', message: expect.stringMatching(/claimDate 2025-07-02 is in the future.*\(INVALID_DETAILS\)$/), code: 'INVALID_DETAILS' },
      ]);
    });
  });

  describe('shape and references, each with its place', () => {
    it.each([
      ['an unknown act', act(0, 1, { act: 'edit' }), 'claims[0].acts[1].act', /"edit" is not an act/],
      ['a claim that does not start with submit', withActs(2, (acts) => acts.shift()), 'claims[2].acts[0].act', /first act of a claim must be submit/],
      ['a second submit', withActs(2, (acts) => acts.push({ ...acts[0], at: '2025-07-01T00:00:00Z' })), 'claims[2].acts[6].act', /submitted once/],
      ['a missing field', act(0, 8, { rationale: undefined }), 'claims[0].acts[8].rationale', /is required for a verdict act/],
      ['a field of another act', act(0, 8, { summary: 'x' }), 'claims[0].acts[8].summary', /is not a field of the case-file format/],
      ['a person not in the file', act(0, 8, { by: 'zoe' }), 'claims[0].acts[8].by', /"zoe" is not one of the people/],
      ['a rating that is not text', act(0, 8, { rating: 3 }), 'claims[0].acts[8].rating', /must be a non-empty string/],
      ['a citation cited before it is added', act(0, 8, { citations: ['one-death', 'family'] }), 'claims[0].acts[8].citations[1]', /"family" is not the key of a citation added by an earlier act/],
      ['a verdict that does not exist', act(0, 11, { verdict: 'omar-1' }), 'claims[0].acts[11].verdict', /"omar-1" is not the key of a verdict recorded by an earlier act/],
      ['a citation key used twice', act(0, 3, { key: 'one-death' }), 'claims[0].acts[3].key', /"one-death" names another citation of this claim/],
      ['a verdict key used twice', act(0, 9, { key: 'rustam-1' }), 'claims[0].acts[9].key', /"rustam-1" names another verdict of this claim/],
      ['a reviewer listed twice', act(0, 6, { reviewers: ['rustam', 'nadia', 'rustam'] }), 'claims[0].acts[6].reviewers[2]', /reviewer "rustam" is listed twice/],
      ['a citation listed twice', act(0, 8, { citations: ['one-death', 'one-death'] }), 'claims[0].acts[8].citations[1]', /citation "one-death" is listed twice/],
      ['a verdict on no citation', act(0, 8, { citations: [] }), 'claims[0].acts[8].citations', /at least 1 entry/],
    ])('refuses %s', (_what, file, path, message) => {
      expect(problemsOf(file)).toEqual(expect.arrayContaining([{ path, message: expect.stringMatching(message) }]));
    });

    it('refuses a case without an id that is a UUID, and fields of format 1 in a format 2 file', () => {
      const file = smallCaseV2() as unknown as Record<string, any>;
      file.id = 'yekaterinburg';
      file.claims[0].submittedBy = 'carla';
      expect(problemsOf(file)).toEqual([
        { path: 'id', message: expect.stringMatching(/must be a UUID/) },
        { path: 'claims[0].submittedBy', message: expect.stringMatching(/is not a field of the case-file format \(expected one of key, acts\)/) },
      ]);
    });

    it('names the act the desk\'s rules refuse, with its code', () => {
      // Publishing the rejected claim before it is reopened.
      const file = withActs(1, (acts) => acts.splice(2, 0, { act: 'publish', by: 'elena', at: '2025-06-30T11:40:00Z', rating: 'FALSE', summary: 'No.' }));
      expect(problemsOf(file)).toEqual([{ path: 'claims[1].acts[2]', message: expect.stringMatching(/\([A-Z_]+\)$/), code: expect.stringMatching(/^[A-Z_]+$/) }]);
    });
  });
});
