import fc from 'fast-check';
import type { RecordedEvent } from '../../src/event-store/event-store.port';
import { decodeDeskCursor, encodeDeskCursor, eventKeyOf, groupChanges, mergeAtSeam, SeamGate } from '../../src/claims/read-model/desk-feed';

const event = (position: number, stream: string, causationId: string): RecordedEvent => ({
  id: `e${position}`,
  stream,
  type: 'T',
  revision: 0,
  position,
  data: {},
  metadata: { causationId },
  recordedAt: new Date(0),
});

describe('desk feed cursors', () => {
  it('decode(encode(c)) is c, for any position and event', () => {
    fc.assert(
      fc.property(fc.nat({ max: Number.MAX_SAFE_INTEGER }), fc.string({ minLength: 1, maxLength: 60 }), (position, id) => {
        const cursor = { position, eventKey: eventKeyOf(id) };
        expect(decodeDeskCursor(encodeDeskCursor(cursor))).toEqual(cursor);
      }),
    );
  });

  it('refuses anything else with BAD_USER_INPUT, never a position', () => {
    const valid = encodeDeskCursor({ position: 42, eventKey: eventKeyOf('x') });
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (text) => {
        fc.pre(text !== valid);
        let decoded: unknown;
        try {
          decoded = decodeDeskCursor(text);
        } catch (error) {
          expect((error as { code: string }).code).toBe('BAD_USER_INPUT');
          return;
        }
        // A random text that happens to decode must be a well-formed cursor of this feed.
        expect(encodeDeskCursor(decoded as never)).toBe(text);
      }),
    );
    // A cursor of a paged query is not one of the feed.
    expect(() => decodeDeskCursor(Buffer.from(JSON.stringify({ v: 1, q: 'other', k: [1, 'x'] })).toString('base64url'))).toThrow(/different feed/);
  });
});

describe('desk feed changes', () => {
  it("cut the log into one change per command and claim, whatever else is interleaved", () => {
    const log = [event(1, 'claim-a', 'c1'), event(2, 'claim-a', 'c1'), event(3, 'note', 'c2'), event(4, 'claim-b', 'c3'), event(5, 'claim-a', 'c4'), event(6, 'claim-a', 'c4')];
    const steps = groupChanges(log, (e) => (e.stream.startsWith('claim-') ? e.stream.slice(6) : undefined));
    expect(steps.map((s) => [s.claimId, s.events.map((e) => e.position), s.last.position])).toEqual([
      ['a', [1, 2], 2],
      ['b', [4], 4],
      ['a', [5, 6], 6],
    ]);
  });
});

describe('the seam between replay and live', () => {
  /**
   * A log of changes; the cursor is somewhere in it; the replay reads up to the frontier the live feed
   * had when the subscriber attached; live pushes start at or before the frontier (some overlap), and
   * arrive interleaved with the replay in any order. What the subscriber gets is the log after the cursor.
   */
  it('passes every change after the cursor exactly once, in order, for any interleaving', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.nat({ max: 10_000 }), { minLength: 0, maxLength: 40 }).map((ps) => [...ps].sort((a, b) => a - b)),
        fc.nat(),
        fc.nat(),
        fc.nat(),
        fc.array(fc.boolean(), { maxLength: 80 }),
        (log, c, f, overlap, schedule) => {
          const cursorIndex = log.length ? c % (log.length + 1) : 0; // changes [0, cursorIndex) were seen
          const after = cursorIndex === 0 ? -1 : log[cursorIndex - 1];
          const frontierIndex = cursorIndex + (f % (log.length - cursorIndex + 1)); // replay covers [cursorIndex, frontierIndex)
          const liveFrom = Math.max(0, frontierIndex - (overlap % 3)); // live may repeat a few the replay has
          const replay = log.slice(cursorIndex, frontierIndex);
          const live = log.slice(liveFrom);
          // Live changes that arrive while the replay runs are held; the rest go through the gate after it.
          let held = 0;
          schedule.forEach((early) => (held += early && held < live.length ? 1 : 0));
          const gate = new SeamGate(after);
          const out = mergeAtSeam(after, replay, live.slice(0, held), (p) => p);
          out.forEach((p) => gate.accept(p));
          for (const p of live.slice(held)) if (gate.accept(p)) out.push(p);
          expect(out).toEqual(log.slice(cursorIndex));
        },
      ),
    );
  });
});
