import { BadRequestException, ConflictException, Controller, Get, NotFoundException, Param, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ID_MAX_LENGTH } from '../../shared/input-rules';
import { InvalidArgument } from '../../shared/refusal';
import { quote } from '../../shared/quote';
import { SAFE_ID } from '../../shared/text';
import { FactCheckProofs, LogDisagreesWithStore, type FactCheckProofBundle } from '../application/fact-check-proofs';
import { parseTreeIndex } from '../application/log-proofs';

const TEXT = 'text/plain; charset=utf-8';

/** The claim-id rule of the audit queries: the service's own ids (letters, digits, "-", "_"), anything else names no claim. */
export function checkClaimIdParam(claimId: string): void {
  if (claimId.length > ID_MAX_LENGTH || !SAFE_ID.test(claimId)) {
    throw new BadRequestException({ statusCode: 400, error: 'Bad Request', field: 'claimId', message: `claimId may contain letters, digits, "-" and "_" only, at most ${ID_MAX_LENGTH} characters` });
  }
}

function notFound(claimId: string): NotFoundException {
  // The same answer for unknown and unpublished claims: whether a draft exists is not public.
  return new NotFoundException({ statusCode: 404, error: 'Not Found', message: `There is no published fact-check with id "${quote(claimId)}"` });
}

/** Runs `answer`, turning the log's disagreement with the store into a plain 409 (never a bundle that fails). */
async function plainly<T>(answer: () => Promise<T>): Promise<T> {
  try {
    return await answer();
  } catch (error) {
    if (error instanceof LogDisagreesWithStore) throw new ConflictException({ statusCode: 409, error: 'Conflict', code: error.code, message: error.message, ...error.details });
    throw error;
  }
}

/**
 * A published fact-check's proof bundle, public, no token: GET /log/fact-checks/:claimId (JSON) and
 * the tlog-proof of one of its public events alone (text). `no-cache`: the checkpoint moves on, so
 * the proofs do too (an older one stays valid against its own checkpoint).
 */
@Controller('log/fact-checks')
export class FactCheckProofsController {
  constructor(private readonly bundles: FactCheckProofs) {}

  @Get(':claimId')
  async bundle(@Param('claimId') claimId: string, @Res({ passthrough: true }) res: Response): Promise<FactCheckProofBundle> {
    checkClaimIdParam(claimId);
    const bundle = await plainly(() => this.bundles.bundle(claimId));
    if (bundle === undefined) throw notFound(claimId);
    res.setHeader('Cache-Control', 'no-cache');
    return bundle;
  }

  @Get(':claimId/events/:index/proof')
  async proof(@Param('claimId') claimId: string, @Param('index') rawIndex: string, @Res({ passthrough: true }) res: Response): Promise<string> {
    checkClaimIdParam(claimId);
    let index: number;
    try {
      index = parseTreeIndex('index', rawIndex);
    } catch (error) {
      if (error instanceof InvalidArgument) throw new BadRequestException({ statusCode: 400, error: 'Bad Request', field: 'index', message: error.message });
      throw error;
    }
    const bundle = await plainly(() => this.bundles.bundle(claimId));
    if (bundle === undefined) throw notFound(claimId);
    const event = bundle.publicEvents.find((e) => e.index === index);
    if (event === undefined) {
      const pending = bundle.pending.some((e) => e.index === index);
      throw new NotFoundException({
        statusCode: 404,
        error: 'Not Found',
        message: pending
          ? `Leaf ${index} of fact-check "${quote(claimId)}" is not under a signed checkpoint yet: ask again after the next one`
          : `Leaf ${index} is not a public event of fact-check "${quote(claimId)}"`,
      });
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.setHeader('Content-Type', TEXT);
    return event.proof;
  }
}
