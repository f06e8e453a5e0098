import { BadRequestException, Controller, Get, HttpCode, HttpException, PayloadTooLargeException, Post, Query, Req, Res, ServiceUnavailableException } from '@nestjs/common';
import type { Request, Response } from 'express';
import { InvalidArgument } from '../../shared/refusal';
import { toBase64 } from '../domain/bytes';
import { parseTreeIndex } from '../application/log-proofs';
import { TransparencyLogService } from '../application/transparency-log.service';
import { CosignatureRefused, LogCosignatures, MAX_COSIGNATURE_BYTES } from '../application/log-cosignatures';

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

/** The request body as text, at most `limit` bytes (the app's parser reads JSON only; a parsed JSON body is { note }). */
async function bodyText(req: Request, limit: number): Promise<string> {
  const parsed = req.body as unknown;
  if (parsed !== undefined && !Buffer.isBuffer(parsed) && typeof parsed === 'object' && parsed !== null && Object.keys(parsed).length > 0) {
    const note = (parsed as { note?: unknown }).note;
    if (typeof note !== 'string') throw new BadRequestException('A JSON body must be { "note": "<the cosigned checkpoint note>" }');
    return note;
  }
  if (Number(req.headers['content-length']) > limit) throw new PayloadTooLargeException(`A cosigned checkpoint is at most ${limit} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new PayloadTooLargeException(`A cosigned checkpoint is at most ${limit} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
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
  constructor(
    private readonly log: TransparencyLogService,
    private readonly cosignatures: LogCosignatures,
  ) {}

  @Get('checkpoint')
  checkpoint(@Req() req: Request, @Res({ passthrough: true }) res: Response): string | object {
    const latest = this.log.proofs.latestCheckpoint();
    if (latest === undefined) throw new ServiceUnavailableException({ statusCode: 503, error: 'Service Unavailable', message: 'The log has no checkpoint yet' });
    res.setHeader('Cache-Control', 'no-cache');
    // The log's note with its witnesses' cosignature lines appended: same text, more signatures.
    const note = this.cosignatures.cosigned(latest.size, latest.note);
    if (wantsJson(req)) return { size: latest.size, rootHash: toBase64(latest.rootHash), note, signedAt: latest.signedAt.toISOString() };
    res.setHeader('Content-Type', TEXT);
    return note;
  }

  /**
   * A witness's cosignature (no token: the signature is the authentication). Body: the checkpoint's
   * text, a blank line and the cosignature line(s), as text/plain, or JSON { note }. 403 an unknown
   * witness, 404 a size the log never signed, 400 anything else wrong.
   */
  @Post('cosignatures')
  @HttpCode(201)
  async cosign(@Req() req: Request): Promise<object> {
    const text = await bodyText(req, MAX_COSIGNATURE_BYTES);
    try {
      return { ok: true, ...this.cosignatures.submit(text) };
    } catch (error) {
      if (error instanceof CosignatureRefused) throw new HttpException({ statusCode: error.status, message: error.message }, error.status);
      throw error;
    }
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
