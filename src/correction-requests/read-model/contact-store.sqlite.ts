import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ContactStore, StoredContact } from '../application/contact-store.port';

export const CONTACT_STORE_FILE = 'correction-contacts.sqlite';

/**
 * Readers' contact details, in their own SQLite file in DATA_DIR: not the event log (never deleted)
 * and not the read models (rebuilt from the log, which holds no contacts). One row per request, the
 * contact and when it is purged; nothing else about the reader (no address, no token subject).
 * secure_delete overwrites deleted rows, so a purged contact does not linger in free pages.
 */
export class SqliteContactStore implements ContactStore {
  private readonly db: Database.Database;

  constructor(dataDir: string) {
    mkdirSync(dataDir, { recursive: true });
    this.db = new Database(join(dataDir, CONTACT_STORE_FILE));
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('secure_delete = ON');
    this.db.exec('CREATE TABLE IF NOT EXISTS contacts (request_id TEXT PRIMARY KEY, contact TEXT NOT NULL, expires_at TEXT NOT NULL) WITHOUT ROWID');
    this.db.exec('CREATE INDEX IF NOT EXISTS contacts_expiry ON contacts (expires_at)');
  }

  save(entry: StoredContact): void {
    this.db.prepare('INSERT OR REPLACE INTO contacts (request_id, contact, expires_at) VALUES (?, ?, ?)').run(entry.requestId, entry.contact, entry.expiresAt);
  }

  read(requestId: string): StoredContact | null {
    const row = this.db.prepare('SELECT request_id, contact, expires_at FROM contacts WHERE request_id = ?').get(requestId) as
      | { request_id: string; contact: string; expires_at: string }
      | undefined;
    return row ? { requestId: row.request_id, contact: row.contact, expiresAt: row.expires_at } : null;
  }

  remove(requestId: string): void {
    if (this.db.prepare('DELETE FROM contacts WHERE request_id = ?').run(requestId).changes > 0) this.forget();
  }

  purgeExpired(now: Date): number {
    const purged = this.db.prepare('DELETE FROM contacts WHERE expires_at <= ?').run(now.toISOString()).changes;
    if (purged > 0) this.forget();
    return purged;
  }

  /**
   * The write-ahead log still holds the pages as they were before the delete (the contact in clear)
   * until a checkpoint: fold it into the file (where secure_delete has zeroed the row) and truncate it.
   */
  private forget(): void {
    this.db.pragma('wal_checkpoint(TRUNCATE)');
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
