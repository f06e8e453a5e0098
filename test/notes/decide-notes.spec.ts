import fc from 'fast-check';
import { NOTE_MAX_EDITS, NOTE_MAX_MENTIONS, NoteCommand } from '../../src/notes/domain/note-commands';
import { ada, alice, CLAIM, edgar, edited, given, posted, rafael, reader, retracted, rita } from './notes.fixtures';

const post = (noteId: string, text: string, extra: { replyTo?: string | null; mentions?: string[] } = {}): NoteCommand => ({
  type: 'PostNote', claimId: CLAIM, noteId, text, replyTo: extra.replyTo ?? null, mentions: extra.mentions ?? [],
});
const edit = (noteId: string, text: string, mentions?: string[]): NoteCommand => ({ type: 'EditNote', claimId: CLAIM, noteId, text, mentions });
const retract = (noteId: string, reason: string): NoteCommand => ({ type: 'RetractNote', claimId: CLAIM, noteId, reason });

describe('internal notes: who takes part', () => {
  it.each([rita, edgar, ada])('%s may post a note', (actor) => {
    given([]).when(post('n1', 'Check the second source'), actor).then([posted('n1', actor, 'Check the second source')]);
  });

  it('a contributor may not: the deliberation is the reviewers\' and editors\'', () => {
    given([]).when(post('n1', 'Why not?'), alice).thenRefused('FORBIDDEN', /reviewers and editors/);
  });

  it('a token without a role may not', () => {
    given([]).when(post('n1', 'Hello'), reader).thenRefused('FORBIDDEN');
  });

  it('no note on a claim that does not exist', () => {
    given([], { claimExists: false }).when(post('n1', 'Hello'), rita).thenRefused('CLAIM_NOT_FOUND');
  });

  it('a contributor may not edit or retract either, even a note with their id on it', () => {
    given([posted('n1', alice, 'old')]).when(edit('n1', 'new'), alice).thenRefused('FORBIDDEN');
    given([posted('n1', alice, 'old')]).when(retract('n1', 'gone'), alice).thenRefused('FORBIDDEN');
  });
});

describe('internal notes: posting, replying, mentioning', () => {
  it('a reply names a note of the same claim and keeps its mentions', () => {
    given([posted('n1', rita, 'Is the figure 5 or 2?')])
      .when(post('n2', 'Two, per the ministry', { replyTo: 'n1', mentions: ['rita', 'edgar@desk.example'] }), rafael)
      .then([posted('n2', rafael, 'Two, per the ministry', { replyTo: 'n1', mentions: ['rita', 'edgar@desk.example'] })]);
  });

  it('a reply to a note that is not this claim\'s is refused (another claim\'s notes are in another stream)', () => {
    given([posted('n1', rita, 'here')]).when(post('n2', 'reply', { replyTo: 'elsewhere' }), rafael).thenRefused('NOTE_NOT_FOUND', /same claim/);
  });

  it('a reply to a retracted note is refused', () => {
    given([posted('n1', rita, 'x'), retracted('n1', rita, 'wrong claim')]).when(post('n2', 'reply', { replyTo: 'n1' }), rafael).thenRefused('NOTE_RETRACTED');
  });

  it.each([['a space', 'ri ta'], ['an empty id', ''], ['a bidi control', 'rita\u202E'], ['too long', 'r'.repeat(201)]])('a mention with %s is not a person\'s id', (_what, id) => {
    given([]).when(post('n1', 'Hello', { mentions: [id] }), rita).thenRefused('INVALID_NOTE', /people's ids/);
  });

  it('the same person mentioned twice is refused', () => {
    given([]).when(post('n1', 'Hello', { mentions: ['rita', 'rita'] }), rafael).thenRefused('INVALID_NOTE', /twice/);
  });

  it(`at most ${NOTE_MAX_MENTIONS} mentions`, () => {
    const many = Array.from({ length: NOTE_MAX_MENTIONS + 1 }, (_, i) => `p${i}`);
    given([]).when(post('n1', 'All hands', { mentions: many }), edgar).thenRefused('INVALID_NOTE', /at most/);
    given([]).when(post('n1', 'All hands', { mentions: many.slice(1) }), edgar).then([posted('n1', edgar, 'All hands', { mentions: many.slice(1) })]);
  });

  it('any string of the id alphabet is accepted as a mention; anything else is refused', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), (id) => {
        const valid = /^[A-Za-z0-9][A-Za-z0-9_.@:|+-]*$/.test(id);
        const outcome = () => given([]).when(post('n1', 'Hi', { mentions: [id] }), rita);
        if (valid) outcome().then([posted('n1', rita, 'Hi', { mentions: [id] })]);
        else outcome().thenRefused('INVALID_NOTE');
      }),
    );
  });

  it('text beyond the configured length is refused; at the length it is kept', () => {
    given([], { limits: { textLength: 10 } }).when(post('n1', 'x'.repeat(11)), rita).thenRefused('INVALID_NOTE', /at most 10 characters/);
    given([], { limits: { textLength: 10 } }).when(post('n1', 'x'.repeat(10)), rita).then([posted('n1', rita, 'x'.repeat(10))]);
  });

  it('counts characters as the API does (code points): ten emoji fit a limit of ten, eleven do not', () => {
    given([], { limits: { textLength: 10 } }).when(post('n1', '🙂'.repeat(10)), rita).then([posted('n1', rita, '🙂'.repeat(10))]);
    given([], { limits: { textLength: 10 } }).when(post('n1', '🙂'.repeat(11)), rita).thenRefused('INVALID_NOTE', /at most 10 characters/);
  });

  it.each([['blank', ' \u200B\n'], ['with a control character', 'bad\u0007text']])('text %s is refused', (_what, text) => {
    given([]).when(post('n1', text), rita).thenRefused('INVALID_NOTE');
  });

  it('a claim with CLAIM_MAX_NOTES notes (retracted ones count) takes no more', () => {
    const history = [posted('n1', rita, 'a'), posted('n2', rita, 'b'), retracted('n2', rita, 'dup')];
    const error = given(history, { limits: { notesPerClaim: 2 } }).when(post('n3', 'c'), rafael).thenRefused('NOTE_LIMIT_REACHED');
    expect(error.details).toEqual({ limit: 'notes', max: 2 });
    given(history, { limits: { notesPerClaim: 3 } }).when(post('n3', 'c'), rafael).then([posted('n3', rafael, 'c')]);
  });
});

