// Placeholder until helper B's version lands.
import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
export interface CachedBody { body: string; lastModified: string | null; contentType: string; status?: number }
export function cachedResponse(req: Request, res: Response, page: CachedBody): void {
  const etag = `"${createHash('sha256').update(page.body).digest('base64url').slice(0, 27)}"`;
  res.setHeader('ETag', etag);
  res.setHeader('Cache-Control', 'public, max-age=60');
  if (page.lastModified) res.setHeader('Last-Modified', new Date(page.lastModified).toUTCString());
  res.setHeader('Content-Type', page.contentType);
  if (req.headers['if-none-match'] === etag) { res.status(304).end(); return; }
  res.status(page.status ?? 200).send(page.body);
}
