import Database from 'better-sqlite3';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONTACT_STORE_FILE, SqliteContactStore } from '../../src/correction-requests/read-model/contact-store.sqlite';
import { makeTempDir } from '../support/temp-dir';
import { startTestApp } from '../support/test-app';

describe('correction requests: the private contact store', () => {
  it('keeps a contact until its expiry, then a purge deletes it (and only the expired ones)', () => {
    const dir = makeTempDir('contacts-');
    const store = new SqliteContactStore(dir.path);
    try {
      store.save({ requestId: 'old', contact: 'old@example.org', expiresAt: '2025-01-01T00:00:00.000Z' });
      store.save({ requestId: 'new', contact: 'new@example.org', expiresAt: '2025-12-31T00:00:00.000Z' });
      expect(store.read('old')?.contact).toBe('old@example.org');
      expect(store.purgeExpired(new Date('2025-06-01T00:00:00.000Z'))).toBe(1);
      expect(store.read('old')).toBeNull();
      expect(store.read('new')).toEqual({ requestId: 'new', contact: 'new@example.org', expiresAt: '2025-12-31T00:00:00.000Z' });
      store.remove('new');
      expect(store.read('new')).toBeNull();
    } finally {
      store.close();
      dir.remove();
    }
  });

  it('leaves no purged or removed contact readable in the files on disk (database or write-ahead log), while the store stays open', () => {
    const dir = makeTempDir('contacts-disk-');
    const store = new SqliteContactStore(dir.path);
    const onDisk = () =>
      readdirSync(dir.path)
        .filter((name) => name.startsWith(CONTACT_STORE_FILE))
        .map((name) => readFileSync(join(dir.path, name)).toString('latin1'))
        .join('');
    try {
      for (let i = 0; i < 20; i++) store.save({ requestId: `r${i}`, contact: `purged-reader-${i}@example.org`, expiresAt: '2025-01-01T00:00:00.000Z' });
      store.save({ requestId: 'kept', contact: 'kept-reader@example.org', expiresAt: '2999-01-01T00:00:00.000Z' });
      store.save({ requestId: 'withdrawn', contact: 'removed-reader@example.org', expiresAt: '2999-01-01T00:00:00.000Z' });
      expect(onDisk()).toContain('purged-reader-7@example.org');
      expect(store.purgeExpired(new Date('2025-06-01T00:00:00.000Z'))).toBe(20);
      store.remove('withdrawn');
      const bytes = onDisk();
      expect(bytes).not.toMatch(/purged-reader-\d+@example\.org/);
      expect(bytes).not.toContain('removed-reader@example.org');
      expect(store.read('kept')?.contact).toBe('kept-reader@example.org');
    } finally {
      store.close();
      dir.remove();
    }
  });

  it('is purged when the service starts', async () => {
    const dir = makeTempDir('contacts-start-');
    const seeded = new SqliteContactStore(dir.path);
    seeded.save({ requestId: 'expired', contact: 'gone@example.org', expiresAt: '2020-01-01T00:00:00.000Z' });
    seeded.save({ requestId: 'current', contact: 'kept@example.org', expiresAt: '2999-01-01T00:00:00.000Z' });
    seeded.close();
    const app = await startTestApp({ DATA_DIR: dir.path });
    try {
      const db = new Database(join(dir.path, CONTACT_STORE_FILE), { readonly: true });
      const ids = (db.prepare('SELECT request_id FROM contacts ORDER BY request_id').all() as { request_id: string }[]).map((r) => r.request_id);
      db.close();
      expect(ids).toEqual(['current']);
    } finally {
      await app.close();
      dir.remove();
    }
  });
});
