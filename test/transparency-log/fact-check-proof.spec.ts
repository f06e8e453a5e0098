import fc from 'fast-check';
import { nodeLogCrypto } from '../../src/transparency-log/adapters/node-log-crypto';
import { toBase64, toHex, utf8 } from '../../src/transparency-log/domain/bytes';
import { formatCheckpoint, formatTlogProof } from '../../src/transparency-log/domain/checkpoint';
import { decodeLogEntry, encodeLogEntry, LogEntryError, type LogEntryFields } from '../../src/transparency-log/domain/entry';
import { verifyFactCheckEvent } from '../../src/transparency-log/domain/fact-check-proof';
import { MemoryTree, Rfc6962Hasher } from '../../src/transparency-log/domain/merkle';
import { ed25519KeyPair, ed25519Signer, ed25519Verifier, signNote } from '../../src/transparency-log/domain/note';
import { isPublicFactCheckEvent, PUBLIC_FACT_CHECK_EVENT_TYPES } from '../../src/transparency-log/domain/public-events';
import { TEST_LOG_SIGNING_KEY, TEST_LOG_VERIFIER_KEY } from '../support/log-key';

const hasher = new Rfc6962Hasher(nodeLogCrypto);
const ORIGIN = 'desk.example.org/log';

const fields: fc.Arbitrary<LogEntryFields> = fc.record({
  stream: fc.string({ unit: 'binary', maxLength: 30 }),
  revision: fc.nat({ max: Number.MAX_SAFE_INTEGER }),
  type: fc.string({ unit: 'binary', maxLength: 30 }),
  data: fc.uint8Array({ maxLength: 60 }),
  metadata: fc.uint8Array({ maxLength: 60 }),
  recordedAtMs: fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }),
});

const same = (a: LogEntryFields, b: LogEntryFields) =>
  a.stream === b.stream && a.revision === b.revision && a.type === b.type && toHex(a.data) === toHex(b.data) && toHex(a.metadata) === toHex(b.metadata) && a.recordedAtMs === b.recordedAtMs;

describe('decodeLogEntry', () => {
  it('is the exact inverse of encodeLogEntry', () => {
    fc.assert(
      fc.property(fields, (x) => {
        const decoded = decodeLogEntry(encodeLogEntry(x));
        expect(same(decoded, x)).toBe(true);
      }),
    );
  });

  it('refuses every truncation and every extension, with a reason', () => {
    fc.assert(
      fc.property(fields, fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 10 }), (x, cut, extra) => {
        const bytes = encodeLogEntry(x);
        const short = bytes.slice(0, cut % bytes.length);
        expect(() => decodeLogEntry(short)).toThrow(LogEntryError);
        const long = new Uint8Array([...bytes, ...extra]);
        expect(() => decodeLogEntry(long)).toThrow(/after the recorded time/);
      }),
    );
  });

  it('has one reading per entry: a flipped byte is refused or reads as another entry that encodes to exactly those bytes', () => {
    fc.assert(
      fc.property(fields, fc.nat(), fc.integer({ min: 1, max: 255 }), (x, at, mask) => {
        const bytes = encodeLogEntry(x);
        const flipped = bytes.slice();
        flipped[at % bytes.length] ^= mask;
        let decoded: LogEntryFields;
        try {
          decoded = decodeLogEntry(flipped);
        } catch (error) {
          expect(error).toBeInstanceOf(LogEntryError);
          return;
        }
        expect(same(decoded, x)).toBe(false);
        expect(toHex(encodeLogEntry(decoded))).toBe(toHex(flipped));
      }),
    );
  });

  it('names the problem: wrong header, truncated field, bad UTF-8', () => {
    const good = encodeLogEntry({ stream: 'claim-c1', revision: 0, type: 'FactCheckPublished', data: utf8('{}'), metadata: utf8('{}'), recordedAtMs: 0 });
    const header = good.slice();
    header[0] = 0x46;
    expect(() => decodeLogEntry(header)).toThrow(/must start with "factcheck-desk\/log-entry\/v1\\n"/);
    expect(() => decodeLogEntry(good.slice(0, 40))).toThrow(/truncated log entry: the revision/);
    const badUtf8 = good.slice();
    badUtf8[32] = 0xff; // first byte of the stream name
    expect(() => decodeLogEntry(badUtf8)).toThrow(/the stream is not UTF-8/);
  });
});

