import { BadRequestException, Controller, Get, Query, Req, Res, ServiceUnavailableException } from '@nestjs/common';
import type { Request, Response } from 'express';
import { InvalidArgument } from '../../shared/refusal';
import { toBase64 } from '../domain/bytes';
import { parseTreeIndex } from '../application/log-proofs';
import { TransparencyLogService } from '../application/transparency-log.service';

const TEXT = 'text/plain; charset=utf-8';
/** A proof for fixed sizes never changes. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

function wantsJson(req: Request): boolean {
  return req.accepts(['text/plain', 'application/json']) === 'application/json';
}

/** Runs `answer`, turning a refused parameter into a 400 naming it. */
function parameters<T>(answer: () => T): T {
  try {
    return answer();
  } catch (error) {
    if (error instanceof InvalidArgument) {
      throw new BadRequestException({ statusCode: 400, error: 'Bad Request', code: error.code, message: error.message, ...error.details });
    }
    throw error;
  }
}

function hashLines(hashes: readonly Uint8Array[]): string {
  return hashes.map((h) => `${toBase64(h)}\n`).join('');
}

/**
 * The transparency log's public reads, no token needed: the latest signed checkpoint (a C2SP
 * signed note), the verifier key, and inclusion and consistency proofs (base64 hashes, one a
 * line, or JSON with `Accept: application/json`).
 */
@Controller('log')
export class LogController {
  constructor(private readonly log: TransparencyLogService) {}

  @Get('checkpoint')
  checkpoint(@Req() req: Request, @Res({ passthrough: true }) res: Response): string | object {
    const latest = this.log.proofs.latestCheckpoint();
    if (latest === undefined) throw new ServiceUnavailableException({ statusCode: 503, error: 'Service Unavailable', message: 'The log has no checkpoint yet' });
    res.setHeader('Cache-Control', 'no-cache');
    if (wantsJson(req)) return { size: latest.size, rootHash: toBase64(latest.rootHash), note: latest.note, signedAt: latest.signedAt.toISOString() };
    res.setHeader('Content-Type', TEXT);
    return latest.note;
  }

  @Get('vkey')
  vkey(@Req() req: Request, @Res({ passthrough: true }) res: Response): string | object {
    if (wantsJson(req)) return { vkey: this.log.verifierKey };
    res.setHeader('Content-Type', TEXT);
    return `${this.log.verifierKey}\n`;
  }

  @Get('proof/inclusion')
  inclusion(@Query('index') index: unknown, @Query('size') size: unknown, @Req() req: Request, @Res({ passthrough: true }) res: Response): string | object {
    const proof = parameters(() => this.log.proofs.inclusion(parseTreeIndex('index', index), parseTreeIndex('size', size)));
    res.setHeader('Cache-Control', IMMUTABLE);
    if (wantsJson(req)) return { index: proof.index, size: proof.size, hashes: proof.hashes.map(toBase64) };
    res.setHeader('Content-Type', TEXT);
    return hashLines(proof.hashes);
  }

  @Get('proof/consistency')
  consistency(@Query('from') from: unknown, @Query('to') to: unknown, @Req() req: Request, @Res({ passthrough: true }) res: Response): string | object {
    const proof = parameters(() => this.log.proofs.consistency(parseTreeIndex('from', from), parseTreeIndex('to', to)));
    res.setHeader('Cache-Control', IMMUTABLE);
    if (wantsJson(req)) return { from: proof.from, to: proof.to, hashes: proof.hashes.map(toBase64) };
    res.setHeader('Content-Type', TEXT);
    return hashLines(proof.hashes);
  }
}
