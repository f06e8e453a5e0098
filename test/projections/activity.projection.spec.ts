import type { Actor } from '../../src/shared/actor';
import { activityProjection } from '../../src/audit/activity/activity.projection';
import type { ClaimCommand } from '../../src/claims/domain/commands';
import { NOW } from '../support/decider-spec';
import { ClaimLog, givenEvents } from '../support/projection-spec';

const alice: Actor = { id: 'alice', name: 'Alice Aliyeva', roles: ['contributor'] };
const edgar: Actor = { id: 'edgar', name: 'Edgar Editor', roles: ['editor'] };
const later = new Date(NOW.getTime() + 60_000);

const submit = { type: 'SubmitClaim', claimId: 'c1', statement: 'Two men died.', claimant: { name: 'AzerNews', kind: 'ORGANIZATION' }, claimDate: '2025-06-28', appearances: [], language: 'en', topics: [] } satisfies ClaimCommand;

describe('activity projection', () => {
  it('one row per claim event, in log order: who, which claim, which revision, when it was recorded, and a summary', () => {
    const log = new ClaimLog().run(alice, submit).run(edgar, { type: 'RejectClaim', claimId: 'c1', reason: 'Opinion' }, later);
    const [first, second] = log.events;
    givenEvents(activityProjection, log.events).thenRows('activity', [
      { position: first.position, actor_id: 'alice', actor_name: 'Alice Aliyeva', claim_id: 'c1', revision: 0, event_type: 'ClaimSubmitted', at: NOW.toISOString(), summary: 'Alice Aliyeva submitted the claim "Two men died." by AzerNews' },
      { position: second.position, actor_id: 'edgar', actor_name: 'Edgar Editor', claim_id: 'c1', revision: 1, event_type: 'ClaimRejected', at: later.toISOString(), summary: expect.stringContaining('Edgar Editor') as unknown as string },
    ]);
  });

  it('an event stored without actor metadata is credited to the actor its data names', () => {
    const log = new ClaimLog().record({
      stream: 'claim-c9', type: 'ClaimRejected', revision: 3, recordedAt: NOW, metadata: {},
      data: { by: { id: 'old-editor', name: 'Old Editor' }, at: NOW.toISOString(), claimId: 'c9', reason: 'Opinion' },
    });
    const [row] = givenEvents(activityProjection, log.events).tables().activity;
    expect(row).toMatchObject({ actor_id: 'old-editor', actor_name: 'Old Editor', claim_id: 'c9', revision: 3 });
  });

  it('events outside claim streams are not activity', () => {
    const log = new ClaimLog().record({ stream: 'case-file-1', type: 'CaseImported', revision: 0, data: {}, metadata: {}, recordedAt: NOW });
    expect(givenEvents(activityProjection, log.events).tables()).toEqual({});
  });
});
