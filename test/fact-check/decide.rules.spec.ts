// The rules every command shares (src/claims/domain/rules.ts): roles, the claim's existence,
// what an event may carry, and who may change what they did.
import type { Actor } from '../../src/shared/actor';
import type { CitationDetails, ClaimEvent } from '../../src/claims/domain/claim';
import type { ClaimCommand } from '../../src/claims/domain/commands';
import { given } from '../support/decider-spec';
import {
  ada, alice, assign, at, carl, cite, claimId, correct, details, draft, edgar, inReview, nobody, publish, published, ravi, record,
  reject, rejected, reopen, retractCitation, retractFactCheck, reviewersAssigned, reviewStarted, reviseCitation, reviseDetails,
  reviseVerdict, rita, source, stamp, submit, submitted, unassign, verdictRecorded, withdraw, withVerdicts,
} from './desk.fixtures';

describe('roles', () => {
  it('an editor cannot record a verdict (only reviewers rate)', () => {
    given([submitted, reviewersAssigned([rita]), reviewStarted()])
      .when({ type: 'RecordVerdict', claimId: 'c1', verdictId: 'v1', rating: 'FALSE', rationale: 'r', citationIds: ['x'] }, edgar)
      .thenRefused('FORBIDDEN', /Only reviewers may record a verdict/);
  });

  it.each([['contributor', alice], ['reviewer', rita], ['editor', edgar], ['admin', ada]] as const)('a %s may submit a claim', (_role, actor) => {
    given([]).when(submit(), actor).then([{ type: 'ClaimSubmitted', data: { ...stamp(actor), claimId, ...details } }]);
  });

  it('an actor without a role may not submit a claim (FORBIDDEN)', () => {
    given([]).when(submit(), nobody).thenRefused('FORBIDDEN', /may submit a claim/);
  });

  it.each([['contributor', carl], ['reviewer', rita], ['editor', edgar], ['admin', ada]] as const)('a %s may cite sources for a claim', (_role, actor) => {
    given(draft()).when(cite('k9'), actor).then([{ type: 'CitationAdded', data: { ...stamp(actor), claimId, citationId: 'k9', ...source('k9') } }]);
  });

  it('an actor without a role may not cite sources (FORBIDDEN)', () => {
    given(draft()).when(cite('k9'), nobody).thenRefused('FORBIDDEN', /may add a citation/);
  });

  it('an assigned reviewer may rate a claim', () => {
    given(inReview()).when(record('FALSE'), rita).then([verdictRecorded(rita, 'FALSE', ['k1'], 'v-new')]);
  });

  it.each([['contributor', carl], ['editor', edgar], ['actor without a role', nobody]] as const)('a %s may not rate a claim (only reviewers rate)', (_role, actor) => {
    given(inReview([rita, ravi])).when(record('FALSE'), actor).thenRefused('FORBIDDEN', /Only reviewers may record a verdict/);
  });

  it('an admin may rate a claim, even without being assigned to it', () => {
    given(inReview()).when(record('FALSE'), ada).then([verdictRecorded(ada, 'FALSE', ['k1'], 'v-new')]);
  });

  const editorOnly: [act: string, history: () => ClaimEvent[], command: ClaimCommand, emits: ClaimEvent['type'][]][] = [
    ['assign reviewers', draft, assign(rita), ['ReviewersAssigned', 'ClaimReviewStarted']],
    ['unassign a reviewer', inReview, unassign(rita), ['ReviewerUnassigned']],
    ['publish a fact-check', () => withVerdicts([rita, 'FALSE'], [ravi, 'FALSE']), publish('FALSE'), ['FactCheckPublished']],
    ['correct a fact-check', published, correct({ newSummary: 'Nobody died.' }), ['FactCheckCorrected']],
    ['retract a fact-check', published, retractFactCheck, ['FactCheckRetracted']],
    ['reject a claim', draft, reject, ['ClaimRejected']],
    ['reopen a claim', rejected, reopen, ['ClaimReopened']],
  ];

  it.each(editorOnly)('only editors may %s: a contributor, a reviewer or an actor without a role is refused (FORBIDDEN)', (act, history, command) => {
    for (const actor of [carl, alice, rita, nobody]) {
      given(history()).when(command, actor).thenRefused('FORBIDDEN', new RegExp(`Only editors may ${act.split(' ')[0]}`));
    }
  });

  it.each(editorOnly)('an editor may %s', (_act, history, command, emits) => {
    const events = given(history()).when(command, edgar).events();
    expect(events.map((e) => e.type)).toEqual(emits);
    expect(events.every((e) => e.data.by.id === edgar.id && e.data.at === at)).toBe(true);
  });

  it.each(editorOnly)('an admin may %s', (_act, history, command, emits) => {
    const events = given(history()).when(command, ada).events();
    expect(events.map((e) => e.type)).toEqual(emits);
    expect(events.every((e) => e.data.by.id === ada.id)).toBe(true);
  });
});

