/**
 * A reader's request that a published fact-check be corrected, as events in its own stream
 * (`correction-request-<requestId>`), and the state they fold into. No contact data ever goes into
 * an event: events are kept forever, contact details only as long as the retention allows (they
 * live in a private store beside the log; an event says only whether there is one).
 */

export interface ActorRef {
  id: string;
  name: string;
}

export type CorrectionRequested = {
  type: 'CorrectionRequested';
  data: { requestId: string; claimId: string; problem: string; evidenceUrl: string | null; hasContact: boolean; at: string };
};
export type CorrectionRequestAcknowledged = {
  type: 'CorrectionRequestAcknowledged';
  data: { requestId: string; claimId: string; by: ActorRef; at: string };
};
export type CorrectionRequestDeclined = {
  type: 'CorrectionRequestDeclined';
  data: { requestId: string; claimId: string; by: ActorRef; at: string; publicReason: string };
};
export type CorrectionRequestAccepted = {
  type: 'CorrectionRequestAccepted';
  /** `correctionNumber`: the 1-based index of the claim's correction that answers the request; `correctedAt` its time. */
  data: { requestId: string; claimId: string; by: ActorRef; at: string; correctionNumber: number; correctedAt: string };
};

export type CorrectionRequestEvent = CorrectionRequested | CorrectionRequestAcknowledged | CorrectionRequestDeclined | CorrectionRequestAccepted;
export type CorrectionRequestEventType = CorrectionRequestEvent['type'];

/** Bump an event's version when its data changes shape (and add an upcaster where it is read). */
export const CORRECTION_REQUEST_EVENT_SCHEMA_VERSIONS: Record<CorrectionRequestEventType, number> = {
  CorrectionRequested: 1,
  CorrectionRequestAcknowledged: 1,
  CorrectionRequestDeclined: 1,
  CorrectionRequestAccepted: 1,
};

export function isCorrectionRequestEventType(type: string): type is CorrectionRequestEventType {
  return Object.prototype.hasOwnProperty.call(CORRECTION_REQUEST_EVENT_SCHEMA_VERSIONS, type);
}

/** OPEN -> ACKNOWLEDGED (optional) -> DECLINED | ACCEPTED; the last two are final. */
export type CorrectionRequestStatus = 'OPEN' | 'ACKNOWLEDGED' | 'DECLINED' | 'ACCEPTED';

export interface CorrectionRequest {
  exists: true;
  requestId: string;
  claimId: string;
  problem: string;
  evidenceUrl: string | null;
  hasContact: boolean;
  status: CorrectionRequestStatus;
  requestedAt: string;
  acknowledged: { by: ActorRef; at: string } | null;
  declined: { by: ActorRef; at: string; publicReason: string } | null;
  accepted: { by: ActorRef; at: string; correctionNumber: number; correctedAt: string } | null;
  /** Revision of the last event folded in. */
  revision: number;
}

export type CorrectionRequestState = { exists: false; revision: number } | CorrectionRequest;

export const initialCorrectionRequestState = (): CorrectionRequestState => ({ exists: false, revision: -1 });

export function evolve(state: CorrectionRequestState, event: CorrectionRequestEvent): CorrectionRequestState {
  const revision = state.revision + 1;
  if (event.type === 'CorrectionRequested') {
    const { requestId, claimId, problem, evidenceUrl, hasContact, at } = event.data;
    return { exists: true, requestId, claimId, problem, evidenceUrl, hasContact, status: 'OPEN', requestedAt: at, acknowledged: null, declined: null, accepted: null, revision };
  }
  // Every later event is about a request that exists: a stream never starts with one of them.
  if (!state.exists) return { ...state, revision };
  switch (event.type) {
    case 'CorrectionRequestAcknowledged':
      return { ...state, status: 'ACKNOWLEDGED', acknowledged: { by: event.data.by, at: event.data.at }, revision };
    case 'CorrectionRequestDeclined': {
      const { by, at, publicReason } = event.data;
      return { ...state, status: 'DECLINED', declined: { by, at, publicReason }, revision };
    }
    case 'CorrectionRequestAccepted': {
      const { by, at, correctionNumber, correctedAt } = event.data;
      return { ...state, status: 'ACCEPTED', accepted: { by, at, correctionNumber, correctedAt }, revision };
    }
    default: {
      const unhandled: never = event;
      throw new Error(`Unhandled event ${(unhandled as { type: string }).type}`);
    }
  }
}

export const foldCorrectionRequest = (events: CorrectionRequestEvent[]): CorrectionRequestState => events.reduce(evolve, initialCorrectionRequestState());
