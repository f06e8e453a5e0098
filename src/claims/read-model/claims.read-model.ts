import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import type Database from 'better-sqlite3';
import { ClaimStatus, ExistingClaim } from '../domain/claim';
import { InvalidArgument, Refusal } from '../../shared/refusal';
import { cursorsFor } from '../../shared/cursor';
import { ISO_DATE_OR_DATE_TIME_RULE, utcBound } from '../../shared/instant';
import { ReadModelsService } from '../../projections/read-models.service';
import { foldForSearch, searchWords } from '../../shared/search-folding';
import { languageRange } from '../../shared/language-tag';

/** Whose fact-check: the desk's own, or another desk's imported as a read-only reference. */
export type ClaimOrigin = 'DESK' | 'EXTERNAL';

export type ClaimSort = 'NEWEST' | 'OLDEST' | 'RECENTLY_UPDATED' | 'RECENTLY_PUBLISHED' | 'RELEVANCE';

export interface ClaimFilter {
  status?: ClaimStatus[];
  rating?: string[];
  topic?: string;
  claimant?: string;
  assigneeId?: string;
  /** Claims in review, assigned to this reviewer, without their standing verdict. */
  awaitingVerdictFrom?: string;
  submittedBy?: string;
  language?: string;
  published?: boolean;
  claimDateFrom?: string;
  claimDateTo?: string;
  submittedFrom?: string;
  submittedTo?: string;
  publishedFrom?: string;
  publishedTo?: string;
  search?: string;
  /** Absent: both. */
  origin?: ClaimOrigin;
}

export interface ClaimPage {
  claims: ExistingClaim[];
  cursors: string[];
  hasNextPage: boolean;
  totalCount: number;
}

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;
export const PUBLIC_STATUSES: ClaimStatus[] = ['PUBLISHED', 'RETRACTED'];
export const STATEMENT_CACHE_SIZE = 64;

interface Row {
  seq: number;
  updated_at: string;
  published_at: string | null;
  doc: string;
}

/**
 * Queries over the claims read model. Pagination is keyset-based (stable while claims are added),
 * except for relevance order, where the ranking itself moves as the corpus grows.
 */
@Injectable()
export class ClaimsReadModel {
  constructor(private readonly readModels: ReadModelsService) {}

  private statements?: { db: Database.Database; bySql: Map<string, Database.Statement> };

  /**
   * Statements prepared once per read-model database (a rebuild swaps the database). The SQL text
   * depends on which filters are given, never on their values or on the length of a list (lists are
   * one JSON parameter: `IN (SELECT value FROM json_each(?))`); and the cache keeps the most recently
   * used STATEMENT_CACHE_SIZE texts, so no sequence of filters can grow it.
   */
  private prepare(sql: string): Database.Statement {
    const db = this.readModels.db;
    if (this.statements?.db !== db) this.statements = { db, bySql: new Map() };
    const cache = this.statements.bySql;
    let statement = cache.get(sql);
    if (statement) {
      cache.delete(sql); // to the end: the most recently used
    } else {
      statement = db.prepare(sql);
      if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
    }
    cache.set(sql, statement);
    return statement;
  }

  /** How many prepared statements the cache holds (at most STATEMENT_CACHE_SIZE): for tests and metrics. */
  get preparedStatementCount(): number {
    return this.statements?.bySql.size ?? 0;
  }

  /** The SQL texts of the cached statements, most recently used last: for tests (query plans). */
  get preparedStatementSources(): string[] {
    return [...(this.statements?.bySql.keys() ?? [])];
  }

  private readonly logger = new Logger('ClaimsReadModel');

  /**
   * A failure of SQLite is the service's, not the caller's: its text (table names, "too many SQL
   * variables"...) goes to the log under a reference, and the caller gets the reference only.
   */
  private guarded<T>(what: string, query: () => T): T {
    try {
      return query();
    } catch (error) {
      if (error instanceof Refusal) throw error;
      const reference = randomUUID();
      this.logger.error(`${what} failed (reference ${reference}): ${String((error as { message?: unknown } | null)?.message ?? error)}`);
      throw new ReadModelFailure(reference);
    }
  }

