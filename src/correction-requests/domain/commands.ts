import type { Actor } from '../../shared/actor';

export type RequestCorrection = {
  type: 'RequestCorrection';
  requestId: string;
  claimId: string;
  problem: string;
  evidenceUrl: string | null;
  /** Whether the reader left a way to reach them; the contact itself never reaches the domain. */
  hasContact: boolean;
};
export type AcknowledgeCorrectionRequest = { type: 'AcknowledgeCorrectionRequest'; requestId: string };
export type DeclineCorrectionRequest = { type: 'DeclineCorrectionRequest'; requestId: string; publicReason: string };
export type AcceptCorrectionRequest = { type: 'AcceptCorrectionRequest'; requestId: string; correctionNumber: number };

export type CorrectionRequestCommand = RequestCorrection | AcknowledgeCorrectionRequest | DeclineCorrectionRequest | AcceptCorrectionRequest;

/**
 * What the decider needs to know of the fact-check a request is about (read by the application
 * from the claims feature): its status and when each of its corrections was published.
 */
export interface FactCheckFacts {
  claimId: string;
  status: string;
  corrections: { at: string }[];
}

export interface CorrectionDecisionContext {
  /** Null for an anonymous reader: asking for a correction needs no token. */
  actor: Actor | null;
  now: Date;
  /** The fact-check the request is about, null when there is no such claim (or it is not visible). */
  factCheck: FactCheckFacts | null;
}
