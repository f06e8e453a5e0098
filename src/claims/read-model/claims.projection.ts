import type { Projection, Row, TableRows } from '../../projections/projection';
import { CLAIM_STREAM_PREFIX, evolveRecorded } from '../application/claim-stream';
import { CLAIM_EVENT_SCHEMA_VERSIONS, ExistingClaim, initialClaimState } from '../domain/claim';
import { activeVerdicts, isPublicCitation } from '../domain/rules';
import { foldForSearch } from '../../shared/search-folding';
import { languageKey } from '../../shared/language-tag';

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
  claimant_key  TEXT    NOT NULL,              -- folded (foldForSearch), for the claimant filter
  submitter_id  TEXT    NOT NULL,
  language      TEXT    NOT NULL,
  language_key  TEXT    NOT NULL,              -- the tag in lower case, "_" as "-", for BCP 47 prefix matching
  claim_date    TEXT    NOT NULL,
  submitted_at  TEXT    NOT NULL,
  updated_at    TEXT    NOT NULL,
  published_at  TEXT,
  last_position INTEGER NOT NULL,
  origin        TEXT    NOT NULL DEFAULT 'DESK', -- DESK, or EXTERNAL for another desk's fact-check (read-only)
  doc           TEXT    NOT NULL               -- the folded claim, as JSON
);
CREATE INDEX IF NOT EXISTS claims_status ON claims (status, seq);
CREATE INDEX IF NOT EXISTS claims_rating ON claims (rating, seq);
CREATE INDEX IF NOT EXISTS claims_claimant ON claims (claimant_key, seq);
CREATE INDEX IF NOT EXISTS claims_submitter ON claims (submitter_id, seq);
CREATE INDEX IF NOT EXISTS claims_language ON claims (language_key, seq);
CREATE INDEX IF NOT EXISTS claims_published ON claims (published_at);
CREATE INDEX IF NOT EXISTS claims_updated ON claims (updated_at);
CREATE INDEX IF NOT EXISTS claims_origin ON claims (origin, seq);

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

