import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { toHex } from '../../src/transparency-log/domain/bytes';
import { encodeLogEntry, logEntryOf, storedJsonBytes } from '../../src/transparency-log/domain/entry';
import { Rfc6962Hasher } from '../../src/transparency-log/domain/merkle';
import example from './vectors/entry-example.json';
import { nodeLogCrypto } from '../../src/transparency-log/adapters/node-log-crypto';

const hasher = new Rfc6962Hasher(nodeLogCrypto);
const event = { ...example, recordedAt: new Date(example.recordedAt) };

describe('the log entry', () => {
  it('gives the worked example of docs/transparency-log.md, byte for byte (leaf hash cross-checked in Python)', () => {
    const bytes = logEntryOf(event);
    expect(toHex(bytes)).toBe(example.entryHex);
    expect(toHex(hasher.hashLeaf(bytes))).toBe(example.leafHash);
    const doc = readFileSync(join(__dirname, '../../docs/transparency-log.md'), 'utf8');
    expect(doc).toContain(example.leafHash);
    const dumped = [...doc.matchAll(/^((?:[0-9a-f]{2} ){0,15}[0-9a-f]{2})$/gm)].map((m) => m[1].replace(/ /g, '')).join('');
    expect(dumped).toBe(example.entryHex);
  });

  it('commits to every field: a change to any one changes the bytes', () => {
    const base = toHex(logEntryOf(event));
    const variants = [
      { ...event, stream: 'claim-c2' },
      { ...event, revision: 1 },
      { ...event, type: 'ClaimPublished' },
      { ...event, data: { ...event.data, statement: 'Ete' } },
      { ...event, metadata: { schemaVersion: 2 } },
      { ...event, recordedAt: new Date(event.recordedAt.getTime() + 1) },
    ];
    for (const v of variants) expect(toHex(logEntryOf(v))).not.toBe(base);
  });

  it('frames fields by length, so moving bytes across a boundary changes the entry', () => {
    const e = (stream: string, type: string) => toHex(encodeLogEntry({ stream, revision: 0, type, data: new Uint8Array(), metadata: new Uint8Array(), recordedAtMs: 0 }));
    expect(e('ab', 'c')).not.toBe(e('a', 'bc'));
  });

  it('takes data and metadata as opaque stored bytes (ciphertext is fine)', () => {
    const bytes = encodeLogEntry({ stream: 's', revision: 0, type: 't', data: new Uint8Array([0, 255, 1]), metadata: storedJsonBytes({}), recordedAtMs: -1 });
    expect(toHex(bytes)).toContain('0000000300ff01');
    expect(toHex(bytes).endsWith('ffffffffffffffff')).toBe(true);
  });

  it('refuses what has no exact encoding', () => {
    expect(() => logEntryOf({ ...event, stream: 'claim-\uD800' })).toThrow(/lone surrogate/);
    expect(() => logEntryOf({ ...event, revision: -1 })).toThrow(RangeError);
    expect(() => logEntryOf({ ...event, recordedAt: new Date(NaN) })).toThrow(RangeError);
  });
});
