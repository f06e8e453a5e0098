import { Injectable } from '@nestjs/common';
import { ReadModelsService } from '../../projections/read-models.service';
import { cursorsFor } from '../../shared/cursor';
import { InvalidArgument } from '../../shared/refusal';
import type { CorrectionRequest, CorrectionRequestStatus } from '../domain/correction-request';

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

export interface CorrectionRequestFilter {
  status?: CorrectionRequestStatus[];
  claimId?: string;
}

export interface CorrectionRequestPage {
  requests: CorrectionRequest[];
  cursors: string[];
  hasNextPage: boolean;
  totalCount: number;
}

/** What the public sees of a fact-check's correction requests: counts and the editors' public reasons, nothing a reader wrote. */
export interface CorrectionRequestSummary {
  received: number;
  /** Not yet resolved (acknowledged ones included). */
  open: number;
  acknowledged: number;
  declined: number;
  accepted: number;
  declinedReasons: string[];
  /** The numbers of the corrections that answered accepted requests, ascending, each once. */
  answeredByCorrections: number[];
}

/** Queries over the correction_requests read model: the editors' list (newest first, keyset-paged) and the public summary. */
@Injectable()
export class CorrectionRequestsReadModel {
  constructor(private readonly readModels: ReadModelsService) {}

  get(requestId: string): CorrectionRequest | null {
    const row = this.readModels.db.prepare('SELECT doc FROM correction_requests WHERE id = ?').get(requestId) as { doc: string } | undefined;
    return row ? (JSON.parse(row.doc) as CorrectionRequest) : null;
  }

  list(filter: CorrectionRequestFilter, options: { first?: number; after?: string }): CorrectionRequestPage {
    const first = options.first ?? DEFAULT_PAGE_SIZE;
    if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
      throw new InvalidArgument(`first must be between 1 and ${MAX_PAGE_SIZE}`, { field: 'first' });
    }
    const status = filter.status && filter.status.length > 0 ? [...new Set(filter.status)].sort() : null;
    const claimId = filter.claimId ?? null;
    const cursors = cursorsFor({ status, claimId }, 'correction request list (filter)');
    const before = options.after != null ? cursors.decode(options.after, ['int'])[0] : null;
    // One SQL text whatever is given: absent filters are NULL parameters; the status list is one JSON parameter.
    const where = `(? IS NULL OR status IN (SELECT value FROM json_each(?))) AND (? IS NULL OR claim_id = ?)`;
    const params = [status && JSON.stringify(status), status && JSON.stringify(status), claimId, claimId];
    const db = this.readModels.db;
    const rows = db
      .prepare(`SELECT seq, doc FROM correction_requests WHERE ${where} AND (? IS NULL OR seq < ?) ORDER BY seq DESC LIMIT ?`)
      .all(...params, before, before, first + 1) as { seq: number; doc: string }[];
    const { total } = db.prepare(`SELECT COUNT(*) AS total FROM correction_requests WHERE ${where}`).get(...params) as { total: number };
    const page = rows.slice(0, first);
    return {
      requests: page.map((row) => JSON.parse(row.doc) as CorrectionRequest),
      cursors: page.map((row) => cursors.encode([row.seq])),
      hasNextPage: rows.length > first,
      totalCount: total,
    };
  }

  summaryFor(claimId: string): CorrectionRequestSummary {
    const rows = this.readModels.db.prepare('SELECT doc FROM correction_requests WHERE claim_id = ? ORDER BY seq').all(claimId) as { doc: string }[];
    const requests = rows.map((row) => JSON.parse(row.doc) as CorrectionRequest);
    const count = (...statuses: CorrectionRequestStatus[]) => requests.filter((r) => statuses.includes(r.status)).length;
    return {
      received: requests.length,
      open: count('OPEN', 'ACKNOWLEDGED'),
      acknowledged: count('ACKNOWLEDGED'),
      declined: count('DECLINED'),
      accepted: count('ACCEPTED'),
      declinedReasons: requests.flatMap((r) => (r.declined ? [r.declined.publicReason] : [])),
      answeredByCorrections: [...new Set(requests.flatMap((r) => (r.accepted ? [r.accepted.correctionNumber] : [])))].sort((a, b) => a - b),
    };
  }
}
