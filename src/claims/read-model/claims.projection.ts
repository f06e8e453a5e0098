import type Database from 'better-sqlite3';
import type { RecordedEvent } from '../../event-store/event-store.port';
import { Change, Projection } from '../../projections/projection';
import { CLAIM_STREAM_PREFIX, toClaimEvent } from '../application/claim-stream';
import { evolve, ExistingClaim, initialClaimState } from '../domain/claim';
import { activeVerdicts } from '../domain/rules';

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
CREATE INDEX IF NOT EXISTS claim_topics_claim ON claim_topics (claim);

CREATE VIRTUAL TABLE IF NOT EXISTS claims_fts USING fts5(
  statement, claimant, excerpts,
  tokenize = 'unicode61 remove_diacritics 2'
);
`;

interface Row {
  seq: number;
  doc: string;
}

interface Statements {
  db: Database.Database;
  select: Database.Statement<[string], Row>;
  upsert: Database.Statement<[Record<string, unknown>]>;
  deleteTopics: Database.Statement<[number]>;
  addTopic: Database.Statement<[string, number]>;
  deleteAssignees: Database.Statement<[number]>;
  addAssignee: Database.Statement<[string, number, number]>;
  deleteText: Database.Statement<[number]>;
  addText: Database.Statement<[number, string, string, string]>;
}

/** What the side tables (topics, assignees, full text) hold for a claim, to rewrite them only when it changes. */
interface SideKeys {
  topics: string;
  assignees: string;
  text: string;
}

/** A claim touched by the current batch: folded in memory, written once when the batch commits. */
interface Entry {
  seq: number;
  claim: ExistingClaim;
  position: number;
  dirty: boolean;
  /** What the side tables hold now; null for a claim not yet in the read model. */
  stored: SideKeys | null;
}

const topicsOf = (claim: ExistingClaim) => [...new Set(claim.topics.map((t) => t.toLowerCase()))];
function assigneeRows(claim: ExistingClaim): [string, number][] {
  const rated = new Set(activeVerdicts(claim).map((v) => v.reviewer.id));
  return claim.assignees.map((a) => [a.id, claim.status === 'IN_REVIEW' && !rated.has(a.id) ? 1 : 0]);
}
const excerptsOf = (claim: ExistingClaim) => claim.citations.filter((c) => !c.retraction).map((c) => `${c.title}\n${c.excerpt}`).join('\n\n');
function sideKeys(claim: ExistingClaim): SideKeys {
  return {
    topics: JSON.stringify(topicsOf(claim)),
    assignees: JSON.stringify(assigneeRows(claim)),
    text: JSON.stringify([claim.statement, claim.claimant.name, excerptsOf(claim)]),
  };
}

export class ClaimsProjection implements Projection {
  readonly name = 'claims';
  readonly version: number = 1;
  private statements?: Statements;
  /** Claims touched by the batch in progress, by id. Dropped after every batch (see afterBatch). */
  private readonly batch = new Map<string, Entry>();

  migrate(db: Database.Database): void {
    db.exec(CLAIMS_SCHEMA);
  }

  /**
   * Folds the event into the claim in memory; the claim is written once per batch, in beforeCommit,
   * inside the same transaction as the batch's checkpoint.
   */
  apply(db: Database.Database, event: RecordedEvent): Change | undefined {
    if (!event.stream.startsWith(CLAIM_STREAM_PREFIX)) return undefined;
    const claimId = event.stream.slice(CLAIM_STREAM_PREFIX.length);
    let entry = this.batch.get(claimId);
    if (!entry) {
      const row = this.prepared(db).select.get(claimId);
      if (row) {
        const claim = JSON.parse(row.doc) as ExistingClaim;
        entry = { seq: row.seq, claim, position: event.position, dirty: false, stored: sideKeys(claim) };
        this.batch.set(claimId, entry);
      }
    }
    const after = evolve(entry?.claim ?? initialClaimState(), toClaimEvent(event));
    if (!after.exists) return undefined;
    if (!entry) {
      entry = { seq: event.position, claim: after, position: event.position, dirty: true, stored: null };
      this.batch.set(claimId, entry);
    }
    entry.claim = after;
    entry.position = event.position;
    entry.dirty = true;
    return { key: claimId, position: event.position, eventType: event.type };
  }

  beforeCommit(db: Database.Database): void {
    for (const entry of this.batch.values()) {
      if (!entry.dirty) continue;
      entry.stored = this.write(db, entry);
      entry.dirty = false;
    }
  }

  afterBatch(): void {
    this.batch.clear();
  }

  private prepared(db: Database.Database): Statements {
    if (this.statements?.db === db) return this.statements;
    this.statements = {
      db,
      select: db.prepare('SELECT seq, doc FROM claims WHERE id = ?'),
      upsert: db.prepare(
        `INSERT INTO claims (seq, id, revision, status, rating, claimant, claimant_key, submitter_id, language, claim_date, submitted_at, updated_at, published_at, last_position, doc)
         VALUES (@seq, @id, @revision, @status, @rating, @claimant, @claimantKey, @submitterId, @language, @claimDate, @submittedAt, @updatedAt, @publishedAt, @position, @doc)
         ON CONFLICT (seq) DO UPDATE SET revision = excluded.revision, status = excluded.status, rating = excluded.rating,
           claimant = excluded.claimant, claimant_key = excluded.claimant_key, language = excluded.language, claim_date = excluded.claim_date,
           updated_at = excluded.updated_at, published_at = excluded.published_at, last_position = excluded.last_position, doc = excluded.doc`,
      ),
      deleteTopics: db.prepare('DELETE FROM claim_topics WHERE claim = ?'),
      addTopic: db.prepare('INSERT OR IGNORE INTO claim_topics (topic, claim) VALUES (?, ?)'),
      deleteAssignees: db.prepare('DELETE FROM claim_assignees WHERE claim = ?'),
      addAssignee: db.prepare('INSERT INTO claim_assignees (reviewer_id, claim, awaits_verdict) VALUES (?, ?, ?)'),
      deleteText: db.prepare('DELETE FROM claims_fts WHERE rowid = ?'),
      addText: db.prepare('INSERT INTO claims_fts (rowid, statement, claimant, excerpts) VALUES (?, ?, ?, ?)'),
    };
    return this.statements;
  }

  private write(db: Database.Database, entry: Entry): SideKeys {
    const s = this.prepared(db);
    const { seq, claim, position } = entry;
    s.upsert.run({
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

    // The side tables are rewritten only when what they hold for this claim changed.
    const keys = sideKeys(claim);
    if (keys.topics !== entry.stored?.topics) {
      s.deleteTopics.run(seq);
      for (const topic of topicsOf(claim)) s.addTopic.run(topic, seq);
    }
    if (keys.assignees !== entry.stored?.assignees) {
      s.deleteAssignees.run(seq);
      for (const [reviewerId, awaits] of assigneeRows(claim)) s.addAssignee.run(reviewerId, seq, awaits);
    }
    if (keys.text !== entry.stored?.text) {
      s.deleteText.run(seq);
      s.addText.run(seq, claim.statement, claim.claimant.name, excerptsOf(claim));
    }
    return keys;
  }
}