  get(id: string, visibleStatuses?: ClaimStatus[]): ExistingClaim | null {
    return this.guarded('claim lookup', () => this.getUnguarded(id, visibleStatuses));
  }

  /** The claim a citation or verdict id belongs to (ids are unique across claims), or null for none. */
  partOwner(partId: string): { claimId: string; kind: 'CITATION' | 'VERDICT' } | null {
    return this.guarded('claim part lookup', () => {
      const row = this.prepare('SELECT c.id AS claimId, p.kind AS kind FROM claim_parts p JOIN claims c ON c.seq = p.claim WHERE p.part_id = ?').get(partId) as
        | { claimId: string; kind: 'CITATION' | 'VERDICT' }
        | undefined;
      return row ?? null;
    });
  }

  list(filter: ClaimFilter, options: { first?: number; after?: string; sort?: ClaimSort; visibleStatuses?: ClaimStatus[] }): ClaimPage {
    return this.guarded('claims query', () => this.listUnguarded(filter, options));
  }

  private getUnguarded(id: string, visibleStatuses?: ClaimStatus[]): ExistingClaim | null {
    const row = this.prepare('SELECT status, doc FROM claims WHERE id = ?').get(id) as { status: ClaimStatus; doc: string } | undefined;
    if (!row || (visibleStatuses && !visibleStatuses.includes(row.status))) return null;
    return JSON.parse(row.doc) as ExistingClaim;
  }

  private listUnguarded(filter: ClaimFilter, options: { first?: number; after?: string; sort?: ClaimSort; visibleStatuses?: ClaimStatus[] }): ClaimPage {
    const first = options.first ?? DEFAULT_PAGE_SIZE;
    if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
      throw new InvalidArgument(`first must be between 1 and ${MAX_PAGE_SIZE}; ask for the next page with "after" instead`, { field: 'first', max: MAX_PAGE_SIZE });
    }
    const search = filter.search !== undefined ? ftsQuery(filter.search) : undefined;
    const sort: ClaimSort = options.sort ?? (search ? 'RELEVANCE' : 'NEWEST');
    if (sort === 'RELEVANCE' && !search) throw new InvalidArgument('RELEVANCE order needs a search term', { field: 'sort' });

    const { where, params } = conditions(filter, search, options.visibleStatuses);
    // A cursor from another filter or sort is refused, not misread. Its position is the sort key of the
    // last row: [updated_at or published_at, seq] in time orders, [offset] for relevance, else [seq].
    const cursors = cursorsFor({ filter, sort, visible: options.visibleStatuses ?? null }, 'query (filter or order)');
    const byTime = sort === 'RECENTLY_UPDATED' || sort === 'RECENTLY_PUBLISHED';
    const cursor = options.after != null ? cursors.decode(options.after, byTime ? ['text', 'int'] : ['int']) : undefined;
    // CROSS JOIN makes SQLite drive the join from the full-text index: left to the planner, a status filter
    // (the visibility of anonymous readers) made it walk claims and re-run the MATCH for every row.
    const from = search ? 'claims_fts CROSS JOIN claims c ON c.seq = claims_fts.rowid' : 'claims c';

