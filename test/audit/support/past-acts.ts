import { randomUUID } from 'node:crypto';
import type { Actor } from '../../../src/shared/actor';
import type { NewEvent } from '../../../src/event-store/event-store.port';
import { decideAndStamp } from '../../../src/claims/application/claim-stream';
import { ClaimEvent, ClaimState, initialClaimState } from '../../../src/claims/domain/claim';
import type { ClaimCommand, DeskPolicy } from '../../../src/claims/domain/commands';

export const alice: Actor = { id: 'alice', name: 'Alice Contributor', roles: ['contributor'] };
export const rita: Actor = { id: 'rita', name: 'Rita Reviewer', roles: ['reviewer'] };
export const rafael: Actor = { id: 'rafael', name: 'Rafael Reviewer', roles: ['reviewer'] };
export const edgar: Actor = { id: 'edgar', name: 'Edgar Editor', roles: ['editor'] };

/** One act of an archive: who did what, and when it happened. */
export interface PastAct {
  at: string;
  actor: Actor;
  command: ClaimCommand;
}

/**
 * A fact-check worked through in December 2024 and corrected in January 2025, as a newsroom's
 * archive holds it: every act with its own time. The times are non-decreasing, as in a case file.
 */
export function december2024(claimId: string): PastAct[] {
  const cite = (n: number, at: string): PastAct => ({
    at,
    actor: alice,
    command: {
      type: 'AddCitation',
      claimId,
      citationId: `s${n}`,
      url: `https://example.org/archive/${n}`,
      title: `Archived source ${n}`,
      publisher: 'Archive Wire',
      publishedAt: '2024-12-01',
      excerpt: `Excerpt ${n} from the archive.`,
      stance: 'REFUTES',
      note: null,
      archivedUrl: null,
    },
  });
  const verdict = (reviewer: Actor, at: string): PastAct => ({
    at,
    actor: reviewer,
    command: { type: 'RecordVerdict', claimId, verdictId: `v-${reviewer.id}`, rating: 'FALSE', rationale: 'Both sources refute it.', citationIds: ['s1', 's2'] },
  });
  return [
    {
      at: '2024-12-03T09:15:00.000Z',
      actor: alice,
      command: {
        type: 'SubmitClaim',
        claimId,
        statement: 'The airport was closed for the whole of 2 December 2024.',
        claimant: { name: 'Regional Channel', kind: 'ORGANIZATION' },
        claimDate: '2024-12-02',
        appearances: [{ url: 'https://example.org/channel/airport', outlet: 'Regional Channel', appearedAt: '2024-12-02', firstAppearance: true }],
        language: 'en',
        topics: ['aviation'],
      },
    },
    { at: '2024-12-03T10:00:00.000Z', actor: edgar, command: { type: 'AssignReviewers', claimId, reviewers: [rita, rafael].map(({ id, name }) => ({ id, name })) } },
    cite(1, '2024-12-04T08:00:00.000Z'),
    cite(2, '2024-12-05T08:00:00.000Z'),
    verdict(rita, '2024-12-10T14:00:00.000Z'),
    verdict(rafael, '2024-12-11T15:30:00.000Z'),
    { at: '2024-12-20T12:00:00.000Z', actor: edgar, command: { type: 'PublishFactCheck', claimId, rating: 'FALSE', summary: 'Flights left and landed all day.' } },
    { at: '2025-01-10T07:45:00.000Z', actor: edgar, command: { type: 'CorrectFactCheck', claimId, note: 'The summary now names the second terminal.', newSummary: 'Flights left and landed all day at both terminals.' } },
  ];
}

/**
 * The acts decided by the pure domain with `now` = each act's own time and stamped as the service
 * stamps them (`decideAndStamp`, hash-chained): the events an import writes for them.
 */
export function decidePast(acts: PastAct[], policy: DeskPolicy): { stored: NewEvent[]; events: ClaimEvent[]; state: ClaimState } {
  let state = initialClaimState();
  let previousHash: string | null = null;
  const stored: NewEvent[] = [];
  const events: ClaimEvent[] = [];
  acts.forEach((act, n) => {
    const decided = decideAndStamp(act.command, state, { actor: act.actor, now: new Date(act.at), policy }, {
      envelope: { commandId: `past-${act.command.claimId}-${n}`, correlationId: `past-${act.command.claimId}` },
      eventId: () => randomUUID(),
      previousHash,
    });
    stored.push(...decided.stored);
    events.push(...decided.events);
    state = decided.state;
    previousHash = decided.lastHash;
  });
  return { stored, events, state };
}
