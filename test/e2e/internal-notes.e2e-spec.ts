import { DeskClient } from '../support/desk-client';
import { eventually } from '../support/eventually';
import { startTestApp, TestApp } from '../support/test-app';
import { WsSubscriber } from '../support/ws-subscriber';

const NOTE_FIELDS = 'noteId claimId text replyTo threadId mentions author { id name } edits editedAt retraction { reason }';
const HISTORY = `query($id: ID!, $first: Int, $after: String, $order: HistoryOrder) {
  claimHistory(claimId: $id, first: $first, after: $after, order: $order) {
    lastRevision edges { cursor node { type stream revision position actor { id } summary data } } pageInfo { hasNextPage }
  }
}`;

interface HistoryNode { type: string; stream: string; revision: number; position: number; actor: { id: string }; summary: string; data: Record<string, unknown> }

/** Internal notes over real HTTP and WebSocket, on the embedded store: the desk discusses, readers see nothing. */
describe('internal notes (e2e)', () => {
  let app: TestApp;
  let alice: DeskClient; // contributor
  let rita: DeskClient; // reviewer
  let rafael: DeskClient; // reviewer
  let edgar: DeskClient; // editor
  let reader: DeskClient; // a token without a role
  let anonymous: DeskClient;
  let claimId: string;
  let otherClaimId: string;

  beforeAll(async () => {
    app = await startTestApp({ CLAIM_MAX_NOTES: '8' });
    const as = async (sub: string, name: string, roles: string[]) => new DeskClient(app, await app.token({ sub, name, roles }));
    alice = await as('alice', 'Alice Contributor', ['contributor']);
    rita = await as('rita', 'Rita Reviewer', ['reviewer']);
    rafael = await as('rafael', 'Rafael Reviewer', ['reviewer']);
    edgar = await as('edgar', 'Edgar Editor', ['editor']);
    reader = await as('reader', 'A Reader', []);
    anonymous = new DeskClient(app, '');
    const submit = async (statement: string) =>
      (await alice.ok('submitClaim', {
        statement,
        claimant: { name: 'Trend News Agency', kind: 'ORGANIZATION' },
        claimDate: '2025-06-28',
        appearances: [{ url: 'https://en.trend.az/raids', outlet: 'Trend', appearedAt: '2025-06-28', firstAppearance: true }],
        language: 'en',
        topics: ['russia'],
      })).claimId;
    claimId = await submit('Two people died during the police raids in Yekaterinburg on 27 June 2025.');
    otherClaimId = await submit('Nine people were detained in Yekaterinburg.');
  });
  afterAll(async () => app.close());

  async function note<T = Record<string, unknown>>(client: DeskClient, name: 'postNote' | 'editNote' | 'retractNote', input: Record<string, unknown>) {
    const type = `${name.charAt(0).toUpperCase()}${name.slice(1)}Input`;
    const response = await app.graphql<Record<string, T>>(`mutation($input: ${type}!) { ${name}(input: $input) { claimId noteId revision position replayed } }`, { input }, client.token);
    if (response.errors?.length) return { error: { code: String(response.errors[0].extensions?.code), message: response.errors[0].message } };
    return { result: response.data?.[name] as unknown as { claimId: string; noteId: string; revision: number; position: number; replayed: boolean } };
  }
  async function ok(client: DeskClient, name: 'postNote' | 'editNote' | 'retractNote', input: Record<string, unknown>) {
    const { result, error } = await note(client, name, input);
    if (!result) throw new Error(`${name} refused: ${error?.code} ${error?.message}`);
    return result;
  }
  const notesOf = (client: DeskClient, id = claimId) => app.graphql<{ claimNotes: { count: number; threadCount: number; notes: Record<string, unknown>[] } | null }>(
    `query($id: ID!) { claimNotes(claimId: $id) { claimId count threadCount notes { ${NOTE_FIELDS} } } }`, { id }, client.token);
  async function wholeHistory(client: DeskClient, order = 'OLDEST_FIRST', first = 500): Promise<HistoryNode[]> {
    const nodes: HistoryNode[] = [];
    let after: string | undefined;
    for (;;) {
      const response = await app.graphql<{ claimHistory: { edges: { cursor: string; node: HistoryNode }[]; pageInfo: { hasNextPage: boolean } } }>(HISTORY, { id: claimId, first, after, order }, client.token);
      if (response.errors?.length) throw new Error(response.errors[0].message);
      const page = response.data!.claimHistory;
      nodes.push(...page.edges.map((e) => e.node));
      if (!page.pageInfo.hasNextPage) return nodes;
      after = page.edges.at(-1)!.cursor;
    }
  }

  it('reviewers post, reply and mention; the author edits and retracts; a subscriber receives each note live', async () => {
    const ws = new WsSubscriber(app.url, edgar.token);
    try {
      const live = ws.subscribe<{ claimNotesUpdated: Record<string, unknown> }>(`subscription($id: ID!) { claimNotesUpdated(claimId: $id) { ${NOTE_FIELDS} } }`, { id: claimId });
      // claimUpdated answers at once: the subscription sent before it on this connection is in place by then.
      const ready = ws.subscribe(`subscription($id: ID!) { claimUpdated(id: $id) { revision } }`, { id: claimId });
      await eventually(() => expect(ready.received).toHaveLength(1));

      const first = await ok(rita, 'postNote', { claimId, text: 'The ministry says two, not five. @rafael can you check?', mentions: ['rafael'] });
      const reply = await ok(rafael, 'postNote', { claimId, text: 'Confirmed: two, per the regional ministry.', replyTo: first.noteId, mentions: ['rita', 'edgar'] });
      await ok(rita, 'editNote', { noteId: first.noteId, text: 'The ministry says two, not five.' });
      const stray = await ok(rita, 'postNote', { claimId, text: 'Meant for the other claim' });
      await ok(rita, 'retractNote', { noteId: stray.noteId, reason: 'Wrong claim' });

      await eventually(() => expect(live.received).toHaveLength(5));
      expect(live.errors).toEqual([]);
      expect(live.received.map((r) => r.claimNotesUpdated)).toEqual([
        expect.objectContaining({ noteId: first.noteId, text: 'The ministry says two, not five. @rafael can you check?', mentions: ['rafael'], edits: 0 }),
        expect.objectContaining({ noteId: reply.noteId, replyTo: first.noteId, threadId: first.noteId, mentions: ['rita', 'edgar'], author: { id: 'rafael', name: 'Rafael Reviewer' } }),
        expect.objectContaining({ noteId: first.noteId, text: 'The ministry says two, not five.', edits: 1 }),
        expect.objectContaining({ noteId: stray.noteId, text: 'Meant for the other claim', retraction: null }),
        expect.objectContaining({ noteId: stray.noteId, text: null, retraction: { reason: 'Wrong claim' } }),
      ]);

      const { data, errors } = await notesOf(edgar);
      expect(errors).toBeUndefined();
      expect(data!.claimNotes!).toMatchObject({ count: 3, threadCount: 2 });
      expect(data!.claimNotes!.notes.map((n) => [n.threadId, n.noteId])).toEqual([
        [first.noteId, first.noteId],
        [first.noteId, reply.noteId],
        [stray.noteId, stray.noteId],
      ]);
      expect(data!.claimNotes!.notes[0]).toMatchObject({ text: 'The ministry says two, not five.', edits: 1, editedAt: expect.any(String) });
      expect(data!.claimNotes!.notes[2]).toMatchObject({ text: null, retraction: { reason: 'Wrong claim' } });
    } finally {
      await ws.close();
    }
  });

  it('a reader, an anonymous caller and a contributor see none of it, and cannot subscribe', async () => {
    const asReader = await notesOf(reader);
    expect(asReader.data?.claimNotes ?? null).toBeNull();
    expect(asReader.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await notesOf(anonymous)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect((await notesOf(alice)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await note(alice, 'postNote', { claimId, text: 'May I?' })).error?.code).toBe('FORBIDDEN');
    expect((await note(reader, 'postNote', { claimId, text: 'May I?' })).error?.code).toBe('FORBIDDEN');

    for (const token of [reader.token, undefined]) {
      const ws = new WsSubscriber(app.url, token);
      try {
        const sub = ws.subscribe(`subscription($id: ID!) { claimNotesUpdated(claimId: $id) { noteId text } }`, { id: claimId });
        await eventually(() => expect(sub.errors).toHaveLength(1));
        expect(sub.received).toEqual([]);
        expect(JSON.stringify(sub.errors)).toMatch(/FORBIDDEN|UNAUTHENTICATED/);
      } finally {
        await ws.close();
      }
    }
  });

  it('refuses: editing or retracting someone else\'s note, replying across claims, unknown claims, bad mentions, the notes limit', async () => {
    const mine = await ok(rita, 'postNote', { claimId, text: 'Mine' });
    expect((await note(rafael, 'editNote', { noteId: mine.noteId, text: 'Yours now' })).error?.code).toBe('NOT_AUTHOR');
    expect((await note(edgar, 'retractNote', { noteId: mine.noteId, reason: 'Editor says so' })).error?.code).toBe('NOT_AUTHOR');
    expect((await note(rafael, 'postNote', { claimId: otherClaimId, text: 'Reply across', replyTo: mine.noteId })).error).toEqual({ code: 'NOTE_NOT_FOUND', message: expect.stringMatching(/same claim/) });
    expect((await note(rita, 'postNote', { claimId: 'no-such-claim', text: 'Hello' })).error?.code).toBe('CLAIM_NOT_FOUND');
    expect((await note(rita, 'editNote', { noteId: 'no-such-note', text: 'Hello' })).error?.code).toBe('NOTE_NOT_FOUND');
    expect((await note(rita, 'postNote', { claimId, text: 'Hi', mentions: ['not an id'] })).error?.code).toBe('BAD_USER_INPUT');
    expect((await note(rita, 'postNote', { claimId, text: '   ' })).error?.code).toBe('BAD_USER_INPUT');
    // CLAIM_MAX_NOTES=8 here: 4 notes so far, retracted included.
    for (let n = 0; n < 4; n++) await ok(edgar, 'postNote', { claimId, text: `Note ${n}` });
    expect((await note(edgar, 'postNote', { claimId, text: 'One too many' })).error?.code).toBe('NOTE_LIMIT_REACHED');
  });

  it('a postNote retried with its mutationId writes nothing new', async () => {
    const first = await ok(rafael, 'postNote', { claimId: otherClaimId, text: 'Once', mutationId: 'rafael-once-1' });
    const again = await ok(rafael, 'postNote', { claimId: otherClaimId, text: 'Once', mutationId: 'rafael-once-1' });
    expect(again).toEqual({ ...first, replayed: true });
    expect((await notesOf(rafael, otherClaimId)).data!.claimNotes!.count).toBe(1);
  });

  it('a mutationId reused for a different note is refused with MUTATION_ID_REUSED, and nothing is written', async () => {
    await ok(rita, 'postNote', { claimId: otherClaimId, text: 'First text', mutationId: 'rita-reuse-1' });
    const before = (await notesOf(rita, otherClaimId)).data!.claimNotes!.count;
    for (const changed of [{ text: 'Second text' }, { text: 'First text', mentions: ['edgar'] }]) {
      const { error } = await note(rita, 'postNote', { claimId: otherClaimId, ...changed, mutationId: 'rita-reuse-1' });
      expect(error?.code).toBe('MUTATION_ID_REUSED');
    }
    expect((await notesOf(rita, otherClaimId)).data!.claimNotes!.count).toBe(before);
  });

  it('claimHistory: desk roles see the notes\' events in log order, earlier texts included; others exactly the claim\'s stream', async () => {
    const editor = await wholeHistory(edgar);
    const contributor = await wholeHistory(alice);
    expect(contributor.every((e) => e.stream === `claim-${claimId}`)).toBe(true);
    expect(contributor.map((e) => e.revision)).toEqual(contributor.map((_, i) => i));
    expect(editor.filter((e) => e.stream === `claim-${claimId}`)).toEqual(contributor);
    const notes = editor.filter((e) => e.stream === `claim-notes-${claimId}`);
    expect(notes.map((e) => e.type).slice(0, 5)).toEqual(['NotePosted', 'NotePosted', 'NoteEdited', 'NotePosted', 'NoteRetracted']);
    expect(notes[0].data.text).toBe('The ministry says two, not five. @rafael can you check?');
    expect(notes[4].summary).toBe('Rita Reviewer retracted note ' + String(notes[3].data.noteId) + ': Wrong claim');
    const positions = editor.map((e) => e.position);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    // Reviewers see the same; the newest-first order is the same list reversed.
    expect(await wholeHistory(rita)).toEqual(editor);
    expect(await wholeHistory(edgar, 'NEWEST_FIRST')).toEqual([...editor].reverse());
  });

  it('claimHistory cursors with notes are stable: pages of 2 make the whole list, whatever is appended meanwhile', async () => {
    const before = await wholeHistory(edgar);
    const page = await app.graphql<{ claimHistory: { edges: { cursor: string; node: HistoryNode }[] } }>(HISTORY, { id: claimId, first: 3 }, edgar.token);
    const cursor = page.data!.claimHistory.edges.at(-1)!.cursor;
    const newest = await app.graphql<{ claimHistory: { edges: { cursor: string; node: HistoryNode }[] } }>(HISTORY, { id: claimId, first: 3, order: 'NEWEST_FIRST' }, edgar.token);
    const newestCursor = newest.data!.claimHistory.edges.at(-1)!.cursor;
    // Something new in both streams after the cursors were handed out.
    await alice.ok('reviseClaimDetails', { claimId, reason: 'Typo', topics: ['russia', 'police'] });
    await ok(rafael, 'postNote', { claimId: otherClaimId, text: 'elsewhere' });
    const after = await wholeHistory(edgar, 'OLDEST_FIRST', 2);
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after.slice(before.length).map((e) => e.type)).toEqual(['ClaimDetailsRevised']);
    const rest = await app.graphql<{ claimHistory: { edges: { node: HistoryNode }[] } }>(HISTORY, { id: claimId, first: 500, after: cursor }, edgar.token);
    expect(rest.data!.claimHistory.edges.map((e) => e.node)).toEqual(after.slice(3));
    const older = await app.graphql<{ claimHistory: { edges: { node: HistoryNode }[] } }>(HISTORY, { id: claimId, first: 500, after: newestCursor, order: 'NEWEST_FIRST' }, edgar.token);
    expect(older.data!.claimHistory.edges.map((e) => e.node)).toEqual([...before].reverse().slice(3));
    // A contributor's cursor is of another query (the claim's stream only): refused, not misread.
    const mixed = await app.graphql(HISTORY, { id: claimId, first: 5, after: cursor }, alice.token);
    expect(mixed.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('the audit trail stays the claim\'s: verification, activity and the claim list are untouched by notes', async () => {
    const verify = await app.graphql<{ verifyAuditTrail: { ok: boolean; eventsChecked: number }; verifyAllAuditTrails: { ok: boolean; streamsChecked: number } }>(
      'query($id: ID!) { verifyAuditTrail(claimId: $id) { ok eventsChecked } verifyAllAuditTrails { ok streamsChecked } }', { id: claimId }, edgar.token);
    expect(verify.errors).toBeUndefined();
    const claimEvents = (await wholeHistory(alice)).length;
    expect(verify.data).toEqual({ verifyAuditTrail: { ok: true, eventsChecked: claimEvents }, verifyAllAuditTrails: { ok: true, streamsChecked: 2 } });
    const activity = await app.graphql<{ actorActivity: { edges: { node: { eventType: string } }[] } }>('{ actorActivity(actorId: "rita") { edges { node { eventType } } } }', {}, rita.token);
    expect(activity.data!.actorActivity.edges).toEqual([]);
    const claim = await edgar.claim(claimId);
    expect(claim?.status).toBe('DRAFT');
  });
});

describe('internal notes posted all at once (e2e)', () => {
  it('thirty notes posted at the same moment on one claim are all kept, none refused', async () => {
    const app = await startTestApp({ CLAIM_MAX_NOTES: '40' });
    try {
      const alice = new DeskClient(app, await app.token({ sub: 'alice', name: 'Alice', roles: ['contributor'] }));
      const desk = await Promise.all(['rita', 'rafael', 'edgar'].map(async (sub) => new DeskClient(app, await app.token({ sub, name: sub, roles: [sub === 'edgar' ? 'editor' : 'reviewer'] }))));
      const { claimId } = await alice.ok('submitClaim', {
        statement: 'The airport was closed for a day.',
        claimant: { name: 'A ministry', kind: 'ORGANIZATION' },
        claimDate: '2025-06-28',
        appearances: [{ url: 'https://example.org/closed', outlet: 'Example', appearedAt: '2025-06-28', firstAppearance: true }],
        language: 'en',
        topics: ['aviation'],
      });
      const answers = await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          app.graphql(`mutation($input: PostNoteInput!) { postNote(input: $input) { noteId } }`, { input: { claimId, text: `Note ${i}` } }, desk[i % 3].token),
        ),
      );
      expect(answers.flatMap((a) => a.errors ?? []).map((e) => e.extensions?.code)).toEqual([]);
      const notes = await app.graphql<{ claimNotes: { count: number } }>(`query($id: ID!) { claimNotes(claimId: $id) { count } }`, { id: claimId }, desk[0].token);
      expect(notes.data?.claimNotes.count).toBe(30);
    } finally {
      await app.close();
    }
  });
});
