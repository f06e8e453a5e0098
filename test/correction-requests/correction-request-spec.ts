import type { Actor } from '../../src/shared/actor';
import type { CorrectionRequestCommand, FactCheckFacts } from '../../src/correction-requests/domain/commands';
import { CorrectionRequestEvent, foldCorrectionRequest } from '../../src/correction-requests/domain/correction-request';
import { decide } from '../../src/correction-requests/domain/decide';
import { CorrectionRequestError, CorrectionRequestErrorCode } from '../../src/correction-requests/domain/correction-request-error';

export const NOW = new Date('2025-07-10T12:00:00.000Z');
export const REQUESTED_AT = '2025-07-05T09:00:00.000Z';

export const reader: Actor | null = null;
export const editor: Actor = { id: 'edgar', name: 'Edgar Editor', roles: ['editor'] };
export const admin: Actor = { id: 'ada', name: 'Ada Admin', roles: ['admin'] };
export const reviewer: Actor = { id: 'rita', name: 'Rita Reviewer', roles: ['reviewer'] };

export const published = (corrections: string[] = []): FactCheckFacts => ({ claimId: 'claim-1', status: 'PUBLISHED', corrections: corrections.map((at) => ({ at })) });

/** Given (the request's stream) / when (a command, by an actor, with the fact-check as it stands) / then (events or refusal). */
export function given(history: CorrectionRequestEvent[], factCheck: FactCheckFacts | null = published(), now: Date = NOW) {
  return {
    when(command: CorrectionRequestCommand, actor: Actor | null) {
      const run = () => decide(command, foldCorrectionRequest(history), { actor, now, factCheck });
      return {
        then(expected: CorrectionRequestEvent[]): void {
          expect(run()).toEqual(expected);
        },
        /** The events decided, for a then that checks only part of them. */
        events(): CorrectionRequestEvent[] {
          return run();
        },
        thenRefused(code: CorrectionRequestErrorCode, message?: RegExp): CorrectionRequestError {
          let caught: unknown;
          try {
            run();
          } catch (error) {
            caught = error;
          }
          expect(caught).toBeInstanceOf(CorrectionRequestError);
          const error = caught as CorrectionRequestError;
          expect(error.code).toBe(code);
          if (message) expect(error.message).toMatch(message);
          return error;
        },
      };
    },
  };
}

export const requested = (overrides: Partial<Extract<CorrectionRequestEvent, { type: 'CorrectionRequested' }>['data']> = {}): CorrectionRequestEvent => ({
  type: 'CorrectionRequested',
  data: { requestId: 'req-1', claimId: 'claim-1', problem: 'The death toll was revised to two.', evidenceUrl: 'https://example.org/report', hasContact: true, at: REQUESTED_AT, ...overrides },
});
export const acknowledged = (at = '2025-07-06T10:00:00.000Z'): CorrectionRequestEvent => ({
  type: 'CorrectionRequestAcknowledged',
  data: { requestId: 'req-1', claimId: 'claim-1', by: { id: 'edgar', name: 'Edgar Editor' }, at },
});
export const declined = (): CorrectionRequestEvent => ({
  type: 'CorrectionRequestDeclined',
  data: { requestId: 'req-1', claimId: 'claim-1', by: { id: 'edgar', name: 'Edgar Editor' }, at: '2025-07-07T10:00:00.000Z', publicReason: 'The figure was official.' },
});
export const accepted = (): CorrectionRequestEvent => ({
  type: 'CorrectionRequestAccepted',
  data: { requestId: 'req-1', claimId: 'claim-1', by: { id: 'edgar', name: 'Edgar Editor' }, at: '2025-07-08T10:00:00.000Z', correctionNumber: 1, correctedAt: '2025-07-08T09:00:00.000Z' },
});