describe('internal notes: editing and retracting (author only)', () => {
  const history = [posted('n1', rita, 'Five died', { mentions: ['rafael'] })];

  it('the author edits the text; the mentions stay unless given', () => {
    given(history).when(edit('n1', 'Two died'), rita).then([edited('n1', rita, 'Two died', ['rafael'])]);
    given(history).when(edit('n1', 'Two died', []), rita).then([edited('n1', rita, 'Two died', [])]);
  });

  it('someone else, an editor included, may not edit it', () => {
    given(history).when(edit('n1', 'Two died'), rafael).thenRefused('NOT_AUTHOR');
    given(history).when(edit('n1', 'Two died'), edgar).thenRefused('NOT_AUTHOR');
  });

  it('an edit that changes nothing is refused', () => {
    given(history).when(edit('n1', 'Five died'), rita).thenRefused('NOTHING_CHANGED');
  });

  it('editing a note that does not exist is refused', () => {
    given(history).when(edit('n9', 'x'), rita).thenRefused('NOTE_NOT_FOUND');
  });

  it(`a note edited ${NOTE_MAX_EDITS} times takes no more edits`, () => {
    const edits = Array.from({ length: NOTE_MAX_EDITS }, (_, i) => edited('n1', rita, `v${i}`, ['rafael']));
    given([...history, ...edits]).when(edit('n1', 'one more'), rita).thenRefused('NOTE_LIMIT_REACHED');
    given([...history, ...edits.slice(1)]).when(edit('n1', 'one more'), rita).then([edited('n1', rita, 'one more', ['rafael'])]);
  });

  it('the author retracts it with a reason', () => {
    given(history).when(retract('n1', 'Wrong claim'), rita).then([retracted('n1', rita, 'Wrong claim')]);
  });

  it('someone else may not retract it; nor without a reason', () => {
    given(history).when(retract('n1', 'mine now'), edgar).thenRefused('NOT_AUTHOR');
    given(history).when(retract('n1', '  '), rita).thenRefused('INVALID_NOTE', /blank/);
  });

  it('a retracted note can be neither edited nor retracted again', () => {
    const gone = [...history, retracted('n1', rita, 'Wrong claim')];
    given(gone).when(edit('n1', 'back'), rita).thenRefused('NOTE_RETRACTED');
    given(gone).when(retract('n1', 'again'), rita).thenRefused('NOTE_RETRACTED');
  });
});
