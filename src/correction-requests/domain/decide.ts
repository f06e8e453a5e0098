import type { Actor } from '../../shared/actor';
import { URL_MAX_LENGTH } from '../../shared/input-rules';
import { characterCount, hasVisibleCharacter, normaliseText, textProblem, urlProblem } from '../../shared/text';
import type {
  AcceptCorrectionRequest,
  AcknowledgeCorrectionRequest,
  CorrectionDecisionContext,
  CorrectionRequestCommand,
  DeclineCorrectionRequest,
  RequestCorrection,
} from './commands';
import type { ActorRef, CorrectionRequest, CorrectionRequestEvent, CorrectionRequestState } from './correction-request';
import { CorrectionRequestError } from './correction-request-error';
import { CORRECTION_LIMITS } from './limits';

/**
 * The rules of correction requests: `decide(command, state, context) -> events`, pure. Anyone may
 * ask (no token); only editors acknowledge, decline (with a public reason) or accept, and accepting
 * names a correction of the claim published after the request was made.
 */
export function decide(command: CorrectionRequestCommand, state: CorrectionRequestState, context: CorrectionDecisionContext): CorrectionRequestEvent[] {
  switch (command.type) {
    case 'RequestCorrection':
      return requestCorrection(command, state, context);
    case 'AcknowledgeCorrectionRequest':
      return acknowledge(command, existing(state, command.requestId), context);
    case 'DeclineCorrectionRequest':
      return decline(command, existing(state, command.requestId), context);
    case 'AcceptCorrectionRequest':
      return accept(command, existing(state, command.requestId), context);
    default: {
      const unhandled: never = command;
      throw new Error(`Unhandled command ${(unhandled as { type: string }).type}`);
    }
  }
}

function requestCorrection(command: RequestCorrection, state: CorrectionRequestState, { now, factCheck }: CorrectionDecisionContext): CorrectionRequestEvent[] {
  if (state.exists) throw new CorrectionRequestError('CORRECTION_REQUEST_EXISTS', `Correction request ${command.requestId} already exists`, { requestId: command.requestId });
  // The same answer for "no such claim" and "not published": a reader learns nothing about drafts.
  if (!factCheck || factCheck.claimId !== command.claimId || factCheck.status !== 'PUBLISHED') {
    throw new CorrectionRequestError('CLAIM_NOT_PUBLISHED', `There is no published fact-check ${command.claimId}: corrections can be requested of published fact-checks only`, {
      claimId: command.claimId,
    });
  }
  const problem = checkedText('problem', command.problem, CORRECTION_LIMITS.problem);
  const evidenceUrl = command.evidenceUrl === null ? null : checkedUrl(command.evidenceUrl);
  return [{ type: 'CorrectionRequested', data: { requestId: command.requestId, claimId: command.claimId, problem, evidenceUrl, hasContact: command.hasContact, at: now.toISOString() } }];
}

function acknowledge(command: AcknowledgeCorrectionRequest, request: CorrectionRequest, context: CorrectionDecisionContext): CorrectionRequestEvent[] {
  const by = editor(context.actor, 'acknowledge a correction request');
  unresolved(request);
  if (request.status === 'ACKNOWLEDGED') {
    throw new CorrectionRequestError('CORRECTION_REQUEST_ALREADY_ACKNOWLEDGED', `Correction request ${request.requestId} was already acknowledged at ${request.acknowledged?.at}`, {
      requestId: request.requestId,
    });
  }
  return [{ type: 'CorrectionRequestAcknowledged', data: { requestId: command.requestId, claimId: request.claimId, by, at: context.now.toISOString() } }];
}

function decline(command: DeclineCorrectionRequest, request: CorrectionRequest, context: CorrectionDecisionContext): CorrectionRequestEvent[] {
  const by = editor(context.actor, 'decline a correction request');
  unresolved(request);
  const publicReason = checkedText('publicReason', command.publicReason, CORRECTION_LIMITS.publicReason);
  return [{ type: 'CorrectionRequestDeclined', data: { requestId: command.requestId, claimId: request.claimId, by, at: context.now.toISOString(), publicReason } }];
}

function accept(command: AcceptCorrectionRequest, request: CorrectionRequest, context: CorrectionDecisionContext): CorrectionRequestEvent[] {
  const by = editor(context.actor, 'accept a correction request');
  unresolved(request);
  const { correctionNumber } = command;
  const corrections = context.factCheck?.claimId === request.claimId ? context.factCheck.corrections : [];
  const correction = Number.isInteger(correctionNumber) && correctionNumber >= 1 ? corrections[correctionNumber - 1] : undefined;
  if (!correction) {
    throw new CorrectionRequestError(
      'CORRECTION_NOT_FOUND',
      `Claim ${request.claimId} has ${corrections.length} correction(s): there is no correction ${correctionNumber}. Publish the correction (correctFactCheck) first, then accept the request with its number`,
      { claimId: request.claimId, correctionNumber, corrections: corrections.length },
    );
  }
  // The correction must answer the request: one published before the reader asked cannot.
  if (Date.parse(correction.at) < Date.parse(request.requestedAt)) {
    throw new CorrectionRequestError(
      'CORRECTION_PREDATES_REQUEST',
      `Correction ${correctionNumber} of claim ${request.claimId} was published at ${correction.at}, before the request was made (${request.requestedAt}): it cannot answer it`,
      { claimId: request.claimId, correctionNumber, correctedAt: correction.at, requestedAt: request.requestedAt },
    );
  }
  return [
    {
      type: 'CorrectionRequestAccepted',
      data: { requestId: command.requestId, claimId: request.claimId, by, at: context.now.toISOString(), correctionNumber, correctedAt: correction.at },
    },
  ];
}

function existing(state: CorrectionRequestState, requestId: string): CorrectionRequest {
  if (!state.exists) throw new CorrectionRequestError('CORRECTION_REQUEST_NOT_FOUND', `There is no correction request ${requestId}`, { requestId });
  return state;
}

function editor(actor: Actor | null, act: string): ActorRef {
  if (!actor || !actor.roles.some((role) => role === 'editor' || role === 'admin')) {
    throw new CorrectionRequestError('FORBIDDEN', `Only an editor may ${act}`, { needed: ['editor', 'admin'] });
  }
  return { id: actor.id, name: actor.name };
}

function unresolved(request: CorrectionRequest): void {
  const resolution = request.declined ?? request.accepted;
  if (resolution) {
    throw new CorrectionRequestError('CORRECTION_REQUEST_RESOLVED', `Correction request ${request.requestId} was already ${request.status.toLowerCase()} at ${resolution.at}: it is final`, {
      requestId: request.requestId,
      status: request.status,
    });
  }
}

/** The API checks the same; the domain holds the rule for every other way in (scripts, imports). */
function checkedText(field: string, text: string, max: number): string {
  const value = normaliseText(text);
  const problem = characterCount(value) > max ? `must be at most ${max} characters` : !hasVisibleCharacter(value) ? 'must not be blank' : textProblem(value, 'text');
  if (problem) throw new CorrectionRequestError('INVALID_CORRECTION_REQUEST', `${field} ${problem}`, { field });
  return value;
}

function checkedUrl(url: string): string {
  const problem = characterCount(url) > URL_MAX_LENGTH ? `must be at most ${URL_MAX_LENGTH} characters` : urlProblem(url);
  if (problem) throw new CorrectionRequestError('INVALID_CORRECTION_REQUEST', `evidenceUrl ${problem}`, { field: 'evidenceUrl' });
  return url;
}