describe('public fact-check events', () => {
  it('are the published, corrected and retracted events only', () => {
    expect([...PUBLIC_FACT_CHECK_EVENT_TYPES]).toEqual(['FactCheckPublished', 'FactCheckCorrected', 'FactCheckRetracted']);
    expect(isPublicFactCheckEvent('VerdictRecorded')).toBe(false);
    expect(isPublicFactCheckEvent('CitationAdded')).toBe(false);
  });
});

describe('verifyFactCheckEvent', () => {
  const signer = ed25519Signer(nodeLogCrypto, TEST_LOG_SIGNING_KEY);
  const log = ed25519Verifier(nodeLogCrypto, TEST_LOG_VERIFIER_KEY);
  const entryOf = (revision: number, type: string) => encodeLogEntry({ stream: 'claim-c1', revision, type, data: utf8(`{"n":${revision}}`), metadata: utf8('{}'), recordedAtMs: 1000 + revision });
  const entries = [entryOf(0, 'ClaimSubmitted'), entryOf(1, 'CitationAdded'), entryOf(2, 'FactCheckPublished'), entryOf(3, 'VerdictRecorded'), entryOf(4, 'FactCheckCorrected')];
  const tree = new MemoryTree(hasher);
  for (const e of entries) tree.append(e);
  const note = signNote(formatCheckpoint({ origin: ORIGIN, size: tree.size, rootHash: tree.root(), extensions: [] }), [signer]);
  const proofOf = (index: number) => formatTlogProof({ index, hashes: tree.proofs().inclusionProof(index, tree.size), checkpoint: note });

  it('verifies a public event, answering its decoded entry and checkpoint', () => {
    const verified = verifyFactCheckEvent(hasher, { entry: toBase64(entries[4]), proof: proofOf(4) }, { log });
    expect(verified).toMatchObject({ index: 4, entry: { stream: 'claim-c1', revision: 4, type: 'FactCheckCorrected' }, checkpoint: { size: 5 } });
    expect(verifyFactCheckEvent(hasher, { entry: entries[2], proof: proofOf(2) }, { log }).entry.type).toBe('FactCheckPublished');
  });

  it('refuses a private event, a proof of another leaf, a bad base64 entry and another key', () => {
    expect(() => verifyFactCheckEvent(hasher, { entry: entries[1], proof: proofOf(1) }, { log })).toThrow(/"CitationAdded" event, not a public fact-check event/);
    expect(() => verifyFactCheckEvent(hasher, { entry: entries[2], proof: proofOf(4) }, { log })).toThrow(/inclusion proof does not verify/);
    expect(() => verifyFactCheckEvent(hasher, { entry: 'not base64!', proof: proofOf(2) }, { log })).toThrow(/not standard padded base64/);
    const other = ed25519Verifier(nodeLogCrypto, ed25519KeyPair(nodeLogCrypto, ORIGIN, new Uint8Array(32).fill(7)).vkey);
    expect(() => verifyFactCheckEvent(hasher, { entry: entries[2], proof: proofOf(2) }, { log: other })).toThrow(/no verifiable signatures/);
  });

  it('refuses any single flipped byte of the entry or of the proof', () => {
    const proof = proofOf(2);
    fc.assert(
      fc.property(fc.nat(), fc.integer({ min: 1, max: 255 }), fc.boolean(), (at, mask, inEntry) => {
        if (inEntry) {
          const flipped = entries[2].slice();
          flipped[at % flipped.length] ^= mask;
          expect(() => verifyFactCheckEvent(hasher, { entry: flipped, proof }, { log })).toThrow();
        } else {
          const bytes = utf8(proof);
          bytes[at % bytes.length] ^= mask;
          const text = Buffer.from(bytes).toString('latin1');
          expect(() => verifyFactCheckEvent(hasher, { entry: entries[2], proof: text }, { log })).toThrow();
        }
      }),
    );
  });
});
