import fc from 'fast-check';
import { ACTOR_ID_MAX_LENGTH, hasVisibleCharacter, isActorId, normaliseText, SAFE_ID, textProblem, urlProblem } from '../../src/shared/text';

/** Any code point, astral planes and lone surrogates included (what JSON can carry). */
const anyText = fc.string({ unit: 'binary', maxLength: 40 });
const INVISIBLES = [
  ' ', '\t', '\n', '\r', '\u00A0', '\u1680', '\u2000', '\u2001', '\u2002', '\u2003', '\u2009', '\u200A', '\u2028', '\u2029', '\u202F', '\u205F', '\u3000',
  '\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF', '\u00AD', '\u180E', '\u034F', '\uFE0F', '\u2800', '\u3164', '\u115F',
  '\u0301', '\u0300', '\u0308', '\u20DD', '\u0000', '\u007F', '\u202E', '\u2066',
];
const invisible = fc.constantFrom(...INVISIBLES);
const invisibleText = fc.array(invisible, { minLength: 0, maxLength: 30 }).map((chars) => chars.join(''));
/** Letters, digits and symbols of many scripts: each one shows. */
const visible = fc.constantFrom('a', 'Z', '7', 'é', 'ж', 'ا', 'א', '中', 'ß', '€', '!', '🙂', 'ə', '…', '·');

describe('hasVisibleCharacter', () => {
  it('text made only of white space, zero-width characters, controls and lone combining marks is blank', () => {
    fc.assert(fc.property(invisibleText, (text) => !hasVisibleCharacter(text)));
  });

  it('one visible character anywhere makes a text not blank, whatever surrounds it', () => {
    fc.assert(fc.property(invisibleText, visible, invisibleText, (before, char, after) => hasVisibleCharacter(before + char + after)));
  });

  it('agrees with the old rule on ASCII: blank exactly when there is no non-space character', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary-ascii' }), (text) => hasVisibleCharacter(text) === /[\x21-\x7E]/.test(text)));
  });

  it('does not depend on normalisation', () => {
    fc.assert(fc.property(anyText, (text) => hasVisibleCharacter(text) === hasVisibleCharacter(normaliseText(text))));
  });

  it('the cases of the issue', () => {
    expect(hasVisibleCharacter('\u200B\u200C\u200D\u2060\uFEFF')).toBe(false);
    expect(hasVisibleCharacter('\u0301\u0301')).toBe(false);
    expect(hasVisibleCharacter('\u3000\u00A0\u2028')).toBe(false);
    expect(hasVisibleCharacter('e\u0301')).toBe(true);
  });
});

describe('normaliseText', () => {
  it('is NFC, idempotent, and makes canonically equivalent texts equal', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const once = normaliseText(text);
        expect(normaliseText(once)).toBe(once);
        expect(once).toBe(text.normalize('NFC'));
        expect(normaliseText(text.normalize('NFD'))).toBe(once);
      }),
    );
    expect(normaliseText('e\u0301')).toBe('\u00E9');
  });
});

describe('textProblem', () => {
  const control = fc.integer({ min: 0, max: 0x9f }).filter((c) => c < 0x20 || c >= 0x7f).map((c) => String.fromCharCode(c));

  it('free text refuses every control character but newline and tab', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 10 }), control, fc.string({ maxLength: 10 }), (before, char, after) => {
        const problem = textProblem(before + char + after, 'text');
        expect(problem === null).toBe(char === '\n' || char === '\t');
      }),
    );
  });

  it('a line (names, titles) refuses every control character, and bidi controls', () => {
    fc.assert(fc.property(fc.string({ maxLength: 10 }), control, (before, char) => textProblem(before + char, 'line') !== null));
    for (const bidi of ['\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069']) {
      expect(textProblem(`admin${bidi}txt.exe`, 'line')).toMatch(/bidirectional control characters \(found U\+20/);
    }
  });

  it('a line refuses the line and paragraph separators (they break it like a newline); free text keeps them', () => {
    for (const separator of ['\u2028', '\u2029']) {
      expect(textProblem(`Ura${separator}ru`, 'line')).toMatch(/control characters \(found U\+202[89]\)/);
      expect(textProblem(`Ura${separator}ru`, 'text')).toBeNull();
    }
    // Direction marks only place neutral characters; Arabic and Hebrew names use them.
    expect(textProblem('\u0645\u062D\u0645\u062F\u200F (2025)', 'line')).toBeNull();
  });

  it('accepts any text of letters, marks, emoji and joiners (Persian ZWNJ, emoji ZWJ) without controls', () => {
    const clean = fc.string({ unit: 'grapheme', maxLength: 20 }).filter((t) => !/[\p{Cc}\p{Zl}\p{Zp}\u202A-\u202E\u2066-\u2069]/u.test(t));
    fc.assert(fc.property(clean, (text) => textProblem(text, 'line') === null && textProblem(text, 'text') === null));
    expect(textProblem('می\u200Cخواهم', 'line')).toBeNull();
    expect(textProblem('👩\u200D💻', 'line')).toBeNull();
  });

  it('refuses lone surrogates and accepts paired ones', () => {
    expect(textProblem('a\uD800b')).toMatch(/lone surrogate/);
    expect(textProblem('a\uDC00')).toMatch(/lone surrogate/);
    expect(textProblem('😀')).toBeNull();
  });
});

