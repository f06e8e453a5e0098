import fc from 'fast-check';
import { CORRECTION_LIMITS } from '../../src/correction-requests/domain/limits';
import { foldCorrectionRequest } from '../../src/correction-requests/domain/correction-request';
import { accepted, acknowledged, admin, declined, editor, given, NOW, published, reader, requested, REQUESTED_AT, reviewer } from './correction-request-spec';

const ask = (overrides: { problem?: string; evidenceUrl?: string | null; hasContact?: boolean; claimId?: string } = {}) => ({
  type: 'RequestCorrection' as const,
  requestId: 'req-1',
  claimId: 'claim-1',
  problem: 'The death toll was revised to two.',
  evidenceUrl: 'https://example.org/report',
  hasContact: true,
  ...overrides,
});

describe('correction requests: the decider', () => {
  describe('requestCorrection', () => {
    it('records the request of an anonymous reader, with its time and whether a contact was left (never the contact)', () => {
      given([]).when(ask(), reader).then([requested({ at: NOW.toISOString() })]);
    });

    it('takes a request without evidence or contact', () => {
      given([]).when(ask({ evidenceUrl: null, hasContact: false }), reader).then([requested({ at: NOW.toISOString(), evidenceUrl: null, hasContact: false })]);
    });

    it.each([
      ['there is no such claim', null],
      ['the claim is a draft', { claimId: 'claim-1', status: 'DRAFT', corrections: [] }],
      ['the claim is in review', { claimId: 'claim-1', status: 'IN_REVIEW', corrections: [] }],
      ['the claim was rejected', { claimId: 'claim-1', status: 'REJECTED', corrections: [] }],
      ['the fact-check was retracted', { claimId: 'claim-1', status: 'RETRACTED', corrections: [] }],
    ])('is refused when %s, with one answer that tells nothing about unpublished claims', (_case, facts) => {
      given([], facts).when(ask(), reader).thenRefused('CLAIM_NOT_PUBLISHED', /no published fact-check claim-1/);
    });

    it('is refused when the facts given are of another claim', () => {
      given([], { ...published(), claimId: 'claim-2' }).when(ask(), reader).thenRefused('CLAIM_NOT_PUBLISHED');
    });

    it('is refused for a request id already used', () => {
      given([requested()]).when(ask(), reader).thenRefused('CORRECTION_REQUEST_EXISTS');
    });

    it('counts the problem\'s characters as the API does (code points): the limit in emoji is accepted', () => {
      const problem = `${'x'.repeat(CORRECTION_LIMITS.problem - 1)}🙂`;
      const events = given([]).when(ask({ problem }), reader).events();
      expect(events[0].data).toMatchObject({ problem });
    });

    it.each([
      ['blank', ' \u200B\t'],
      ['too long', 'x'.repeat(CORRECTION_LIMITS.problem + 1)],
      ['with control characters', 'wrong\u0007 figure'],
      ['with a lone surrogate', 'bad \uD800 text'],
    ])('refuses a problem that is %s', (_case, problem) => {
      given([]).when(ask({ problem }), reader).thenRefused('INVALID_CORRECTION_REQUEST', /^problem /);
    });

    it.each([
      ['not http(s)', 'javascript:alert(1)'],
      ['with credentials', 'https://user:pass@example.org/'],
      ['with a bidi override', 'https://example.org/\u202Egnp.exe'],
      ['not a URL', 'see the report'],
      ['too long', `https://example.org/${'a'.repeat(2100)}`],
    ])('refuses an evidence URL %s', (_case, evidenceUrl) => {
      given([]).when(ask({ evidenceUrl }), reader).thenRefused('INVALID_CORRECTION_REQUEST', /^evidenceUrl /);
    });

    it('stores the problem in NFC, so it reads and compares as typed', () => {
      given([]).when(ask({ problem: 'Caf\u0065\u0301 figure' }), reader).then([requested({ at: NOW.toISOString(), problem: 'Caf\u00e9 figure' })]);
    });

    it('accepts any visible, clean text within the limit (property)', () => {
      fc.assert(
        fc.property(fc.string({ minLength: 1, maxLength: 200 }).filter((s) => /[A-Za-z0-9]/.test(s) && !/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/.test(s)), (problem) => {
          given([]).when(ask({ problem }), reader).then([requested({ at: NOW.toISOString(), problem: problem.normalize('NFC') })]);
        }),
      );
    });
  });

  describe('acknowledgeCorrectionRequest', () => {
    const command = { type: 'AcknowledgeCorrectionRequest' as const, requestId: 'req-1' };

    it('records the editor and the time', () => {
      given([requested()]).when(command, editor).then([{ type: 'CorrectionRequestAcknowledged', data: { requestId: 'req-1', claimId: 'claim-1', by: { id: 'edgar', name: 'Edgar Editor' }, at: NOW.toISOString() } }]);
    });

    it('is an admin\'s act too', () => {
      given([requested()]).when(command, admin).then([{ type: 'CorrectionRequestAcknowledged', data: { requestId: 'req-1', claimId: 'claim-1', by: { id: 'ada', name: 'Ada Admin' }, at: NOW.toISOString() } }]);
    });

    it.each([
      ['an anonymous reader', null],
      ['a reviewer', reviewer],
    ])('is refused to %s', (_who, actor) => {
      given([requested()]).when(command, actor).thenRefused('FORBIDDEN', /Only an editor may acknowledge/);
    });

    it('is refused for a request that does not exist', () => {
      given([]).when(command, editor).thenRefused('CORRECTION_REQUEST_NOT_FOUND');
    });

    it('is refused twice', () => {
      given([requested(), acknowledged()]).when(command, editor).thenRefused('CORRECTION_REQUEST_ALREADY_ACKNOWLEDGED');
    });

    it.each([
      ['declined', declined()],
      ['accepted', accepted()],
    ])('is refused once the request was %s', (_status, resolution) => {
      given([requested(), resolution]).when(command, editor).thenRefused('CORRECTION_REQUEST_RESOLVED', /final/);
    });
  });

  describe('declineCorrectionRequest', () => {
    const command = (publicReason = 'The figure we published is the official one.') => ({ type: 'DeclineCorrectionRequest' as const, requestId: 'req-1', publicReason });

    it('records the public reason, the editor and the time (from open or acknowledged)', () => {
      const expected = [{ type: 'CorrectionRequestDeclined' as const, data: { requestId: 'req-1', claimId: 'claim-1', by: { id: 'edgar', name: 'Edgar Editor' }, at: NOW.toISOString(), publicReason: 'The figure we published is the official one.' } }];
      given([requested()]).when(command(), editor).then(expected);
      given([requested(), acknowledged()]).when(command(), editor).then(expected);
    });

    it('needs a public reason', () => {
      given([requested()]).when(command('  '), editor).thenRefused('INVALID_CORRECTION_REQUEST', /publicReason must not be blank/);
      given([requested()]).when(command('x'.repeat(CORRECTION_LIMITS.publicReason + 1)), editor).thenRefused('INVALID_CORRECTION_REQUEST', /publicReason must be at most/);
    });

    it('is refused to anyone but an editor', () => {
      given([requested()]).when(command(), reviewer).thenRefused('FORBIDDEN');
    });

    it('is refused once resolved', () => {
      given([requested(), declined()]).when(command(), editor).thenRefused('CORRECTION_REQUEST_RESOLVED');
      given([requested(), accepted()]).when(command(), editor).thenRefused('CORRECTION_REQUEST_RESOLVED');
    });
  });

  describe('acceptCorrectionRequest', () => {
    const command = (correctionNumber = 1) => ({ type: 'AcceptCorrectionRequest' as const, requestId: 'req-1', correctionNumber });
    const after = '2025-07-08T09:00:00.000Z';

    it('records which correction answers it, when that was published, the editor and the time', () => {
      given([requested(), acknowledged()], published([after]))
        .when(command(), editor)
        .then([{ type: 'CorrectionRequestAccepted', data: { requestId: 'req-1', claimId: 'claim-1', by: { id: 'edgar', name: 'Edgar Editor' }, at: NOW.toISOString(), correctionNumber: 1, correctedAt: after } }]);
    });

    it('takes a correction published at the very moment of the request', () => {
      given([requested()], published([REQUESTED_AT])).when(command(), editor).then([
        { type: 'CorrectionRequestAccepted', data: { requestId: 'req-1', claimId: 'claim-1', by: { id: 'edgar', name: 'Edgar Editor' }, at: NOW.toISOString(), correctionNumber: 1, correctedAt: REQUESTED_AT } },
      ]);
    });

    it('is refused when the claim has no such correction', () => {
      given([requested()], published([])).when(command(1), editor).thenRefused('CORRECTION_NOT_FOUND', /has 0 correction\(s\): there is no correction 1/);
      given([requested()], published([after])).when(command(2), editor).thenRefused('CORRECTION_NOT_FOUND');
      given([requested()], published([after])).when(command(0), editor).thenRefused('CORRECTION_NOT_FOUND');
    });

    it('is refused when the correction named was published before the request', () => {
      given([requested()], published(['2025-07-01T00:00:00.000Z', after])).when(command(1), editor).thenRefused('CORRECTION_PREDATES_REQUEST', /before the request was made/);
    });

    it('is refused when the facts are of another claim', () => {
      given([requested()], { ...published([after]), claimId: 'claim-2' }).when(command(1), editor).thenRefused('CORRECTION_NOT_FOUND');
    });

    it('is refused to anyone but an editor, and once resolved', () => {
      given([requested()], published([after])).when(command(), reader).thenRefused('FORBIDDEN');
      given([requested(), declined()], published([after])).when(command(), editor).thenRefused('CORRECTION_REQUEST_RESOLVED');
    });
  });

  describe('evolve', () => {
    it('folds each step with its time, and counts revisions', () => {
      const state = foldCorrectionRequest([requested(), acknowledged(), accepted()]);
      expect(state).toMatchObject({
        exists: true,
        status: 'ACCEPTED',
        requestedAt: REQUESTED_AT,
        acknowledged: { at: '2025-07-06T10:00:00.000Z' },
        declined: null,
        accepted: { correctionNumber: 1, correctedAt: '2025-07-08T09:00:00.000Z', at: '2025-07-08T10:00:00.000Z' },
        revision: 2,
      });
      expect(foldCorrectionRequest([requested(), declined()])).toMatchObject({ status: 'DECLINED', declined: { publicReason: 'The figure was official.' } });
    });
  });
});
