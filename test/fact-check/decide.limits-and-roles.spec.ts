import fc from 'fast-check';
import { ClaimEvent, foldClaim } from '../../src/claims/domain/claim';
import { ClaimCommand, ClaimLimits, DEFAULT_CLAIM_LIMITS, DeskPolicy } from '../../src/claims/domain/commands';
import { decide } from '../../src/claims/domain/decide';
import { DeskError } from '../../src/claims/domain/desk-error';
import { DEFAULT_POLICY, given, NOW } from '../support/decider-spec';
import {
  ada,
  alice,
  assign,
  carl,
  cite,
  citationAdded,
  correct,
  details,
  draft,
  edgar,
  factCheckCorrected,
  inReview,
  nobody,
  publish,
  published,
  ravi,
  record,
  reject,
  rejected,
  reopen,
  retractCitation,
  retractFactCheck,
  reviseCitation,
  reviseDetails,
  reviseVerdict,
  rita,
  rosa,
  submit,
  submitted,
  unassign,
  withdraw,
} from './desk.fixtures';

const foldOf = (history: ClaimEvent[]) => foldClaim(history);
const limited = (limits: Partial<ClaimLimits>): DeskPolicy => ({ ...DEFAULT_POLICY, limits: { ...DEFAULT_CLAIM_LIMITS, ...limits } });
const appearance = (n: number) => ({ url: `https://example.org/a${n}`, outlet: `Outlet ${n}`, appearedAt: '2025-06-28', firstAppearance: n === 0 });

describe('how big a claim may grow (CLAIM_LIMIT_REACHED, with the limit and its maximum)', () => {
  it('a citation beyond the maximum is refused; up to it, accepted', () => {
    const policy = limited({ citations: 4 });
    given(draft(), policy).when(cite('k4'), alice).events();
    const error = given([...draft(), citationAdded('k4')], policy).when(cite('k5'), alice).thenRefused('CLAIM_LIMIT_REACHED', /at most 4 citations/);
    expect(error.details).toEqual({ limit: 'citations', max: 4 });
  });

  it('retracted citations still count: they stay on the claim', () => {
    const policy = limited({ citations: 3 });
    const history: ClaimEvent[] = [...draft(), { type: 'CitationRetracted', data: { by: { id: 'edgar', name: 'Edgar' }, at: NOW.toISOString(), claimId: 'c1', citationId: 'k1', reason: 'x' } }];
    given(history, policy).when(cite('k9'), alice).thenRefused('CLAIM_LIMIT_REACHED');
  });

  it('more appearances than allowed are refused on submission and on revision', () => {
    const policy = limited({ appearances: 2 });
    const three = [0, 1, 2].map(appearance);
    given([], policy).when(submit({ appearances: three }), alice).thenRefused('CLAIM_LIMIT_REACHED', /at most 2 appearances/);
    given([], policy).when(submit({ appearances: three.slice(0, 2) }), alice).events();
    const error = given([submitted], policy).when(reviseDetails({ appearances: three }), alice).thenRefused('CLAIM_LIMIT_REACHED');
    expect(error.details).toEqual({ limit: 'appearances', max: 2 });
  });

  it('assigning beyond the maximum of reviewers is refused, counting those already assigned', () => {
    const policy = limited({ assignees: 2 });
    given(draft(), policy).when(assign(rita, ravi), edgar).events();
    const error = given(inReview([rita, ravi]), policy).when(assign(rosa), edgar).thenRefused('CLAIM_LIMIT_REACHED', /at most 2 assigned reviewers/);
    expect(error.details).toEqual({ limit: 'assignees', max: 2 });
  });

  it('no act may take the stream past its maximum of events (the state knows its revision)', () => {
    // draft() is 4 events; assigning the first reviewers adds two (assigned, review started).
    given(draft(), limited({ events: 5 })).when(cite('k4'), alice).events();
    const error = given(draft(), limited({ events: 5 })).when(assign(rita), edgar).thenRefused('CLAIM_LIMIT_REACHED', /at most 5 recorded acts/);
    expect(error.details).toEqual({ limit: 'events', max: 5 });
    given(draft(), limited({ events: 4 })).when(cite('k4'), alice).thenRefused('CLAIM_LIMIT_REACHED');
  });

  it('a published fact-check takes at most its maximum of corrections (each is a public note its page and ClaimReview carry)', () => {
    // Found by an outsider: ~790 corrections made one claim's document and ClaimReview several megabytes.
    const policy = limited({ corrections: 2 });
    const twice = [...published(), factCheckCorrected('FALSE', 'MOSTLY_FALSE', 'No one died during the raids.', 'Two'), factCheckCorrected('MOSTLY_FALSE', 'FALSE', 'Two', 'Three')];
    given([...published(), factCheckCorrected('FALSE', 'MOSTLY_FALSE', 'No one died during the raids.', 'Two')], policy).when(correct({ newSummary: 'Three' }), edgar).events();
    const error = given(twice, policy).when(correct({ newSummary: 'Four' }), edgar).thenRefused('CLAIM_LIMIT_REACHED', /at most 2 corrections/);
    expect(error.details).toEqual({ limit: 'corrections', max: 2 });
  });

  it('for any limits, a claim never holds more citations, assignees or events than allowed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 2, max: 20 }), fc.array(fc.constantFrom('cite', 'assign'), { maxLength: 30 }), (citations, events, acts) => {
        const policy = limited({ citations, events, assignees: 3 });
        let history: ClaimEvent[] = [submitted];
        const reviewers = [rita, ravi, rosa, { id: 'rex', name: 'Rex', roles: ['reviewer' as const] }];
        let r = 0;
        acts.forEach((act, i) => {
          const command: ClaimCommand = act === 'cite' ? cite(`n${i}`) : assign(reviewers[r++ % reviewers.length]);
          try {
            history = [...history, ...decide(command, foldOf(history), { actor: act === 'cite' ? alice : edgar, now: NOW, policy })];
          } catch (error) {
            if (!(error instanceof DeskError)) throw error;
          }
        });
        const state = foldOf(history);
        expect(history.length).toBeLessThanOrEqual(events);
        if (!state.exists) throw new Error('the claim exists');
        expect(state.citations.length).toBeLessThanOrEqual(citations);
        expect(state.assignees.length).toBeLessThanOrEqual(3);
      }),
    );
  });
});


