import { randomUUID } from 'node:crypto';
import { InvalidAppend } from './event-store.errors';
import { ANY, ExpectedRevision, NO_STREAM, NewEvent, STREAM_EXISTS } from './event-store.port';

const MAX_STREAM_NAME = 1000;
const MAX_TYPE_NAME = 200;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Checks an append before any adapter touches storage, so every backend refuses the same
 * inputs with the same error and a refused append never leaves a trace.
 */
export function validateAppend(stream: string, events: NewEvent[], expected: ExpectedRevision): NewEvent[] {
  if (typeof stream !== 'string' || stream.length === 0) throw new InvalidAppend('Stream name must be a non-empty string');
  if (stream.length > MAX_STREAM_NAME) throw new InvalidAppend(`Stream name is longer than ${MAX_STREAM_NAME} characters`);
  if (stream.startsWith('$')) throw new InvalidAppend(`Stream "${stream}" is reserved: names starting with "$" belong to the store`);
  if (!isExpectedRevision(expected)) throw new InvalidAppend(`Expected revision ${String(expected)} is not ANY, NO_STREAM, STREAM_EXISTS or a revision >= 0`);
  if (!Array.isArray(events) || events.length === 0) throw new InvalidAppend('An append needs at least one event');

  const ids = new Set<string>();
  events.forEach((event, index) => {
    const where = `event #${index} of stream "${stream}"`;
    if (typeof event.type !== 'string' || event.type.length === 0) throw new InvalidAppend(`${where} has no type`);
    if (event.type.length > MAX_TYPE_NAME) throw new InvalidAppend(`${where}: type is longer than ${MAX_TYPE_NAME} characters`);
    if (event.type.startsWith('$')) throw new InvalidAppend(`${where}: types starting with "$" are reserved for system events`);
    if (event.id !== undefined) {
      if (!UUID.test(event.id)) throw new InvalidAppend(`${where}: id "${event.id}" is not a uuid`);
      if (ids.has(event.id.toLowerCase())) throw new InvalidAppend(`${where}: id ${event.id} appears twice in one append`);
      ids.add(event.id.toLowerCase());
    }
    assertJsonObject(event.data, `${where}: data`);
    if (event.metadata !== undefined) assertJsonObject(event.metadata, `${where}: metadata`);
  });
  return events;
}

function isExpectedRevision(value: unknown): value is ExpectedRevision {
  if (value === ANY || value === NO_STREAM || value === STREAM_EXISTS) return true;
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function assertJsonObject(value: unknown, what: string): void {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new InvalidAppend(`${what} must be a JSON object`);
  try {
    JSON.stringify(value);
  } catch (error) {
    throw new InvalidAppend(`${what} is not serialisable as JSON: ${(error as Error).message}`);
  }
}

/**
 * The id an event is stored under: the caller's, or a fresh uuid. Lower-cased in both adapters
 * because EventStoreDB stores ids as Guids and returns them lower-cased, so idempotent retries
 * compare equal whatever case the caller used.
 */
export function storedEventId(event: NewEvent): string {
  return (event.id ?? randomUUID()).toLowerCase();
}
