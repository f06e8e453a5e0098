import { cursorsFor, CursorPart, queryKey } from '../../src/shared/cursor';
import { InvalidArgument } from '../../src/shared/refusal';

// fast-check is not installed (and nothing may be installed here): the properties below run over
// inputs from a small seeded generator instead, so a failure names a reproducible case.
function generator(seed: number) {
  let state = seed >>> 0 || 1;
  const next = () => {
    // xorshift32: deterministic, good enough to spread test inputs.
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 0x1_0000_0000;
  };
  const int = (max: number) => Math.floor(next() * max);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)];
  const text = (maxLength: number) => Array.from({ length: int(maxLength + 1) }, () => pick([...'abcXYZ019-:.TZ é"\\{}[]'])).join('');
  const safeInt = () => pick([0, 1, 2, int(1000), int(2 ** 31), Number.MAX_SAFE_INTEGER - int(1000)]);
  const shape = (): CursorPart[] => Array.from({ length: 1 + int(3) }, () => pick(['int', 'text'] as const));
  const positionOf = (parts: CursorPart[]) => parts.map((part) => (part === 'int' ? safeInt() : text(40)));
  const query = () => pick([null, {}, { claimId: text(10) }, { filter: { status: ['DRAFT'], topic: text(5) }, sort: pick(['NEWEST', 'OLDEST']) }, { actorId: text(8), eventTypes: [text(6)] }]);
  return { int, pick, text, shape, positionOf, query, next };
}

const RUNS = 300;

function refusal(run: () => unknown): InvalidArgument {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidArgument);
    return error as InvalidArgument;
  }
  throw new Error('expected a refusal');
}

describe('cursor codec', () => {
  it('decodes what it encoded, for any position and query', () => {
    const gen = generator(20250628);
    for (let run = 0; run < RUNS; run++) {
      const query = gen.query();
      const shape = gen.shape();
      const position = gen.positionOf(shape);
      const cursors = cursorsFor(query);
      const cursor = cursors.encode(position);
      expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(cursors.decode(cursor, shape)).toEqual(position);
      // The same query written in another field order is the same query.
      expect(cursorsFor(JSON.parse(JSON.stringify(query))).decode(cursor, shape)).toEqual(position);
    }
  });

  it('ties a cursor to its query: any other query refuses it, naming the query kind', () => {
    const gen = generator(7);
    for (let run = 0; run < RUNS; run++) {
      const position = [gen.int(10_000)];
      const a = { actorId: gen.text(8), n: run };
      const b = { ...a, n: run + 1 };
      const cursor = cursorsFor(a, 'activity query').encode(position);
      const error = refusal(() => cursorsFor(b, 'activity query').decode(cursor, ['int']));
      expect(error.message).toBe('after is a cursor from a different activity query; start again without it');
      expect(error.details).toEqual({ field: 'after' });
    }
    expect(queryKey({ a: 1, b: [2] })).toBe(queryKey({ b: [2], a: 1 }));
    expect(queryKey({ a: 1 })).not.toBe(queryKey({ a: 2 }));
    expect(refusal(() => cursorsFor({ q: 1 }).decode(cursorsFor({ q: 2 }).encode([1]), ['int'])).message).toMatch(/cursor from a different query/);
  });

  it('refuses anything it did not issue, never throwing anything but InvalidArgument on field after', () => {
    const gen = generator(42);
    const cursors = cursorsFor({ sort: 'NEWEST' });
    const valid = JSON.parse(Buffer.from(cursors.encode([5]), 'base64url').toString('utf8')) as Record<string, unknown>;
    const encode = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
    const forgeries: string[] = [
      '',
      'not-a-cursor',
      'x'.repeat(10_000),
      encode('null'),
      encode('[]'),
      encode('"a string"'),
      encode({ ...valid, v: 2 }),
      encode({ ...valid, q: 7 }),
      encode({ ...valid, k: [] }),
      encode({ ...valid, k: 'not-a-list' }),
      encode({ ...valid, k: [1, 2, 3, 4, 5] }),
      ...[['x'], [1.5], [1e300], [-1], [null], [{}], ['x'.repeat(41)], [Number.MAX_SAFE_INTEGER + 2]].map((k) => encode({ ...valid, k })),
    ];
    // Random bytes and random mutations of a valid cursor.
    for (let run = 0; run < RUNS; run++) {
      forgeries.push(Buffer.from(Array.from({ length: gen.int(80) }, () => gen.int(256))).toString('base64url'));
      const real = cursors.encode([gen.int(1000)]);
      const at = gen.int(real.length);
      forgeries.push(real.slice(0, at) + gen.pick([...'!@#$%^&*()']) + real.slice(at + 1));
    }
    for (const forged of forgeries) {
      const error = refusal(() => cursors.decode(forged, ['int']));
      expect(error.details).toEqual({ field: 'after' });
      expect(error.message).toMatch(/^after is (not a cursor this service issued|a cursor from a different query; start again without it)$/);
    }
    expect(refusal(() => cursors.decode('not-a-cursor', ['int'])).message).toBe('after is not a cursor this service issued');
  });

  it('refuses a cursor of its own query whose position has another shape', () => {
    const gen = generator(99);
    for (let run = 0; run < RUNS; run++) {
      const issued = gen.shape();
      const asked = gen.shape();
      if (issued.join() === asked.join()) continue;
      const cursors = cursorsFor({ run });
      const cursor = cursors.encode(gen.positionOf(issued));
      // A text part may happen to look like nothing else; only the kinds and count matter.
      expect(refusal(() => cursors.decode(cursor, asked)).message).toBe('after is not a cursor this service issued');
    }
  });
});