describe('a claim must exist before anything else is done to it', () => {
  it.each([
    ['revise its details', reviseDetails({ statement: 'x' })],
    ['assign reviewers', assign(rita)],
    ['unassign a reviewer', unassign(rita)],
    ['cite a source', cite('k1')],
    ['revise a citation', reviseCitation('k1', { title: 'x' })],
    ['retract a citation', retractCitation('k1')],
    ['record a verdict', record('FALSE')],
    ['revise a verdict', reviseVerdict('v1', { rating: 'TRUE' })],
    ['withdraw a verdict', withdraw('v1')],
    ['reject it', reject],
    ['reopen it', reopen],
    ['publish it', publish()],
    ['correct it', correct({ newRating: 'TRUE' })],
    ['retract it', retractFactCheck],
  ] as const)('a claim that was never submitted cannot be acted on: %s (CLAIM_NOT_FOUND)', (_act, command) => {
    given([]).when(command, ada).thenRefused('CLAIM_NOT_FOUND', /No claim c1/);
  });
});

describe('what an event may carry, since it is kept forever', () => {
  it('a revision may not blank out or null a claim detail (INCOMPLETE_DETAILS, BAD_USER_INPUT over the API)', () => {
    given(draft()).when(reviseDetails({ language: null } as unknown as Partial<typeof details>), alice).thenRefused('INCOMPLETE_DETAILS', /language must be a language tag/);
    given(draft()).when(reviseDetails({ claimant: null } as unknown as Partial<typeof details>), alice).thenRefused('INCOMPLETE_DETAILS', /claimant must have a name/);
    given(draft()).when(reviseDetails({ topics: null } as unknown as Partial<typeof details>), alice).thenRefused('INCOMPLETE_DETAILS', /topics must be a list/);
    given(draft()).when(reviseDetails({ statement: '   ' }), alice).thenRefused('INCOMPLETE_DETAILS', /statement must be a non-empty text/);
  });

  it('a citation may not lose its url, title, publisher, excerpt or stance (INCOMPLETE_DETAILS, BAD_USER_INPUT over the API)', () => {
    given(draft()).when(reviseCitation('k1', { title: null } as unknown as Partial<CitationDetails>), alice).thenRefused('INCOMPLETE_DETAILS', /title must be a non-empty text/);
    given(draft()).when(reviseCitation('k1', { stance: 'MAYBE' } as unknown as Partial<CitationDetails>), alice).thenRefused('INCOMPLETE_DETAILS', /stance must be/);
    given(draft()).when({ ...cite('k9'), url: '' } as ClaimCommand, alice).thenRefused('INCOMPLETE_DETAILS', /url must be a non-empty text/);
  });
});

describe('acting on one\'s own work still needs a role', () => {
  const roleless = (a: Actor): Actor => ({ ...a, roles: [] });

  it('a person whose token carries no role may not revise or retract what they once did (FORBIDDEN)', () => {
    given(draft()).when(reviseDetails({ statement: 'New wording' }), roleless(alice)).thenRefused('FORBIDDEN', /revise a claim's details/);
    given(draft()).when(reviseCitation('k1', { title: 'New title' }), roleless(alice)).thenRefused('FORBIDDEN', /revise a citation/);
    given(draft()).when(retractCitation('k1'), roleless(alice)).thenRefused('FORBIDDEN', /retract a citation/);
    given(withVerdicts([rita, 'FALSE'])).when(reviseVerdict('v-rita', { rating: 'TRUE' }), roleless(rita)).thenRefused('FORBIDDEN', /Only reviewers may revise a verdict/);
  });
});