    const pageWhere = [...where];
    const pageParams = [...params];
    let order: string;
    let offset = 0;
    switch (sort) {
      case 'NEWEST':
        order = 'c.seq DESC';
        if (cursor) pageWhere.push('c.seq < ?'), pageParams.push(cursor[0]);
        break;
      case 'OLDEST':
        order = 'c.seq ASC';
        if (cursor) pageWhere.push('c.seq > ?'), pageParams.push(cursor[0]);
        break;
      case 'RECENTLY_UPDATED':
        order = 'c.updated_at DESC, c.seq DESC';
        if (cursor) pageWhere.push('(c.updated_at < ? OR (c.updated_at = ? AND c.seq < ?))'), pageParams.push(cursor[0], cursor[0], cursor[1] as number);
        break;
      case 'RECENTLY_PUBLISHED':
        // Only published claims have a place in publication order.
        pageWhere.push('c.published_at IS NOT NULL');
        where.push('c.published_at IS NOT NULL');
        order = 'c.published_at DESC, c.seq DESC';
        if (cursor) pageWhere.push('(c.published_at < ? OR (c.published_at = ? AND c.seq < ?))'), pageParams.push(cursor[0], cursor[0], cursor[1] as number);
        break;
      case 'RELEVANCE':
        order = 'bm25(claims_fts, 10.0, 5.0, 1.0, 2.0, 1.0) ASC, c.seq DESC';
        offset = cursor ? Number(cursor[0]) : 0;
        break;
    }

    const sql = (w: string[]) => (w.length ? `WHERE ${w.join(' AND ')}` : '');
    // The page's keys first, then its documents: an order the indexes cannot give (relevance, or any order
    // of a search) sorts every match, and must not read every match's document to do it.
    const keys = this.prepare(`SELECT c.seq FROM ${from} ${sql(pageWhere)} ORDER BY ${order} LIMIT ? OFFSET ?`).all(...pageParams, first + 1, offset) as { seq: number }[];
    const docs = keys.length
      ? (this.prepare('SELECT seq, updated_at, published_at, doc FROM claims WHERE seq IN (SELECT value FROM json_each(?))').all(JSON.stringify(keys.map((k) => k.seq))) as Row[])
      : [];
    const bySeq = new Map(docs.map((row) => [row.seq, row]));
    const rows = keys.map((k) => bySeq.get(k.seq)).filter((row): row is Row => row !== undefined);
    const totalCount = (this.prepare(`SELECT count(*) AS n FROM ${from} ${sql(where)}`).get(...params) as { n: number }).n;

    const page = rows.slice(0, first);
    const pageCursors = page.map((row, i) => {
      const k =
        sort === 'RELEVANCE'
          ? [offset + i + 1]
          : sort === 'RECENTLY_UPDATED'
            ? [row.updated_at, row.seq]
            : sort === 'RECENTLY_PUBLISHED'
              ? [row.published_at ?? '', row.seq]
              : [row.seq];
      return cursors.encode(k);
    });
    return { claims: page.map((r) => JSON.parse(r.doc) as ExistingClaim), cursors: pageCursors, hasNextPage: rows.length > first, totalCount };
  }

  /** How many of the desk's own claims are in each status, for its dashboard: other desks' fact-checks are not its work. */
  countsByStatus(visibleStatuses?: ClaimStatus[]): Record<ClaimStatus, number> {
    const counts: Record<ClaimStatus, number> = { DRAFT: 0, IN_REVIEW: 0, PUBLISHED: 0, REJECTED: 0, RETRACTED: 0 };
    const rows = this.guarded('desk counts', () => this.prepare("SELECT status, count(*) AS n FROM claims WHERE origin = 'DESK' GROUP BY status").all() as { status: ClaimStatus; n: number }[]);
    for (const row of rows) if (!visibleStatuses || visibleStatuses.includes(row.status)) counts[row.status] = row.n;
    return counts;
  }
}

/** What a caller sees of a failed query: a reference to quote, the detail being in the log under it. */
export class ReadModelFailure extends Error {
  override readonly name = 'ReadModelFailure';
  constructor(readonly reference: string) {
    super(`The query failed on the server; quote reference ${reference} to the desk's operators`);
  }
}

