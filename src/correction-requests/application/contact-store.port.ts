/**
 * Where a reader's contact details are kept, apart from the event log: events are never deleted,
 * contact details must be (after the retention period). Readable only by editors, on the request.
 */
export interface StoredContact {
  requestId: string;
  contact: string;
  /** When it is purged (ISO 8601). */
  expiresAt: string;
}

export interface ContactStore {
  save(entry: StoredContact): void;
  read(requestId: string): StoredContact | null;
  remove(requestId: string): void;
  /** Deletes every contact whose time is up; answers how many went. */
  purgeExpired(now: Date): number;
}
export const CONTACT_STORE = Symbol('CONTACT_STORE');
