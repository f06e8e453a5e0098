import { AccessDenied, EventStoreError, EventStoreUnavailable, InvalidAppend, StreamDeleted, UnsupportedServer } from '../../event-store/event-store.errors';
import { quote } from '../../shared/quote';
import { Refusal } from '../../shared/refusal';

/**
 * What the event store's state or answer means for a claim, as clients are told it:
 * - CLAIM_DELETED: the claim's stream was tombstoned; it can never be read or written again.
 * - HISTORY_INCOMPLETE: the store no longer holds the claim's earliest events (truncated, or the
 *   stream was deleted and written again), so what is asked cannot be rebuilt from it.
 * - EVENT_STORE_UNAVAILABLE: the store could not be reached; nothing was written and the same
 *   request may be sent again (the only one of these worth retrying as it is).
 * - EVENT_STORE_ACCESS_DENIED, EVENT_STORE_UNSUPPORTED: the deployment is misconfigured (the
 *   credentials, the server's version); an operator must act, retrying changes nothing.
 * - EVENTS_REFUSED_BY_STORE: the store will not take these events as they are (too large, say).
 * - EVENT_STORE_ERROR: any other failure the store reported as not worth retrying.
 */
export type StoreRefusalCode =
  | 'CLAIM_DELETED'
  | 'HISTORY_INCOMPLETE'
  | 'EVENT_STORE_UNAVAILABLE'
  | 'EVENT_STORE_ACCESS_DENIED'
  | 'EVENT_STORE_UNSUPPORTED'
  | 'EVENTS_REFUSED_BY_STORE'
  | 'EVENT_STORE_ERROR';

export class StoreRefusal extends Refusal<StoreRefusalCode> {
  override readonly name = 'StoreRefusal';
}

/**
 * The refusal a client gets for a store failure while acting on or reading a claim (or, without
 * `claimId`, the whole log). `wrote` is what the caller was doing: a command says that nothing was
 * written (every one of these errors means the store took nothing), a query does not.
 */
export function storeRefusal(error: EventStoreError, claimId: string | undefined, wrote: boolean, attempts = 1): StoreRefusal {
  const nothing = wrote ? ' Nothing was written.' : '';
  const claim = claimId === undefined ? 'the event log' : `claim ${quote(claimId)}`;
  const about = claimId === undefined ? {} : { claimId };
  if (error instanceof StreamDeleted) {
    return new StoreRefusal('CLAIM_DELETED', `${capitalised(claim)} was permanently deleted from the event store: it can no longer be read or changed.${nothing}`, about);
  }
  if (error instanceof EventStoreUnavailable || error.retrySafe) {
    const tries = attempts > 1 ? ` (${attempts} attempts)` : '';
    // An append whose answer was lost and could not be read back may have been stored: never claim it was not.
    const again = wrote
      ? ' The change may or may not have been stored: send the same request again shortly with the same mutationId (it cannot be applied twice).'
      : ' Try again shortly.';
    return new StoreRefusal('EVENT_STORE_UNAVAILABLE', `The event store could not be reached${tries}.${again}`, { ...about, attempts });
  }
  if (error instanceof AccessDenied) {
    return new StoreRefusal(
      'EVENT_STORE_ACCESS_DENIED',
      `The event store denied this service access to ${claim}: the service's credentials or the stream's access rules need an operator; retrying changes nothing.${nothing}`,
      about,
    );
  }
  if (error instanceof UnsupportedServer) {
    return new StoreRefusal('EVENT_STORE_UNSUPPORTED', `The event store cannot be used by this service: ${sentence(error.message)}. An operator must act; retrying changes nothing.${nothing}`, about);
  }
  if (error instanceof InvalidAppend) {
    return new StoreRefusal('EVENTS_REFUSED_BY_STORE', `The event store refused the events of this act: ${sentence(error.message)}.${nothing}`, about);
  }
  return new StoreRefusal('EVENT_STORE_ERROR', `The event store refused the request (${error.name}); retrying it as it is would fail the same way.${nothing}`, about);
}

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
/** A message quoted inside a sentence of ours, without its own final full stop. */
const sentence = (text: string) => text.replace(/\.+$/, '');

/**
 * The store holds a claim's stream but not its start: `firstRevision` is the earliest revision left
 * (undefined: none is), `consequence` what that means for the request, in a sentence.
 */
export function historyIncomplete(claimId: string, firstRevision: number | undefined, consequence: string): StoreRefusal {
  const claim = quote(claimId);
  const gone =
    firstRevision === undefined
      ? `The event store still knows claim ${claim}'s stream but holds none of its events any more (truncated or deleted by an operator)`
      : `The event store no longer holds claim ${claim}'s events before revision ${firstRevision} (truncated, or its stream deleted and written again)`;
  return new StoreRefusal('HISTORY_INCOMPLETE', `${gone}: ${consequence}`, { claimId, firstRevision: firstRevision ?? null });
}
