import { createHash } from 'node:crypto';

/**
 * A uuid (v8 layout, RFC 9562) derived from a name. The same name always gives the same id:
 * a retried mutation re-derives the ids of its first attempt, so the event store recognises the
 * retry as a duplicate instead of writing the events twice.
 */
export function deterministicUuid(name: string): string {
  const hex = createHash('sha256').update(name).digest('hex').slice(0, 32).split('');
  hex[12] = '8';
  hex[16] = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  const h = hex.join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
