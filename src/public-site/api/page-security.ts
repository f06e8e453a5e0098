import type { Response } from 'express';

/**
 * The pages' Content-Security-Policy: no script of any kind may run (the JSON-LD block is data, which
 * CSP does not execute), styles and images only from the service itself, forms only to it (the index's
 * filter), and no framing. It replaces the service-wide `default-src 'none'` for these pages alone.
 */
export const PAGE_CSP = [
  "default-src 'none'",
  "style-src 'self'",
  "img-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

export function securePage(res: Response): void {
  res.setHeader('Content-Security-Policy', PAGE_CSP);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'strict-origin-when-cross-origin');
}