function conditions(filter: ClaimFilter, search: string | undefined, visible: ClaimStatus[] | undefined): { where: string[]; params: (string | number)[] } {
  const where: string[] = [];
  const params: (string | number)[] = [];
  // One parameter per list, whatever its length: the SQL text (and so the statement cache) does not
  // depend on it, and no list can reach SQLite's limit on variables.
  const inList = (column: string, values: string[]) => {
    where.push(`${column} IN (SELECT value FROM json_each(?))`);
    params.push(JSON.stringify([...new Set(values)]));
  };
  if (visible) inList('c.status', visible);
  if (filter.status?.length) inList('c.status', filter.status);
  if (filter.rating?.length) inList('c.rating', filter.rating);
  if (filter.topic !== undefined) where.push('c.seq IN (SELECT claim FROM claim_topics WHERE topic = ?)'), params.push(filter.topic.toLowerCase());
  if (filter.claimant !== undefined) where.push('c.claimant_key = ?'), params.push(foldForSearch(filter.claimant));
  if (filter.assigneeId !== undefined) where.push('c.seq IN (SELECT claim FROM claim_assignees WHERE reviewer_id = ?)'), params.push(filter.assigneeId);
  if (filter.awaitingVerdictFrom !== undefined) {
    where.push('c.seq IN (SELECT claim FROM claim_assignees WHERE reviewer_id = ? AND awaits_verdict = 1)');
    params.push(filter.awaitingVerdictFrom);
  }
  if (filter.submittedBy !== undefined) where.push('c.submitter_id = ?'), params.push(filter.submittedBy);
  if (filter.language !== undefined) {
    // BCP 47 basic filtering, case-insensitive: the tag itself or any tag it is a prefix of, subtag by subtag.
    const range = languageRange(filter.language);
    where.push('(c.language_key = ? OR (c.language_key >= ? AND c.language_key < ?))'), params.push(range.exact, range.from, range.to);
  }
  if (filter.origin !== undefined) where.push('c.origin = ?'), params.push(filter.origin);
  if (filter.published !== undefined) where.push(filter.published ? 'c.published_at IS NOT NULL' : 'c.published_at IS NULL');
  const range = (column: string, fields: string, from?: string, to?: string) => {
    // Stored times are UTC ISO text: each bound becomes its UTC instant (a bare date: that whole UTC day).
    if (from !== undefined) where.push(`${column} >= ?`), params.push(bound(from, 'from', `${fields}From`));
    if (to !== undefined) where.push(`${column} <= ?`), params.push(bound(to, 'to', `${fields}To`));
  };
  range('c.claim_date', 'claimDate', filter.claimDateFrom, filter.claimDateTo);
  range('c.submitted_at', 'submitted', filter.submittedFrom, filter.submittedTo);
  range('c.published_at', 'published', filter.publishedFrom, filter.publishedTo);
  // Readers (a visibility limit) search only what they may see: not the desk-only citations' text.
  // The published summary and rationales are the readers' too; the desk's own text is the desk's only.
  if (search) where.push('claims_fts MATCH ?'), params.push(visible ? `{statement claimant excerpts published} : (${search})` : search);
  return { where, params };
}

/** A range bound as stored times compare with it; refused (not misread) when it is not strict ISO 8601. */
function bound(value: string, side: 'from' | 'to', field: string): string {
  const text = utcBound(value, side);
  if (text === null) throw new InvalidArgument(`filter.${field} must be ${ISO_DATE_OR_DATE_TIME_RULE}`, { field: `filter.${field}` });
  return text;
}

/** At most this many words in a search (after folding). */
export const MAX_SEARCH_WORDS = 32;

/**
 * Turns what a person typed into a safe FTS5 query: folded as the index is (foldForSearch), every
 * word must appear, each as a prefix ("yekat" finds Yekaterinburg, "baki" Bakı); quotes and FTS
 * operators are taken literally (folding leaves only letters, digits and marks, each word quoted).
 */
export function ftsQuery(text: string): string {
  const words = searchWords(text);
  if (words.length === 0) throw new InvalidArgument('search needs at least one word or number', { field: 'filter.search' });
  if (words.length > MAX_SEARCH_WORDS) throw new InvalidArgument(`search may have at most ${MAX_SEARCH_WORDS} words`, { field: 'filter.search' });
  return words.map((w) => `"${w}"*`).join(' ');
}
