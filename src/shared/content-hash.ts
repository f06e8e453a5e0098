import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json';

/**
 * "sha256:<hex>" of a value's canonical JSON: equal values (whatever their field order) always give
 * the same hash. What a verdict's basis and a publication's methodology pin content by.
 */
export function contentHash(value: unknown): string {
  return `sha256:${createHash('sha256').update(canonicalJson(value)).digest('hex')}`;
}
