import type Database from 'better-sqlite3';
import type { RecordedEvent } from '../../event-store/event-store.port';
import { Change, Projection } from '../../projections/projection';
import { CLAIM_STREAM_PREFIX, toClaimEvent } from '../../fact-check/claim-stream';
import { activeVerdicts, evolve, ExistingClaim, initialClaimState } from '../../fact-check/domain/claim';

/**
 * The desk's claim list: one row per claim holding the folded claim (the same `evolve` as the
 * write side, so both always agree) plus the columns the desk filters and sorts on, its topics,
 * its assignees (with whether each still owes a verdict) and a full-text index.
 */
export const CLAIMS_SCHEMA = `
CREATE TABLE IF NOT EXISTS claims (
  seq           INTEGER PRIMARY KEY,          -- global position of ClaimSubmitted: the "newest first" order
  id            TEXT    NOT NULL UNIQUE,
  revision      INTEGER NOT NULL,
  status        TEXT    NOT NULL,
  rating        TEXT,                          -- published rating (after corrections), null until published
  claimant      TEXT    NOT NULL,
  claimant_key  TEXT    NOT NULL,              -- lower-cased, for exact filtering
  submitter_id  TEXT    NOT NULL,
  language      TEXT    NOT NULL,
  claim_date    TEXT    NOT NULL,
  submitted_at  TEXT    NOT NULL,
  updated_at    TEXT    NOT NULL,
  published_at  TEXT,
  last_position INTEGER NOT NULL,
  doc           TEXT    NOT NULL               -- the folded claim, as JSON
);
CREATE INDEX IF NOT EXISTS claims_status ON claims (status, seq);
CREATE INDEX IF NOT EXISTS claims_rating ON claims (rating, seq);
CREATE INDEX IF NOT EXISTS claims_claimant ON claims (claimant_key, seq);
CREATE INDEX IF NOT EXISTS claims_submitter ON claims (submitter_id, seq);
CREATE INDEX IF NOT EXISTS claims_language ON claims (language, seq);
CREATE INDEX IF NOT EXISTS claims_published ON claims (published_at);
CREATE INDEX IF NOT EXISTS claims_updated ON claims (updated_at);

CREATE TABLE IF NOT EXISTS claim_topics (
  topic    TEXT    NOT NULL,
  claim    INTEGER NOT NULL,
  PRIMARY KEY (topic, claim)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS claim_assignees (
  reviewer_id    TEXT    NOT NULL,
  claim          INTEGER NOT NULL,
  awaits_verdict INTEGER NOT NULL,            -- 1 while the claim is in review and this reviewer has no standing verdict
  PRIMARY KEY (reviewer_id, claim)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS claim_assignees_claim ON claim_assignees (claim);

CREATE VIRTUAL TABLE IF NOT EXISTS claims_fts USING fts5(
  statement, claimant, excerpts,
  tokenize = 'unicode61 remove_diacritics 2'
);
`;

interface Row {
  seq: number;
  doc: string;
}

export class ClaimsProjection implements Projection {
  readonly name = 'claims';
  readonly version: number = 1;

  migrate(db: Database.Database): void {
    db.exec(CLAIMS_SCHEMA);
  }

  apply(db: Database.Database, event: RecordedEvent): Change | undefined {
    if (!event.stream.startsWith(CLAIM_STREAM_PREFIX)) return undefined;
    const claimId = event.stream.slice(CLAIM_STREAM_PREFIX.length);
    const row = db.prepare('SELECT seq, doc FROM claims WHERE id = ?').get(claimId) as Row | undefined;
    const before = row ? (JSON.parse(row.doc) as ExistingClaim) : initialClaimState();
    const after = evolve(before, toClaimEvent(event));
    if (!after.exists) return undefined;
    this.write(db, row?.seq ?? event.position, after, event.position);
    return { key: claimId, position: event.position, eventType: event.type };
  }

  private write(db: Database.Database, seq: number, claim: ExistingClaim, position: number): void {
    db.prepare(
      `INSERT INTO claims (seq, id, revision, status, rating, claimant, claimant_key, submitter_id, language, claim_date, submitted_at, updated_at, published_at, last_position, doc)
       VALUES (@seq, @id, @revision, @status, @rating, @claimant, @claimantKey, @submitterId, @language, @claimDate, @submittedAt, @updatedAt, @publishedAt, @position, @doc)
       ON CONFLICT (seq) DO UPDATE SET revision = excluded.revision, status = excluded.status, rating = excluded.rating,
         claimant = excluded.claimant, claimant_key = excluded.claimant_key, language = excluded.language, claim_date = excluded.claim_date,
         updated_at = excluded.updated_at, published_at = excluded.published_at, last_position = excluded.last_position, doc = excluded.doc`,
    ).run({
      seq,
      id: claim.id,
      revision: claim.revision,
      status: claim.status,
      rating: claim.publication?.rating ?? null,
      claimant: claim.claimant.name,
      claimantKey: claim.claimant.name.toLowerCase(),
      submitterId: claim.submittedBy.id,
      language: claim.language,
      claimDate: claim.claimDate,
      submittedAt: claim.submittedAt,
      updatedAt: claim.updatedAt,
      publishedAt: claim.publication?.publishedAt ?? null,
      position,
      doc: JSON.stringify(claim),
    });

    db.prepare('DELETE FROM claim_topics WHERE claim = ?').run(seq);
    const addTopic = db.prepare('INSERT OR IGNORE INTO claim_topics (topic, claim) VALUES (?, ?)');
    for (const topic of claim.topics) addTopic.run(topic.toLowerCase(), seq);

    db.prepare('DELETE FROM claim_assignees WHERE claim = ?').run(seq);
    const rated = new Set(activeVerdicts(claim).map((v) => v.reviewer.id));
    const addAssignee = db.prepare('INSERT INTO claim_assignees (reviewer_id, claim, awaits_verdict) VALUES (?, ?, ?)');
    for (const a of claim.assignees) addAssignee.run(a.id, seq, claim.status === 'IN_REVIEW' && !rated.has(a.id) ? 1 : 0);

    db.prepare('DELETE FROM claims_fts WHERE rowid = ?').run(seq);
    const excerpts = claim.citations.filter((c) => !c.retraction).map((c) => `${c.title}\n${c.excerpt}`).join('\n\n');
    db.prepare('INSERT INTO claims_fts (rowid, statement, claimant, excerpts) VALUES (?, ?, ?, ?)').run(seq, claim.statement, claim.claimant.name, excerpts);
  }
}
