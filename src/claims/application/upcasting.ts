import type { JsonObject, RecordedEvent } from '../../event-store/event-store.port';
import { CLAIM_EVENT_SCHEMA_VERSIONS, ClaimEventType, isClaimEventType } from '../domain/claim';

/** Turns an event's data from schema version n into version n + 1. Pure; never touches storage. */
type Upcaster = (data: JsonObject) => JsonObject;

/**
 * Events are never rewritten: an event stored under an older schema stays as it was (its hash
 * covers it), and is read in the current shape through these steps, everywhere (domain, read
 * models, history). Add a step whenever CLAIM_EVENT_SCHEMA_VERSIONS goes up.
 */
const UPCASTERS: Partial<Record<ClaimEventType, Record<number, Upcaster>>> = {
  // v2 added archivedUrl: a snapshot of the source in a web archive, kept because cited pages change or vanish.
  CitationAdded: { 1: (data) => ({ ...data, archivedUrl: null }) },
  // v2 added the verdict's basis. A v1 verdict's basis is what the claim stood at when it was folded in:
  // null here tells evolve to take it from the state then (an upcaster sees one event, not the state).
  VerdictRecorded: { 1: (data) => ({ ...data, basis: null }) },
  VerdictRevised: { 1: (data) => ({ ...data, basis: null }) },
  // v2 pinned the methodology; a v1 publication has none recorded and reads through the configured scale, as before.
  FactCheckPublished: { 1: (data) => ({ ...data, methodology: null }) },
  // v2 added the justification a rating change needs when it departs from the verdicts; a v1 correction has none.
  FactCheckCorrected: { 1: (data) => ({ ...data, justification: null }) },
};

export function storedSchemaVersion(event: RecordedEvent): number {
  const version = event.metadata.schemaVersion;
  return typeof version === 'number' && Number.isInteger(version) && version >= 1 ? version : 1;
}

/** The event with its data in the current schema version (metadata, including the hash, left as stored). */
export function upcast(event: RecordedEvent): RecordedEvent {
  if (!isClaimEventType(event.type)) return event;
  const current = CLAIM_EVENT_SCHEMA_VERSIONS[event.type];
  let version = storedSchemaVersion(event);
  if (version > current) {
    throw new Error(`${event.type} at ${event.stream}@${event.revision} has schema version ${version}, newer than this code knows (${current}): upgrade the service`);
  }
  let data = event.data;
  while (version < current) {
    const step = UPCASTERS[event.type]?.[version];
    if (!step) throw new Error(`No upcaster for ${event.type} from schema version ${version}`);
    data = step(data);
    version += 1;
  }
  return data === event.data ? event : { ...event, data };
}