describe('no existence oracle: who may not act gets the same answer whether the claim exists or not', () => {
  const everyCommand: [string, ClaimCommand][] = [
    ['revise details', reviseDetails({ statement: 'x' })],
    ['assign', assign(rita)],
    ['unassign', unassign(rita)],
    ['cite', cite('k9')],
    ['revise a citation', reviseCitation('k1', { title: 'x' })],
    ['retract a citation', retractCitation('k1')],
    ['record a verdict', record('FALSE')],
    ['revise a verdict', reviseVerdict('v-rita', { rating: 'TRUE' })],
    ['withdraw a verdict', withdraw('v-rita')],
    ['reject', reject],
    ['reopen', reopen],
    ['publish', publish('FALSE')],
    ['correct', correct({ newRating: 'TRUE' })],
    ['retract the fact-check', retractFactCheck],
  ];
  const histories: [string, ClaimEvent[]][] = [
    ['no claim', []],
    ['a draft', draft()],
    ['in review', inReview()],
    ['rejected', rejected()],
    ['published', published()],
  ];

  it.each(everyCommand)('a token with no role: %s answers FORBIDDEN, with the same message, for an unknown, draft, in-review, rejected or published claim', (_act, command) => {
    const answers = histories.map(([, history]) => given(history).when(command, nobody).thenRefused('FORBIDDEN'));
    expect(new Set(answers.map((e) => e.message)).size).toBe(1);
    expect(new Set(answers.map((e) => JSON.stringify(e.details))).size).toBe(1);
  });

  it('a token without the role an act needs gets FORBIDDEN for an unknown claim exactly as for an existing one', () => {
    const cases: [ClaimCommand, typeof carl][] = [
      [reject, carl],
      [reopen, rita],
      [publish('FALSE'), alice],
      [assign(ravi), rita],
      [record('FALSE'), edgar],
      [withdraw('v-rita'), alice],
    ];
    for (const [command, actor] of cases) {
      const answers = histories.map(([, history]) => given(history).when(command, actor).thenRefused('FORBIDDEN'));
      expect(new Set(answers.map((e) => e.message)).size).toBe(1);
    }
  });

  it('the desk\'s people keep their helpful codes where they may act', () => {
    given([]).when(cite('k9'), alice).thenRefused('CLAIM_NOT_FOUND');
    given([]).when(reject, edgar).thenRefused('CLAIM_NOT_FOUND');
    given([]).when(reject, ada).thenRefused('CLAIM_NOT_FOUND');
    given(rejected()).when(reject, edgar).thenRefused('INVALID_TRANSITION');
    given(draft()).when(record('FALSE'), rita).thenRefused('INVALID_TRANSITION');
  });

  it('submitting needs a role too, and a claim that exists is CLAIM_EXISTS only to those who may submit', () => {
    given([]).when(submit(), nobody).thenRefused('FORBIDDEN');
    given([submitted]).when(submit(), nobody).thenRefused('FORBIDDEN');
    given([submitted]).when(submit(), carl).thenRefused('CLAIM_EXISTS');
    expect(details.statement).toBeTruthy();
  });
});
