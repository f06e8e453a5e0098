import { Injectable } from '@nestjs/common';
import { ReadModelsService } from '../../projections/read-models.service';
import { cursorsFor } from '../../shared/cursor';
import { InvalidArgument } from '../../shared/refusal';
import { PUBLIC_CHANGE_KINDS, PublicChange, PublicChangeKind } from '../domain/feeds';

export type { PublicChange, PublicChangeKind } from '../domain/feeds';

export interface PublicChangePage {
  changes: PublicChange[];
  /** Cursor after the last change of the page; null on the last page. */
  nextCursor: string | null;
}

export const MAX_PUBLIC_CHANGES_PAGE = 100;

interface ChangeRow {
  position: number;
  revision: number;
  claim_id: string;
  kind: PublicChangeKind;
  at: string;
  note: string | null;
  rating: string;
  previous_rating: string | null;
  summary: string;
  justification: string | null;
}

const toChange = (r: ChangeRow): PublicChange => ({
  claimId: r.claim_id,
  kind: r.kind,
  at: r.at,
  position: r.position,
  revision: r.revision,
  note: r.note,
  rating: r.rating,
  previousRating: r.previous_rating,
  summary: r.summary,
  justification: r.justification,
});

/** The kinds asked for, checked and in one order (so equal lists give equal cursors); all by default. */
function kindsOf(kinds: readonly PublicChangeKind[] | undefined): PublicChangeKind[] {
  if (kinds === undefined) return [...PUBLIC_CHANGE_KINDS];
  if (kinds.length === 0) throw new InvalidArgument('kinds must name at least one kind of change (or be left out for all)', { field: 'kinds' });
  const unknown = kinds.find((k) => !PUBLIC_CHANGE_KINDS.includes(k));
  if (unknown !== undefined) throw new InvalidArgument(`kinds: "${String(unknown)}" is not one of ${PUBLIC_CHANGE_KINDS.join(', ')}`, { field: 'kinds' });
  return PUBLIC_CHANGE_KINDS.filter((k) => kinds.includes(k));
}

/** The public record (publications, corrections, retractions), newest first: for the corrections log and the feeds. */
@Injectable()
export class PublicRecordReadModel {
  constructor(private readonly readModels: ReadModelsService) {}

  /**
   * A page of changes, newest first (by global position, then revision). `after` is a cursor this
   * read model issued for the same kinds; anything else is refused (InvalidArgument, field `after`).
   */
  changes(options: { first: number; after?: string; kinds?: PublicChangeKind[] }): PublicChangePage {
    const { first } = options;
    if (!Number.isInteger(first) || first < 1 || first > MAX_PUBLIC_CHANGES_PAGE) {
      throw new InvalidArgument(`first must be between 1 and ${MAX_PUBLIC_CHANGES_PAGE}; ask for the next page with "after" instead`, { field: 'first', max: MAX_PUBLIC_CHANGES_PAGE });
    }
    const kinds = kindsOf(options.kinds);
    const cursors = cursorsFor({ record: 'public', kinds }, 'public record query (other kinds)');
    const after = options.after !== undefined ? cursors.decode(options.after, ['int', 'int']) : undefined;
    const where = ['kind IN (SELECT value FROM json_each(?))'];
    const params: (string | number)[] = [JSON.stringify(kinds)];
    if (after) {
      where.push('(position < ? OR (position = ? AND revision < ?))');
      params.push(after[0], after[0], after[1]);
    }
    const rows = this.readModels.db
      .prepare(`SELECT * FROM public_changes WHERE ${where.join(' AND ')} ORDER BY position DESC, revision DESC LIMIT ?`)
      .all(...params, first + 1) as ChangeRow[];
    const page = rows.slice(0, first).map(toChange);
    const last = page[page.length - 1];
    return { changes: page, nextCursor: rows.length > first && last ? cursors.encode([last.position, last.revision]) : null };
  }

  /** The position of the newest change (of these kinds), null for none: what a cache can compare. */
  latestPosition(kinds?: PublicChangeKind[]): number | null {
    const row = this.readModels.db
      .prepare('SELECT max(position) AS position FROM public_changes WHERE kind IN (SELECT value FROM json_each(?))')
      .get(JSON.stringify(kindsOf(kinds))) as { position: number | null };
    return row.position;
  }
}
