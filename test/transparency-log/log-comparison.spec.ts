import fc from 'fast-check';
import { compareLog, type ComparedEvent, type ComparedLeaf, type LeafSource } from '../../src/transparency-log/domain/log-comparison';

/** A random log: events with unique ids, a few streams, revisions in each stream, and a distinct hash. */
function logOf(streams: number[]): ComparedEvent[] {
  const revisions = new Map<number, number>();
  return streams.map((s, i) => {
    const revision = revisions.get(s) ?? 0;
    revisions.set(s, revision + 1);
    return { eventId: `e${i}`, stream: `claim-s${s}`, revision, leafHash: hashOf(`e${i}:${s}:${revision}`) };
  });
}

function hashOf(text: string): Uint8Array {
  const bytes = new Uint8Array(32);
  for (let i = 0; i < text.length; i++) bytes[i % 32] = (bytes[i % 32] * 31 + text.charCodeAt(i)) & 0xff;
  return bytes;
}

/** The tree's leaves as the appender wrote them for these events. */
function treeOf(events: ComparedEvent[]): LeafSource {
  const leaves: ComparedLeaf[] = events.map((e) => ({ eventId: e.eventId, stream: e.stream, revision: e.revision, hash: e.leafHash! }));
  return { leaves: (from, count) => leaves.slice(from, from + count) };
}

const logs = fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 2, maxLength: 60 }).map(logOf);

describe('the event log compared with the tree (log-comparison)', () => {
  it('an unchanged log is always ok, every leaf checked', () => {
    fc.assert(
      fc.property(logs, (events) => {
        expect(compareLog(events, events.length, treeOf(events))).toEqual({ ok: true, treeSize: events.length, leavesChecked: events.length, eventsNotYetLogged: 0, firstDifference: null });
      }),
    );
  });

  it('a log longer than the tree reports only the events not yet logged', () => {
    fc.assert(
      fc.property(logs, fc.nat(), (events, cut) => {
        const size = cut % (events.length + 1);
        const result = compareLog(events, size, treeOf(events.slice(0, size)));
        expect(result).toEqual({ ok: true, treeSize: size, leavesChecked: size, eventsNotYetLogged: events.length - size, firstDifference: null });
      }),
    );
  });

  type Mutation = 'delete' | 'insert' | 'swap' | 'edit' | 'rename' | 'truncate';
  const mutations = fc.constantFrom<Mutation>('delete', 'insert', 'swap', 'edit', 'rename', 'truncate');
  const expectedKind: Record<Mutation, string> = { delete: 'DELETED', insert: 'INSERTED', swap: 'REORDERED', edit: 'EDITED', rename: 'RENAMED', truncate: 'TRUNCATED' };

  it('one mutation of the log is reported at the leaf it touches, with its kind', () => {
    fc.assert(
      fc.property(logs, mutations, fc.nat(), fc.nat(), fc.nat({ max: 5 }), (events, mutation, a, b, unlogged) => {
        const n = events.length;
        const i = a % n;
        const tree = treeOf(events);
        const log = events.map((e) => ({ ...e }));
        let at = i;
        switch (mutation) {
          case 'delete':
            log.splice(i, 1);
            break;
          case 'insert':
            log.splice(i, 0, { eventId: 'forged', stream: 'claim-forged', revision: 0, leafHash: hashOf('forged') });
            break;
          case 'swap': {
            const j = i + 1 + (b % (n - 1));
            if (j >= n) return; // needs two places
            [log[i], log[j]] = [log[j], log[i]];
            break;
          }
          case 'edit':
            log[i] = { ...log[i], leafHash: hashOf(`edited ${b}`) };
            if (Buffer.from(log[i].leafHash!).equals(Buffer.from(events[i].leafHash!))) return;
            break;
          case 'rename':
            log[i] = { ...log[i], stream: 'claim-renamed' };
            break;
          case 'truncate':
            log.splice(i);
            at = i;
            break;
        }
        // Events appended after the tree (not yet logged) change nothing, except after a truncation (they stand in the cut events' place).
        const later = mutation === 'truncate' ? [] : Array.from({ length: unlogged }, (_, k) => ({ eventId: `late${k}`, stream: 'claim-late', revision: k, leafHash: hashOf(`late${k}`) }));
        const result = compareLog([...log, ...later], n, tree);
        // Deleting the last event with nothing after it is cutting the end.
        const kind = mutation === 'delete' && i === n - 1 && later.length === 0 ? 'TRUNCATED' : expectedKind[mutation];
        expect(result.ok).toBe(false);
        expect(result.firstDifference).toMatchObject({ leafIndex: at, kind, eventId: events[at].eventId, stream: events[at].stream, revision: events[at].revision });
        expect(result.leavesChecked).toBe(at);
      }),
      { numRuns: 500 },
    );
  });

  it('names the event in a sentence: a whole stream deleted is reported at its first leaf; a missing event replaced by a forgery is DELETED', () => {
    const events = logOf([0, 1, 0, 1, 2, 1]);
    const withoutStream1 = events.filter((e) => e.stream !== 'claim-s1');
    expect(compareLog(withoutStream1, events.length, treeOf(events)).firstDifference).toMatchObject({ leafIndex: 1, kind: 'DELETED', reason: expect.stringMatching(/no longer in the log: the next event, event e2 .* is a later leaf/) });
    const replaced = events.map((e, i) => (i === 2 ? { ...e, eventId: 'forged' } : e));
    expect(compareLog(replaced, events.length, treeOf(events)).firstDifference).toMatchObject({ leafIndex: 2, kind: 'DELETED', reason: expect.stringMatching(/event forged .* which no leaf is, stands in its place/) });
    const edited = events.map((e, i) => (i === 3 ? { ...e, leafHash: hashOf('other time') } : e));
    expect(compareLog(edited, events.length, treeOf(events)).firstDifference).toMatchObject({ leafIndex: 3, kind: 'EDITED', reason: 'its content or recorded time differs from what was logged (the leaf hash does not match)' });
    expect(compareLog(events.slice(0, 4), events.length, treeOf(events)).firstDifference).toMatchObject({ leafIndex: 4, kind: 'TRUNCATED', reason: expect.stringMatching(/ends after 4 events, but the tree has 6 leaves/) });
  });
});
