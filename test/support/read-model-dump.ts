import Database from 'better-sqlite3';

/**
 * Every row of every read-model table in a file, in a stable order, for row-for-row comparisons of
 * read models built in different ways. The checkpoint's bookkeeping time is left out; projection
 * versions only on request (a test may run extra projections).
 */
export function dumpReadModels(file: string, options: { versions?: boolean } = {}) {
  const db = new Database(file, { readonly: true });
  try {
    const has = (table: string) => db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table) !== undefined;
    return {
      claims: db.prepare('SELECT * FROM claims ORDER BY seq').all(),
      topics: db.prepare('SELECT * FROM claim_topics ORDER BY topic, claim').all(),
      assignees: db.prepare('SELECT * FROM claim_assignees ORDER BY reviewer_id, claim').all(),
      fts: db.prepare('SELECT rowid, statement, claimant, excerpts FROM claims_fts ORDER BY rowid').all(),
      activity: has('activity') ? db.prepare('SELECT * FROM activity ORDER BY position').all() : [],
      checkpoint: db.prepare('SELECT position, events_applied FROM projection_checkpoint').all(),
      ...(options.versions ? { versions: db.prepare('SELECT * FROM projection_versions ORDER BY name').all() } : {}),
    };
  } finally {
    db.close();
  }
}