-- Every citation and verdict id with its claim, so node(id:) finds a part from its id alone.
CREATE TABLE IF NOT EXISTS claim_parts (
  part_id  TEXT    NOT NULL PRIMARY KEY,
  kind     TEXT    NOT NULL,                  -- CITATION or VERDICT
  claim    INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS claim_parts_claim ON claim_parts (claim);

-- Every column holds text folded by foldForSearch (src/shared/search-folding.ts), as queries are.
-- published: the published summary and the verdicts' rationales of a published fact-check (what readers see).
-- desk_excerpts: citations added after publication that no correction includes yet, and the rationales
-- of a claim never published (desk-only, not searched for readers).
CREATE VIRTUAL TABLE IF NOT EXISTS claims_fts USING fts5(
  statement, claimant, excerpts, published, desk_excerpts,
  tokenize = 'unicode61 remove_diacritics 2',
  prefix = '2 3'
);
`;

/** What the claims read model keeps per claim: its place in "newest first", the last event applied, the folded claim. */
export interface ClaimRecord {
  seq: number;
  position: number;
  claim: ExistingClaim;
}

const topicsOf = (claim: ExistingClaim) => [...new Set(claim.topics.map((t) => t.toLowerCase()))];
const excerptsOf = (claim: ExistingClaim, visibleToReaders: boolean) =>
  claim.citations
    .filter((c) => !c.retraction && isPublicCitation(claim, c) === visibleToReaders)
    .map((c) => `${c.title}\n${c.excerpt}`)
    .join('\n\n');
/** The verdicts' rationales: readers see them with the published fact-check; before it, only the desk does. */
const rationalesOf = (claim: ExistingClaim) => claim.verdicts.map((v) => v.rationale).join('\n\n');
const publishedTextOf = (claim: ExistingClaim) => (claim.publication ? `${claim.publication.summary}\n\n${rationalesOf(claim)}` : '');
const deskTextOf = (claim: ExistingClaim) => (claim.publication ? excerptsOf(claim, false) : `${excerptsOf(claim, false)}\n\n${rationalesOf(claim)}`);

/** The claim's full-text entry: every column folded as queries are. */
function ftsRow(seq: number, claim: ExistingClaim): Row {
  return {
    rowid: seq,
    statement: foldForSearch(claim.statement),
    claimant: foldForSearch(claim.claimant.name),
    excerpts: foldForSearch(excerptsOf(claim, true)),
    published: foldForSearch(publishedTextOf(claim)),
    desk_excerpts: foldForSearch(deskTextOf(claim)),
  };
}

/** A reviewer owes a verdict while the claim is in review and they have no standing one. */
function awaitsVerdict(claim: ExistingClaim, reviewerId: string): number {
  return claim.status === 'IN_REVIEW' && !activeVerdicts(claim).some((v) => v.reviewer.id === reviewerId) ? 1 : 0;
}

function claimRow({ seq, position, claim }: ClaimRecord): Row {
  return {
    seq,
    id: claim.id,
    revision: claim.revision,
    status: claim.status,
    rating: claim.publication?.rating ?? null,
    claimant: claim.claimant.name,
    claimant_key: foldForSearch(claim.claimant.name),
    submitter_id: claim.submittedBy.id,
    language: claim.language,
    language_key: languageKey(claim.language),
    claim_date: claim.claimDate,
    submitted_at: claim.submittedAt,
    updated_at: claim.updatedAt,
    published_at: claim.publication?.publishedAt ?? null,
    last_position: position,
    origin: claim.origin ?? 'DESK',
    doc: JSON.stringify(claim),
  };
}

/** The claim's rows: the claim itself, its topics, its assignees and its full-text entry (all keyed on seq). */
function claimRows(record: ClaimRecord): TableRows[] {
  const { seq, claim } = record;
  return [
    { table: 'claims', where: { seq }, rows: [claimRow(record)] },
    { table: 'claim_topics', where: { claim: seq }, rows: topicsOf(claim).map((topic) => ({ topic, claim: seq })) },
    { table: 'claim_assignees', where: { claim: seq }, rows: claim.assignees.map((a) => ({ reviewer_id: a.id, claim: seq, awaits_verdict: awaitsVerdict(claim, a.id) })) },
    {
      table: 'claim_parts',
      where: { claim: seq },
      rows: [...claim.citations.map((c) => ({ part_id: c.id, kind: 'CITATION', claim: seq })), ...claim.verdicts.map((v) => ({ part_id: v.id, kind: 'VERDICT', claim: seq }))],
    },
    { table: 'claims_fts', where: { rowid: seq }, rows: [ftsRow(seq, claim)] },
  ];
}

/**
 * The desk's claim list, keyed on the claim id. It folds with the domain's own `evolve` (as the
 * write side does, through evolveRecorded), so the read side and the write side always agree on
 * what a claim is.
 */
export const claimsProjection: Projection<ClaimRecord> = {
  name: 'claims',
  // 2: verdict bases, citation versions and pinned methodology in the document; desk-only excerpts apart.
  // 3: claim_parts (citation and verdict ids to their claim, for node(id:)).
  // 4: search folding (foldForSearch) of every indexed text and of claimant_key; published summaries and
  //    rationales indexed; language_key for BCP 47 filtering; prefix indexes.
  // 5: origin (DESK or EXTERNAL: other desks' fact-checks, imported as ClaimReview).
  version: 5,
  schema: CLAIMS_SCHEMA,
  // claim-notes-<id> (src/notes) shares the claim- prefix but is not a claim's stream.
  handles: { streamPrefix: CLAIM_STREAM_PREFIX, exceptStreamPrefixes: ['claim-notes-'], types: Object.keys(CLAIM_EVENT_SCHEMA_VERSIONS) },
  keyOf: (event) => event.stream.slice(CLAIM_STREAM_PREFIX.length),
  load: {
    table: 'claims',
    column: 'id',
    read: (row) => ({ seq: Number(row.seq), position: Number(row.last_position), claim: JSON.parse(String(row.doc)) as ExistingClaim }),
  },
  evolve(record, event) {
    // The claim's revision is the event's own, so a client can pass it as expectedRevision.
    const claim = evolveRecorded(record?.claim ?? initialClaimState(), event);
    // An event of a claim that does not exist (yet) changes nothing in the list.
    if (!claim.exists) return record;
    return { seq: record?.seq ?? event.position, position: event.position, claim };
  },
  rows: claimRows,
};

/** Every projection of the claims feature: what ClaimsModule registers, and scripts and the bench run. */
export const claimProjections: readonly Projection[] = [claimsProjection];