describe('isActorId', () => {
  const allowed = fc.constantFrom(...'abcxyzABCXYZ0189_.@:|+-'.split(''));
  it('accepts ids of the safe alphabet starting with a letter or digit, up to the maximum length', () => {
    const id = fc.tuple(fc.constantFrom('a', 'Z', '0'), fc.array(allowed, { maxLength: ACTOR_ID_MAX_LENGTH - 1 })).map(([h, t]) => h + t.join(''));
    fc.assert(fc.property(id, (value) => isActorId(value)));
    expect(isActorId('auth0|5f7c8ec7c33c6c004bbafe82')).toBe(true);
    expect(isActorId('alice@example.org')).toBe(true);
    expect(isActorId('a'.repeat(ACTOR_ID_MAX_LENGTH + 1))).toBe(false);
  });

  it('refuses any id with a character outside the alphabet (controls, spaces, RTL override, any non-ASCII)', () => {
    const good = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_.@:|+-]{0,30}$/);
    const odd = fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }).filter((c) => !/^[A-Za-z0-9_.@:|+-]$/.test(c));
    fc.assert(
      fc.property(good, odd, fc.nat(), (id, char, at) => {
        const i = at % (id.length + 1);
        expect(isActorId(id.slice(0, i) + char + id.slice(i))).toBe(false);
      }),
    );
    for (const id of ['alice\u0000', 'alice\nbob', 'alice\u202Egnp.exe', ' alice', '-alice', '', 'ali ce', 'аlice' /* Cyrillic а */]) expect(isActorId(id)).toBe(false);
  });

  it('every safe id (claims, citations) is an actor id too, and never holds a control character', () => {
    fc.assert(fc.property(fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_-]{0,50}$/), (id) => SAFE_ID.test(id) && isActorId(id)));
  });
});

describe('urlProblem', () => {
  it('accepts http(s) URLs without credentials', () => {
    fc.assert(fc.property(fc.webUrl({ validSchemes: ['http', 'https'], withQueryParameters: true, withFragments: true }), (url) => urlProblem(url) === null));
  });

  it('refuses any URL with a user name or password, whatever else it holds', () => {
    const userinfo = fc.tuple(fc.stringMatching(/^[a-z0-9]{1,8}$/), fc.option(fc.stringMatching(/^[a-z0-9]{1,8}$/), { nil: undefined }));
    fc.assert(
      fc.property(fc.constantFrom('http', 'https'), userinfo, fc.domain(), fc.webPath(), (scheme, [user, pass], host, path) => {
        const url = `${scheme}://${user}${pass === undefined ? '' : `:${pass}`}@${host}${path}`;
        expect(urlProblem(url)).toMatch(/user name or password/);
      }),
    );
    expect(urlProblem('https://user:pass@host/')).toMatch(/user name or password/);
    expect(urlProblem('https://trusted.example@evil.example/')).toMatch(/user name or password/);
  });

  it('refuses other schemes and what is not a URL', () => {
    fc.assert(fc.property(fc.constantFrom('javascript', 'data', 'file', 'ftp', 'ws', 'mailto'), fc.domain(), (scheme, host) => urlProblem(`${scheme}://${host}/`) !== null));
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 20 }), (text) => !/^https?:/i.test(text) ? urlProblem(text) !== null : true));
  });

  it('refuses a URL holding a control, bidi or invisible format character anywhere, naming it', () => {
    const hidden = fc.constantFrom('\u202E', '\u202A', '\u2066', '\u2069', '\u200B', '\u200D', '\u2060', '\uFEFF', '\u00AD', '\u0000', '\u0009', '\u000A', '\u001B', '\u007F', '\u0085', '\u2028', '\u2029', '\u180E');
    fc.assert(
      fc.property(fc.webUrl({ validSchemes: ['http', 'https'], withQueryParameters: true, withFragments: true }), hidden, fc.nat(), (url, char, at) => {
        // Anywhere after the scheme: in the host, the path, the query or the fragment.
        const cut = 8 + (at % Math.max(1, url.length - 7));
        const hostile = url.slice(0, cut) + char + url.slice(cut);
        expect(urlProblem(hostile)).toMatch(/control, bidirectional or invisible/);
        expect(urlProblem(hostile)).toContain(`U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`);
      }),
    );
    expect(urlProblem('https://example.com/\u202Egnp.exe')).toBe('must not contain control, bidirectional or invisible format characters (found U+202E)');
    // Visible non-ASCII stays allowed: an IDN host, a Cyrillic path.
    expect(urlProblem('https://пример.рф/новости')).toBeNull();
  });
});
