import fc from 'fast-check';
import { utf8 } from '../../src/transparency-log/domain/bytes';
import { ed25519KeyPair, ed25519Signer, ed25519Verifier, NoteError, openNote, parseNote, signNote } from '../../src/transparency-log/domain/note';
import v from './vectors/notes.json';
import { nodeLogCrypto as crypto } from '../../src/transparency-log/adapters/node-log-crypto';

const seed = (n: number) => new Uint8Array(32).fill(n);

describe('signed notes (C2SP signed-note)', () => {
  it('signs exactly as golang.org/x/mod/sumdb/note does (Ed25519 is deterministic)', () => {
    const signer = ed25519Signer(crypto, v.sumdb.peterSkey);
    expect(signer.vkey).toBe(v.sumdb.peterVkey);
    expect(signNote(v.sumdb.text, [signer])).toBe(`${v.sumdb.text}\n${v.sumdb.peterSig}`);
  });

  it('opens the sumdb note: known keys verified, unknown ones ignored, none known refused', () => {
    const peter = ed25519Verifier(crypto, v.sumdb.peterVkey);
    const enoch = ed25519Verifier(crypto, v.sumdb.enochVkey);
    const note = `${v.sumdb.text}\n${v.sumdb.peterSig}${v.sumdb.enochSig}`;
    const one = openNote(note, [peter]);
    expect(one.text).toBe(v.sumdb.text);
    expect(one.verified.map((s) => s.name)).toEqual(['PeterNeumann']);
    expect(one.unverified.map((s) => s.keyId.toString(16))).toEqual(['af0cfe78']);
    expect(openNote(note, [peter, enoch]).verified).toHaveLength(2);
    expect(() => openNote(note, [])).toThrow('note has no verifiable signatures');
    const bad = `${v.sumdb.text}\n${v.sumdb.peterSig.slice(0, 60)}ABCD${v.sumdb.peterSig.slice(60)}`;
    expect(() => openNote(bad, [peter])).toThrow('invalid signature for key PeterNeumann+c74f20a3');
  });

  it('verifies the example of the C2SP specification', () => {
    expect(openNote(v.c2sp.note, [ed25519Verifier(crypto, v.c2sp.vkey)]).text).toBe('This is an example message.\n');
  });

  it('refuses malformed keys', () => {
    expect(() => ed25519Verifier(crypto, v.sumdb.peterVkey.replace('c74f20a3', 'c74f20a4'))).toThrow(/key ID does not match/);
    expect(() => ed25519Verifier(crypto, 'a+b+' + v.sumdb.peterVkey)).toThrow(NoteError);
    expect(() => ed25519Verifier(crypto, v.sumdb.peterVkey.slice(0, -1))).toThrow(/not base64|32 bytes/);
    expect(() => ed25519Signer(crypto, v.sumdb.peterSkey.replace('PRIVATE+KEY+', ''))).toThrow(/PRIVATE\+KEY/);
    expect(() => ed25519Signer(crypto, v.sumdb.peterSkey.replace('+AYEK', '+AoEK'))).toThrow(/type 0x02/);
  });

  it.each([
    ['no blank line', 'text\n— a AAAAAAA=\n'],
    ['no final newline', 'text\n\n— a AAAAAAAA'],
    ['a control character', 'te\txt\n\n— PeterNeumann x08go/ZJ\n'],
    ['a bad signature line', 'text\n\n-- a AAAAAAAA\n'],
    ['a key name with a plus', 'text\n\n— a+b AAAAAAAA\n'],
    ['a signature too short', 'text\n\n— a AAAA\n'],
    ['base64 with no padding', 'text\n\n— a AAAAAAAAAA\n'],
    ['too many signatures', `text\n\n${'— a AAAAAAAA\n'.repeat(101)}`],
  ])('refuses a note with %s', (_what, note) => {
    expect(() => parseNote(note)).toThrow(NoteError);
  });

  it('refuses invalid UTF-8', () => {
    expect(() => parseNote(new Uint8Array([0x61, 0xff, 0x0a, 0x0a]))).toThrow(/UTF-8/);
  });

  it('round-trips; a changed byte or another key fails', () => {
    const a = ed25519KeyPair(crypto, 'log.example/a', seed(1));
    const b = ed25519KeyPair(crypto, 'log.example/a', seed(2));
    const signer = ed25519Signer(crypto, a.skey);
    const va = ed25519Verifier(crypto, a.vkey);
    const vb = ed25519Verifier(crypto, b.vkey);
    fc.assert(
      fc.property(fc.stringMatching(/^[a-zA-Z0-9 .,é—]{1,40}$/), fc.nat(), (line, at) => {
        const text = `${line}\n`;
        const note = signNote(text, [signer]);
        expect(openNote(note, [va]).text).toBe(text);
        expect(() => openNote(note, [vb])).toThrow(/no verifiable signatures/); // same name, other key ID: ignored
        const bytes = utf8(note);
        const i = at % utf8(text).length;
        const changed = bytes.slice();
        changed[i] = changed[i] === 0x61 ? 0x62 : 0x61;
        if (changed[i] !== bytes[i]) expect(() => openNote(changed, [va])).toThrow(NoteError);
      }),
      { numRuns: 50 },
    );
  });
});
