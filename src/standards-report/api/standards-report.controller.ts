import { Controller, Get, HttpException, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { InvalidToken, TokenVerifier } from '../../auth/token-verifier';
import { DATE_TIME_RULE, dateTimeInput } from '../../graphql/scalars';
import { Refusal } from '../../shared/refusal';
import { StandardsReportReadModel } from '../read-model/standards-report.read-model';
import { requireEditor } from './standards-report.access';
import { standardsReportCsv } from './standards-report.csv';

const STATUS: Record<string, number> = { BAD_USER_INPUT: 400, UNAUTHENTICATED: 401, FORBIDDEN: 403 };

function fail(status: number, code: string, message: string, field?: string): HttpException {
  return new HttpException({ statusCode: status, code, message, ...(field ? { field } : {}) }, status);
}

/**
 * A query parameter given at most once, as a plain value, read by the same rule as GraphQL's
 * `DateTime` (a bare day, or RFC 3339 with seconds, in UTC years 0000-9999), so both ways in agree.
 */
function single(name: string, value: unknown): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') throw fail(400, 'BAD_USER_INPUT', `${name} may be given once, as a plain value`, name);
  const checked = dateTimeInput(value);
  if (checked === null) throw fail(400, 'BAD_USER_INPUT', `${name} must be ${DATE_TIME_RULE}`, name);
  return checked;
}

/**
 * The standards report over plain HTTP, for spreadsheets and scripts: the same figures as the
 * GraphQL `standardsReport`, for an editor's bearer token. Never cached: it names people.
 */
@Controller()
export class StandardsReportController {
  constructor(
    private readonly reports: StandardsReportReadModel,
    private readonly verifier: TokenVerifier,
  ) {}

  @Get('standards-report.json')
  async json(@Req() req: Request, @Query('from') from: unknown, @Query('to') to: unknown, @Res({ passthrough: true }) res: Response): Promise<string> {
    const report = await this.build(req, from, to);
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.setHeader('Cache-Control', 'no-store');
    return JSON.stringify(report);
  }

  @Get('standards-report.csv')
  async csv(@Req() req: Request, @Query('from') from: unknown, @Query('to') to: unknown, @Res({ passthrough: true }) res: Response): Promise<string> {
    const report = await this.build(req, from, to);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8; header=present');
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Content-Disposition', `attachment; filename="standards-report_${report.from.slice(0, 10)}_${report.to.slice(0, 10)}.csv"`);
    // The byte-order mark makes spreadsheets read the file as UTF-8 (statements are in many scripts).
    return `\uFEFF${standardsReportCsv(report)}`;
  }

  private async build(req: Request, rawFrom: unknown, rawTo: unknown) {
    let actor;
    try {
      actor = await this.verifier.authenticate(req.headers.authorization);
    } catch (error) {
      if (error instanceof InvalidToken) throw fail(401, 'UNAUTHENTICATED', error.message);
      throw error;
    }
    if (!actor) throw fail(401, 'UNAUTHENTICATED', 'Sign in: this needs an editor\'s bearer token (see `npm run token`)');
    try {
      requireEditor(actor);
      // A misspelt parameter (`From`, `from[]`) would otherwise give the whole log's report without a word.
      const unknown = Object.keys(req.query ?? {}).filter((name) => name !== 'from' && name !== 'to');
      if (unknown.length > 0) {
        throw fail(400, 'BAD_USER_INPUT', `Unknown query parameter${unknown.length > 1 ? 's' : ''} ${unknown.map((n) => JSON.stringify(n.slice(0, 40))).join(', ')}: only from and to are read`, unknown[0].slice(0, 40));
      }
      return this.reports.report({ from: single('from', rawFrom), to: single('to', rawTo) });
    } catch (error) {
      if (error instanceof Refusal && STATUS[error.code]) {
        const field = typeof error.details.field === 'string' ? error.details.field : undefined;
        throw fail(STATUS[error.code], error.code, error.message, field);
      }
      throw error;
    }
  }
}
